package io.demoshard.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.demoshard.cli.Main;
import io.demoshard.config.DemoshardConfig;
import io.demoshard.sim.Simulator;
import org.apache.hadoop.conf.Configuration;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The tiny simulated day the cluster-path tests (HdfsOpsTest, StandaloneClusterTest) run nightly on,
 * and its reference: 3 users at 320x200 with few timer screenshots, so a night takes seconds and
 * copies into HDFS quickly. The day, the key and the local run of nightly on it are made once per
 * test JVM, in a folder of their own deleted when the JVM exits; every test reads them and none
 * writes into them (they write their own outputs elsewhere).
 */
final class TinyDay {
  static final LocalDate DAY = LocalDate.parse("2026-11-20");
  static final String SECRET = "0123456789abcdef-hdfs-test-key";

  private static Path dir;
  private static Path raw;
  private static Path key;
  private static Path localOut;

  private TinyDay() {}

  private static synchronized Path dir() throws IOException {
    if (dir == null) {
      Path d = Files.createTempDirectory("demoshard-tinyday");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(d)));
      dir = d;
    }
    return dir;
  }

  /** The simulated raw root (a local folder). */
  static synchronized Path raw() throws IOException {
    if (raw == null) {
      Path r = dir().resolve("raw");
      new Simulator(new DemoshardConfig.SimulateConfig(3, 11, 320, 200, 60_000), new Configuration())
          .run(r.toUri().toString(), DAY, false);
      raw = r;
    }
    return raw;
  }

  /** A file holding the pseudonym key. */
  static synchronized Path key() throws IOException {
    if (key == null) {
      key = Files.writeString(dir().resolve("key"), SECRET);
    }
    return key;
  }

  /** Options every nightly of the day takes besides --raw/--out. */
  static String[] nightlyOptions() throws IOException {
    return new String[] {"--date", DAY.toString(), "-D", "privacy.key-file=" + key(), "-D", "privacy.k-anonymity=1",
        // 320x200 test frames: see NightlyEndToEndTest.config on the pixel gate's refusal at that size
        "-D", "redact.gate-max-share=1.0"};
  }

  /**
   * OUT of nightly run on the day in this JVM's embedded local Spark: what a run elsewhere
   * (hdfs://, a standalone cluster) must publish byte for byte. Run once (about a minute).
   */
  static synchronized Path localOut() throws IOException {
    if (localOut == null) {
      Path out = dir().resolve("out-local");
      StringBuilder err = new StringBuilder();
      long t0 = System.nanoTime();
      int code = cli(err, concat(new String[] {"nightly", "--raw", raw().toString(), "--out", out.toString()},
          nightlyOptions()));
      if (code != 0) {
        throw new IllegalStateException("the local nightly of the tiny day failed (" + code + "): " + err);
      }
      System.out.printf("nightly of the tiny day locally in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      localOut = out;
    }
    return localOut;
  }

  private static void deleteRecursively(Path p) {
    try (Stream<Path> all = Files.walk(p)) {
      for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      // a temp folder left behind is harmless
    }
  }

  /** Runs the command line in this JVM; its stderr is appended to {@code err}. */
  static int cli(StringBuilder err, String... args) {
    PrintStream old = System.err;
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    System.setErr(new PrintStream(b, true, StandardCharsets.UTF_8));
    try {
      return Main.execute(args);
    } finally {
      System.setErr(old);
      err.append(b.toString(StandardCharsets.UTF_8));
    }
  }

  /** The manifest's shards as "path rows sha256" lines. */
  static List<String> shards(JsonNode manifest) {
    List<String> out = new ArrayList<>();
    manifest.get("shards").forEach(s -> out.add(s.get("path").asText() + " " + s.get("rows").asLong() + " "
        + s.get("sha256").asText()));
    return out;
  }

  static String[] concat(String[] a, String[] b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
