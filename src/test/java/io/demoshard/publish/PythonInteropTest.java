package io.demoshard.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.demoshard.SparkTestBase;
import io.demoshard.config.DemoshardConfig;
import io.demoshard.model.Counts;
import io.demoshard.model.Schemas;
import io.demoshard.spark.HadoopConf;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Readers outside the JVM: publishes a small version and reads it with Hugging Face {@code datasets}
 * (frames decode to PIL images without a cast, sizes and row counts as in the manifest), with
 * {@code pyarrow.parquet} and through a PyTorch {@code DataLoader} ({@code src/test/python/read_version.py}).
 *
 * <p>The Python packages come from this machine's local wheel index into a venv under
 * {@code target/pyvenv} (kept between runs). A missing wheel fails the test naming the package:
 * the readers are part of the contract, so this never skips.
 */
class PythonInteropTest extends SparkTestBase {
  static final List<String> PACKAGES = List.of("pyarrow", "datasets", "pillow", "torch");
  static final Path BASE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
  static final Path VENV = BASE.resolve("target/pyvenv");

  @TempDir
  Path tmp;

  @Test
  void datasetsPyarrowAndTorchReadAPublishedVersion() throws Exception {
    Path python = venv();

    Path raw = tmp.resolve("raw");
    List<Row> rows = PublishFixtures.episodes(raw, 8);
    DemoshardConfig cfg = PublishFixtures.config(8 * 1024);  // small target: several shards per split
    HadoopConf hadoop = new HadoopConf(new Configuration(spark().sparkContext().hadoopConfiguration()));
    PublishResult r = new Publisher(spark(), cfg, hadoop).publish(PublishFixtures.dataset(spark(), raw, rows),
        tmp.resolve("out").toString(), LocalDate.parse(PublishFixtures.DAY),
        new Counts().add("segment.episodes", rows.size()), Map.of());

    Run run = exec(List.of(python.toString(), BASE.resolve("src/test/python/read_version.py").toString(),
        r.versionPath()), 600);
    if (run.rc != 0) {
      fail("read_version.py failed (rc " + run.rc + "):\n" + tail(run.out, 60));
    }
    String[] lines = run.out.strip().split("\n");
    JsonNode got = Publisher.mapper().readTree(lines[lines.length - 1]);
    System.out.println("python readers: " + got);

    int framesAt = Schemas.EPISODE.fieldIndex("frames");
    int stepsAt = Schemas.EPISODE.fieldIndex("steps");
    int frameAt = Schemas.STEP.fieldIndex("frame");
    long frames = rows.stream().mapToLong(e -> ParquetShards.asList(e.get(framesAt)).size()).sum();
    long pairs = rows.stream().flatMap(e -> ParquetShards.asList(e.get(stepsAt)).stream())
        .filter(s -> !((Row) s).isNullAt(frameAt)).count();
    assertEquals(rows.size(), got.get("pyarrow_rows").asLong());
    assertEquals(frames, got.get("frames_decoded").asLong());
    assertEquals(pairs, got.get("torch_pairs").asLong());
    for (String s : Splits.ALL) {
      long want = r.rowsPerSplit().get(s);
      assertEquals(want, got.get("splits").path(s).asLong(0), s);
      assertEquals(want > 0, got.get("splits").has(s), s + " present in datasets iff non-empty");
    }
  }

  /** The venv with the readers installed: reused when its imports work, else (re)installed from the local index. */
  static Path venv() throws IOException, InterruptedException {
    Path python = VENV.resolve("bin/python");
    if (!Files.isExecutable(python)) {
      Run mk = exec(List.of("python3", "-m", "venv", VENV.toString()), 120);
      if (mk.rc != 0) {
        fail("python3 -m venv failed (is python3-venv installed?):\n" + tail(mk.out, 20));
      }
    }
    if (exec(List.of(python.toString(), "-c", "import pyarrow, datasets, PIL, torch, numpy"), 120).rc == 0) {
      return python;
    }
    // --retries 0: this machine has no network, so pip goes straight to its local index instead of
    // backing off on pypi.org for minutes.
    List<String> cmd = new ArrayList<>(List.of(python.toString(), "-m", "pip", "install", "--retries", "0",
        "--timeout", "10", "--disable-pip-version-check"));
    cmd.addAll(PACKAGES);
    Run pip = exec(cmd, 1800);
    if (pip.rc != 0) {
      Matcher m = Pattern.compile("No matching distribution found for ([^\\s]+)").matcher(pip.out);
      String missing = m.find() ? m.group(1) : "one of " + PACKAGES;
      fail("no wheel for " + missing + " on this machine's local index (pip install " + String.join(" ", PACKAGES)
          + " into " + VENV + "); pip said:\n" + tail(pip.out, 30));
    }
    return python;
  }

  record Run(int rc, String out) {}

  static Run exec(List<String> cmd, long timeoutSeconds) throws IOException, InterruptedException {
    Path log = Files.createTempFile("interop", ".log");
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
      // datasets' cache and hub lookups stay under target/ and offline
      pb.environment().put("HF_HOME", BASE.resolve("target/hf-home").toString());
      pb.environment().put("HF_HUB_OFFLINE", "1");
      pb.environment().put("HF_DATASETS_OFFLINE", "1");
      pb.environment().put("PIP_DISABLE_PIP_VERSION_CHECK", "1");
      Process p = pb.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail(String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s:\n"
            + tail(Files.readString(log, StandardCharsets.UTF_8), 30));
      }
      return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  static String tail(String s, int lines) {
    String[] l = s.split("\n");
    return String.join("\n", java.util.Arrays.asList(l).subList(Math.max(0, l.length - lines), l.length));
  }
}
