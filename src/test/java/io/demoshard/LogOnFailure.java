package io.demoshard;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Test logs go to {@link #LOG} (log4j2-test.properties), so the build output stays free of the
 * stack traces of deliberately injected faults. When a test fails (or a class's setup does), this
 * prints what was logged meanwhile to stderr, where the build shows it next to the failure.
 * Registered for every class through junit-platform.properties.
 */
public final class LogOnFailure implements BeforeAllCallback, BeforeEachCallback, TestWatcher,
    LifecycleMethodExecutionExceptionHandler {
  static final Path LOG = Path.of("target", "test-logs", "tests.log");
  /** At most this many lines are echoed; the file has the rest. */
  static final int MAX_LINES = 400;
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LogOnFailure.class);

  @Override
  public void beforeAll(ExtensionContext ctx) {
    ctx.getStore(NS).put("class", size());
  }

  @Override
  public void beforeEach(ExtensionContext ctx) {
    ctx.getStore(NS).put("test", size());
  }

  @Override
  public void testFailed(ExtensionContext ctx, Throwable cause) {
    Long from = ctx.getStore(NS).get("test", Long.class);
    echo(ctx.getDisplayName() + " in " + ctx.getRequiredTestClass().getSimpleName(), from == null ? 0 : from);
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext ctx, Throwable t) throws Throwable {
    Long from = ctx.getStore(NS).get("class", Long.class);
    echo("@BeforeAll of " + ctx.getDisplayName(), from == null ? 0 : from);
    throw t;
  }

  private static long size() {
    try {
      return Files.exists(LOG) ? Files.size(LOG) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** Prints the log from byte {@code from} on (its last {@link #MAX_LINES} lines). */
  static void echo(String what, long from) {
    List<String> lines = since(from);
    if (lines.isEmpty()) {
      return;
    }
    int skip = Math.max(0, lines.size() - MAX_LINES);
    StringBuilder b = new StringBuilder("---- log while " + what + " failed (" + LOG.toAbsolutePath()
        + (skip > 0 ? "; first " + skip + " lines left out" : "") + ") ----\n");
    lines.subList(skip, lines.size()).forEach(l -> b.append(l).append('\n'));
    System.err.print(b.append("---- end of log ----\n"));
  }

  static List<String> since(long from) {
    if (!Files.exists(LOG)) {
      return List.of();
    }
    try (RandomAccessFile f = new RandomAccessFile(LOG.toFile(), "r")) {
      long start = Math.min(from, f.length());
      byte[] bytes = new byte[(int) Math.min(Integer.MAX_VALUE, f.length() - start)];
      f.seek(start);
      f.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      return List.of("(cannot read " + LOG + ": " + e.getMessage() + ")");
    }
  }
}
