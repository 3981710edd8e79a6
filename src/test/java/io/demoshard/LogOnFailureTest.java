package io.demoshard;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogOnFailureTest {
  @Test
  void logsGoToTheFileAndAFailureEchoesWhatWasLoggedSinceItsStart() throws Exception {
    long from = Files.exists(LogOnFailure.LOG) ? Files.size(LogOnFailure.LOG) : 0;
    LoggerFactory.getLogger("io.demoshard.SomeStage").error("injected fault for the test",
        new IllegalStateException("boom"));
    List<String> lines = LogOnFailure.since(from);
    assertTrue(lines.stream().anyMatch(l -> l.contains("ERROR SomeStage: injected fault for the test")), lines.toString());
    assertTrue(lines.stream().anyMatch(l -> l.contains("IllegalStateException: boom")), "stack trace in the file");

    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      LogOnFailure.echo("someTest()", from);
    } finally {
      System.setErr(err);
    }
    String shown = buf.toString(StandardCharsets.UTF_8);
    assertTrue(shown.startsWith("---- log while someTest() failed"), shown);
    assertTrue(shown.contains("IllegalStateException: boom"), shown);
    assertEquals("", LogOnFailure.since(Files.size(LogOnFailure.LOG)).stream().reduce("", String::concat),
        "nothing after the end");
  }
}
