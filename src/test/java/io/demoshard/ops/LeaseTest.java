package io.demoshard.ops;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeaseTest {
  @TempDir
  java.nio.file.Path tmp;

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopChildren() {
    started.forEach(Process::destroyForcibly);
  }

  private FileSystem fs() throws IOException {
    return FileSystem.getLocal(new Configuration());
  }

  @Test
  void secondWriterFailsNamingTheHolderAndCloseReleases() throws Exception {
    Path out = new Path(tmp.resolve("out").toUri());
    try (Lease a = Lease.acquire(fs(), out, "nightly", Duration.ofMinutes(30), false)) {
      Lease.HeldException e = assertThrows(Lease.HeldException.class,
          () -> Lease.acquire(fs(), out, "erase", Duration.ofMinutes(30), false));
      assertTrue(e.getMessage().contains("nightly run " + a.runId()), e.getMessage());
      assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
      // a live lease is never broken, even with --break-lock
      assertThrows(Lease.HeldException.class, () -> Lease.acquire(fs(), out, "erase", Duration.ofMinutes(30), true));
      String json = Files.readString(tmp.resolve("out/_lock"));
      for (String field : List.of("run_id", "host", "pid", "command", "started", "heartbeat")) {
        assertTrue(json.contains("\"" + field + "\""), json);
      }
    }
    assertFalse(Files.exists(tmp.resolve("out/_lock")), "close releases the lease");
    assertFalse(Files.exists(tmp.resolve("out/._lock.crc")), "no checksum side file");
    Lease.acquire(fs(), out, "erase", Duration.ofMinutes(30), false).close();
  }

  @Test
  void heartbeatKeepsTheLeaseFreshAndAStaleOneNeedsBreakLock() throws Exception {
    Path out = new Path(tmp.resolve("out").toUri());
    Duration stale = Duration.ofMillis(600);
    try (Lease a = Lease.acquire(fs(), out, "nightly", stale, false)) {
      Instant first = Lease.holder(fs(), out).heartbeat();
      Thread.sleep(1500);
      Lease.Holder h = Lease.holder(fs(), out);
      assertTrue(h.heartbeat().isAfter(first), "heartbeat written");
      // alive: not stale although older than the first heartbeat by more than stale-after
      assertThrows(Lease.HeldException.class, () -> Lease.acquire(fs(), out, "erase", stale, true));
      assertFalse(a.lost());
    }
    // a dead holder: a lease file left with an old heartbeat (the JVM was killed)
    String dead = "{\"run_id\":\"nightly-dead\",\"host\":\"h1\",\"pid\":42,\"command\":\"nightly\","
        + "\"started\":\"2026-01-01T00:00:00Z\",\"heartbeat\":\"2026-01-01T00:00:00Z\"}\n";
    Files.writeString(tmp.resolve("out/_lock"), dead);
    Files.setLastModifiedTime(tmp.resolve("out/_lock"),
        java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(3600)));
    Lease.HeldException e = assertThrows(Lease.HeldException.class,
        () -> Lease.acquire(fs(), out, "erase", Duration.ofMinutes(30), false));
    assertTrue(e.getMessage().contains("stale") && e.getMessage().contains("--break-lock")
        && e.getMessage().contains("pid 42"), e.getMessage());
    try (Lease b = Lease.acquire(fs(), out, "erase", Duration.ofMinutes(30), true)) {
      assertEquals(b.runId(), Lease.holder(fs(), out).runId());
    }
  }

  @Test
  void aLeaseTakenOverIsNoticedBeforeTheCommit() throws Exception {
    Path out = new Path(tmp.resolve("out").toUri());
    Lease a = Lease.acquire(fs(), out, "nightly", Duration.ofMillis(300), false);
    try {
      Files.delete(tmp.resolve("out/_lock"));  // broken by an operator with --break-lock, say
      Lease b = Lease.acquire(fs(), out, "erase", Duration.ofMinutes(30), false);
      Thread.sleep(400);
      assertTrue(a.lost());
      assertThrows(IllegalStateException.class, a::ensureHeld);
      b.close();
      // closing a lost lease never deletes the other writer's file
      Lease c = Lease.acquire(fs(), out, "rollback", Duration.ofMinutes(30), false);
      a.close();
      assertEquals(c.runId(), Lease.holder(fs(), out).runId());
      c.close();
    } finally {
      a.close();
    }
    assertNull(Lease.holder(fs(), out));
  }

  private Process holder(java.nio.file.Path out, String command, long holdMs, boolean breakLock) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
        "-cp", System.getProperty("java.class.path"), LeaseHolderMain.class.getName(), out.toString(), command,
        Long.toString(holdMs)));
    if (breakLock) {
      cmd.add("break");
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    started.add(p);
    return p;
  }

  private static String firstLine(Process p) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = r.readLine()) != null; ) {
      if (line.startsWith("ACQUIRED") || line.startsWith("HELD")) {
        return line;
      }
    }
    return null;
  }

  @Test
  void twoJvmsOneWriter() throws Exception {
    java.nio.file.Path out = tmp.resolve("out2");
    Process a = holder(out, "nightly", 60_000, false);
    String aLine = firstLine(a);
    assertNotNull(aLine);
    assertTrue(aLine.startsWith("ACQUIRED"), aLine);
    String aPid = aLine.substring(aLine.indexOf("pid ") + 4).strip();

    // another JVM (an erase) fails at once, naming the holder
    long t0 = System.nanoTime();
    Process b = holder(out, "erase", 0, false);
    String bLine = firstLine(b);
    assertTrue(b.waitFor(30, TimeUnit.SECONDS));
    assertEquals(3, b.exitValue());
    assertTrue(bLine.startsWith("HELD") && bLine.contains("nightly") && bLine.contains("pid " + aPid), bLine);
    System.out.printf("second writer refused after %d ms (JVM start included)%n", (System.nanoTime() - t0) / 1_000_000);

    // kill -9 the holder: the lease stays; once stale (2 s in LeaseHolderMain) --break-lock takes it
    a.destroyForcibly().waitFor();
    assertTrue(Files.exists(out.resolve("_lock")));
    Thread.sleep(2500);
    Process c = holder(out, "erase", 0, false);
    String cLine = firstLine(c);
    assertTrue(cLine.startsWith("HELD") && cLine.contains("--break-lock"), cLine);
    Process d = holder(out, "erase", 0, true);
    assertTrue(firstLine(d).startsWith("ACQUIRED"));
    assertTrue(d.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, d.exitValue());
    assertFalse(Files.exists(out.resolve("_lock")));
  }

  @Test
  void jvmsRacingForTheLeaseGetExactlyOneWinner() throws Exception {
    java.nio.file.Path out = tmp.resolve("race");
    Files.createDirectories(out);
    List<Process> ps = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ps.add(holder(out, "nightly", 60_000, false));  // held past the slowest start
    }
    int acquired = 0;
    int held = 0;
    for (Process p : ps) {
      String line = firstLine(p);
      assertNotNull(line);
      if (line.startsWith("ACQUIRED")) {
        acquired++;
      } else {
        held++;
      }
    }
    assertEquals(1, acquired, "exactly one JVM holds the lease");
    assertEquals(3, held);
  }
}
