package io.demoshard.cli;

import io.demoshard.SparkTestBase;
import io.demoshard.ops.Lease;
import io.demoshard.pipeline.ErasureLedger;
import io.demoshard.privacy.PseudonymKey;
import io.demoshard.spark.HadoopConf;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test per row of issue 11's table, through the command line. */
class OperatorTableTest extends SparkTestBase {
  static final String SECRET = "0123456789abcdef-operator-table";
  static final String D = "2026-11-20";

  @TempDir
  static Path tmp;
  static Path keyFile;
  static Path goodOut;

  record Captured(int code, String out, String err, long millis) {
    /** A refusal is one line on stderr, without a stack trace or the usage. */
    void isOneLine() {
      assertEquals(1, err.strip().lines().count(), err);
      assertFalse(err.contains("\tat ") || err.contains("Usage:") || err.contains("Exception"), err);
    }
  }

  static Captured run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    long t0 = System.nanoTime();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = Main.execute(args);
      return new Captured(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8),
          (System.nanoTime() - t0) / 1_000_000);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @BeforeAll
  static void setUp() throws Exception {
    keyFile = tmp.resolve("key.txt");
    Files.writeString(keyFile, SECRET + "\n");
    // an OUT that already holds a good night (what matters here: its files must not change)
    goodOut = tmp.resolve("out");
    Files.createDirectories(goodOut.resolve(D + "/train"));
    Files.writeString(goodOut.resolve(D + "/manifest.json"), "{\"run_id\":\"good\"}");
    Files.writeString(goodOut.resolve(D + "/_SUCCESS"), "abc\n");
    Files.createDirectories(goodOut.resolve("_state/dedup/date=" + D));
    Files.writeString(goodOut.resolve("_state/dedup/date=" + D + "/_SUCCESS"), "");
  }

  static String[] nightly(String raw, String out, String... more) {
    String[] base = {"nightly", "--raw", raw, "--out", out, "--date", D, "-D", "privacy.key-file=" + keyFile};
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  static String listing(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return String.join("\n", s.map(p -> dir.relativize(p) + ":" + p.toFile().length()).sorted().toList());
    }
  }

  @Test
  void nightlyWithARawTypoRefusesAtOnceAndLeavesTheGoodVersion() throws Exception {
    String before = listing(goodOut);
    Captured c = run(nightly(tmp.resolve("rwa-typo").toString(), goodOut.toString()));
    assertEquals(Main.REFUSED, c.code, c.err);
    assertTrue(c.err.contains("--raw") && c.err.contains("does not exist"), c.err);
    c.isOneLine();
    assertTrue(c.millis < 5000, "refused after " + c.millis + " ms");
    System.out.println("nightly --raw typo refused after " + c.millis + " ms");
    assertEquals(before, listing(goodOut), "OUT unchanged (version, dedup state), no lock left");
  }

  @Test
  void anEmptyRawFolderOrADayWithoutUploadsIsRefusedUnlessAllowEmpty() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("raw-empty"));
    Captured c = run(nightly(empty.toString(), goodOut.toString()));
    assertEquals(Main.REFUSED, c.code, c.err);
    assertTrue(c.err.contains("no uploads for " + D) && c.err.contains("--allow-empty"), c.err);
    c.isOneLine();
    // uploads only on another day: same refusal; one on the look-behind day is enough
    Path other = tmp.resolve("raw-other");
    Files.createDirectories(other.resolve("events/dt=2026-11-25/dev1"));
    Files.writeString(other.resolve("events/dt=2026-11-25/dev1/a.jsonl"), "{}\n");
    assertEquals(Main.REFUSED, run(nightly(other.toString(), goodOut.toString())).code);
    io.demoshard.ops.Preflight pf = new io.demoshard.ops.Preflight(new Configuration());
    io.demoshard.config.DemoshardConfig.IngestConfig ingest = io.demoshard.config.DemoshardConfig.defaults().ingest();
    Files.createDirectories(other.resolve("events/dt=2026-11-19/dev1/s1"));
    Files.writeString(other.resolve("events/dt=2026-11-19/dev1/s1/b.jsonl.gz"), "");
    assertEquals(1, pf.uploads(other.toString(), java.time.LocalDate.parse(D), ingest, false));
    assertEquals(0, pf.uploads(empty.toString(), java.time.LocalDate.parse(D), ingest, true), "--allow-empty passes");
  }

  @Test
  void outPointingAtAFileIsRefusedBeforeAnyWork() throws Exception {
    Path raw = tmp.resolve("raw-one");
    Files.createDirectories(raw.resolve("events/dt=" + D));
    Files.writeString(raw.resolve("events/dt=" + D + "/a.jsonl"), "{}\n");
    Path file = Files.writeString(tmp.resolve("out-file"), "not a folder");
    Captured c = run(nightly(raw.toString(), file.toString()));
    assertEquals(Main.REFUSED, c.code, c.err);
    assertTrue(c.err.contains("--out") && c.err.contains("is a file"), c.err);
    assertTrue(c.millis < 5000, c.millis + " ms");
    c.isOneLine();
  }

  @Test
  void demoRefusesANonEmptyDir() throws Exception {
    Path dir = tmp.resolve("demo-old");
    Files.createDirectories(dir.resolve("raw/events"));
    Files.writeString(dir.resolve("raw/events/old.jsonl"), "{}\n");
    Captured c = run("demo", "--dir", dir.toString());
    assertEquals(Main.REFUSED, c.code, c.err);
    assertTrue(c.err.contains("--dir") && c.err.contains("is not empty"), c.err);
    c.isOneLine();
    assertEquals(java.util.List.of(dir.resolve("raw")), Files.list(dir).toList(), "nothing was added");
  }

  @Test
  void simulateRefusesANonEmptyOutUnlessOverwriteAndValidatesNumbers() throws Exception {
    Path raw = tmp.resolve("raw-sim");
    Files.createDirectories(raw.resolve("_truth"));
    Files.writeString(raw.resolve("_truth/old-users.jsonl"), "{}\n");
    Captured c = run("simulate", "--out", raw.toString(), "--date", D, "--users", "1");
    assertEquals(Main.REFUSED, c.code, c.err);
    assertTrue(c.err.contains("is not empty") && c.err.contains("--overwrite"), c.err);
    c.isOneLine();
    assertTrue(Files.exists(raw.resolve("_truth/old-users.jsonl")));

    Captured ok = run("simulate", "--out", raw.toString(), "--date", D, "--users", "1", "--width", "640",
        "--height", "400", "--overwrite");
    assertEquals(0, ok.code, ok.err);
    assertFalse(Files.exists(raw.resolve("_truth/old-users.jsonl")), "--overwrite cleared the old truth");
    assertTrue(Files.exists(raw.resolve("_truth")));

    for (String[] bad : new String[][] {{"--users", "-3"}, {"--users", "0"}, {"--width", "10"}, {"--height", "99999"}}) {
      Captured b = run("simulate", "--out", tmp.resolve("raw-never").toString(), "--date", D, bad[0], bad[1]);
      assertEquals(Main.REFUSED, b.code, b.err);
      assertTrue(b.err.contains(bad[0]), b.err);
      b.isOneLine();
    }
    assertFalse(Files.exists(tmp.resolve("raw-never")));
  }

  @Test
  void eraseNeverPutsAMalformedRowWithoutAKnownUserInTheLedger() throws Exception {
    spark();  // the command reuses the test session
    Path raw = tmp.resolve("raw-erase");
    Files.createDirectories(raw.resolve("consent"));
    Files.writeString(raw.resolve("consent/registry.csv"),
        "user_id,status,region,updated_at\nu000001,granted,US,2026-01-01T00:00:00Z\n");
    Files.createDirectories(raw.resolve("erasure"));
    Files.writeString(raw.resolve("erasure/requests.csv"), "user_id,requested_at\n"
        + "not-a-valid-row\n"                      // junk: malformed, no known user
        + "u000001,2026-11-01,extra\n"             // malformed, but a known employee: applied (fail closed)
        + "u000002,2026-11-02T00:00:00Z\n");       // well-formed: applied
    Path out = Files.createDirectories(tmp.resolve("out-erase"));
    Captured c = run("erase", "--raw", raw.toString(), "--out", out.toString(), "-D", "privacy.key-file=" + keyFile);
    assertEquals(2, c.code, c.out + c.err);
    assertTrue(c.err.contains("2 malformed erasure row"), c.err);
    PseudonymKey key = PseudonymKey.of(SECRET.getBytes(StandardCharsets.UTF_8));
    Set<String> ledger = ErasureLedger.load(new HadoopConf(new Configuration()), out.toString());
    assertEquals(Set.of(key.userKey("u000001"), key.userKey("u000002")), ledger);
    assertFalse(ledger.contains(key.userKey("not-a-valid-row")));
  }

  @Test
  void evaluateWithoutAVersionOrTruthIsOneLine() throws Exception {
    Path raw = Files.createDirectories(tmp.resolve("raw-eval"));
    Captured noTruth = run("evaluate", "--raw", raw.toString(), "--out", goodOut.toString(), "--date", D);
    assertEquals(Main.REFUSED, noTruth.code, noTruth.err);
    assertTrue(noTruth.err.contains("_truth"), noTruth.err);
    noTruth.isOneLine();
    Files.createDirectories(raw.resolve("_truth"));
    Captured noVersion = run("evaluate", "--raw", raw.toString(), "--out", goodOut.toString(), "--date", "2026-11-21");
    assertEquals(Main.REFUSED, noVersion.code, noVersion.err);
    assertTrue(noVersion.err.contains("no published version for 2026-11-21"), noVersion.err);
    noVersion.isOneLine();
    Captured audit = run("privacy-audit", "--out", goodOut.toString(), "--date", "2026-11-21");
    assertEquals(Main.REFUSED, audit.code, audit.err);
    audit.isOneLine();
  }

  @Test
  void sparksPathNotFoundBecomesOneLineNamingThePath() {
    Path missing = tmp.resolve("no-such-version");
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> spark().read().parquet(missing.toString()));
    String line = Main.describe(new IllegalStateException(null, e));
    assertTrue(line.startsWith("a path does not exist: ") && line.contains("no-such-version"), line);
    assertFalse(line.contains("SQLSTATE") || line.contains("[PATH_NOT_FOUND]"), line);
  }

  @Test
  void aDateInAnotherFormatSaysYyyyMmDd() {
    for (String cmd : new String[] {"nightly", "evaluate", "simulate", "rollback"}) {
      Captured c = run(cmd, "--raw", "r", "--out", "o", "--date", "20-11-2026");
      assertEquals(Main.REFUSED, c.code, c.err);
      assertTrue(c.err.contains("YYYY-MM-DD") && c.err.contains("20-11-2026"), c.err);
      assertFalse(c.err.contains("DateTimeParseException"), c.err);
      c.isOneLine();
    }
  }

  @Test
  void aShortKeyIsCalledTooShort() throws Exception {
    Path shortKey = Files.writeString(tmp.resolve("short.key"), "abc\n");
    Captured c = run("nightly", "--raw", tmp.toString(), "--out", goodOut.toString(), "--date", D,
        "-D", "privacy.key-file=" + shortKey);
    assertEquals(Main.REFUSED, c.code, c.err);
    assertTrue(c.err.contains("too short: 3 bytes") && c.err.contains("16"), c.err);
    c.isOneLine();
    Captured missing = run("nightly", "--raw", tmp.toString(), "--out", goodOut.toString(), "--date", D,
        "-D", "privacy.key-env=DEMOSHARD_TEST_UNSET_KEY_VARIABLE");
    assertEquals(Main.REFUSED, missing.code, missing.err);
    assertTrue(missing.err.contains("no pseudonym key") && missing.err.contains("DEMOSHARD_TEST_UNSET_KEY_VARIABLE"),
        missing.err);
    Captured badConf = run("nightly", "--raw", tmp.toString(), "--out", goodOut.toString(), "--date", D,
        "-D", "publish.max-shrink=7");
    assertEquals(Main.REFUSED, badConf.code, badConf.err);
    assertTrue(badConf.err.contains("publish.max-shrink"), badConf.err);
    badConf.isOneLine();
  }

  @Test
  void aSecondWriterOnOneOutFailsAtOnceNamingTheHolder() throws Exception {
    Path raw = tmp.resolve("raw-lock");
    Files.createDirectories(raw.resolve("events/dt=" + D));
    Files.writeString(raw.resolve("events/dt=" + D + "/a.jsonl"), "{}\n");
    Files.createDirectories(raw.resolve("erasure"));
    Files.writeString(raw.resolve("erasure/r.csv"), "user_id,requested_at\nu1,2026-11-01\n");
    Path out = Files.createDirectories(tmp.resolve("out-lock"));
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(out.toUri());
    try (Lease held = Lease.acquire(FileSystem.getLocal(new Configuration()), root, "nightly", Duration.ofMinutes(30),
        false)) {
      Captured erase = run("erase", "--raw", raw.toString(), "--out", out.toString(), "-D",
          "privacy.key-file=" + keyFile);
      assertEquals(Main.LOCKED, erase.code, erase.err);
      assertTrue(erase.err.contains("another writer holds") && erase.err.contains(held.runId()), erase.err);
      erase.isOneLine();
      Captured nightly = run(nightly(raw.toString(), out.toString()));
      assertEquals(Main.LOCKED, nightly.code, nightly.err);
      Captured rollback = run("rollback", "--out", out.toString(), "--date", D);
      assertEquals(Main.LOCKED, rollback.code, rollback.err);
      assertTrue(erase.millis < 5000 && nightly.millis < 5000, erase.millis + " / " + nightly.millis + " ms");
    }
    assertFalse(ErasureLedger.load(new HadoopConf(new Configuration()), out.toString()).contains("u1"));
    assertTrue(ErasureLedger.load(new HadoopConf(new Configuration()), out.toString()).isEmpty(), "erase did nothing");
  }
}
