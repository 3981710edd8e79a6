package io.demoshard.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demoshard.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.demoshard.ops.TinyDay.DAY;
import static io.demoshard.ops.TinyDay.shards;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job on a real Spark standalone cluster (issue 11 item 6, the cluster half): a Master and a
 * one-core Worker started from the Maven jars as child JVMs on 127.0.0.1, nightly submitted to
 * {@code spark://127.0.0.1:<port>} with spark-submit, and the published shards byte-identical to a
 * local run of the same tiny day.
 *
 * <p>What is submitted: the shaded job jar is built in {@code package}, after {@code test}, so this
 * test assembles the same content itself: a jar of {@code target/classes} (the job's classes with
 * conf/ and jobs/ inside, as in the shaded jar) as the application jar, and the compile-scope
 * dependencies the shaded jar would carry as {@code --jars}. Spark comes from the cluster's
 * {@code SPARK_HOME/jars}, as with the real jar, which leaves Spark out ({@code provided}). So
 * executors load the job's code only from what spark-submit serves them, as in production; giving
 * them the test classpath instead would also pass when the application's jars lack a class.
 */
class StandaloneClusterTest extends SparkTestBase {
  @TempDir
  static Path tmp;

  @Test
  void nightlyOnAStandaloneClusterPublishesTheLocalShards() throws Exception {
    Path raw = TinyDay.raw();
    String[] options = TinyDay.nightlyOptions();
    // the local reference run (made once per JVM; HdfsOpsTest may have made it already) goes on
    // while the cluster starts and runs: much of that is waiting for JVMs to start
    ExecutorService background = Executors.newSingleThreadExecutor();
    Future<Path> localRun = background.submit(TinyDay::localOut);
    background.shutdown();

    Path appJar = StandaloneCluster.jar(StandaloneCluster.buildDir().resolve("classes"), tmp.resolve("demoshard.jar"));
    String deps = StandaloneCluster.listed("app-jars.txt").stream().map(Path::toString)
        .collect(Collectors.joining(","));
    Path clusterOut = tmp.resolve("out-cluster");
    // logs outside the temp dir, so a failure (here or in CI) can be read afterwards
    Path logs = StandaloneCluster.buildDir().resolve("cluster-test/run");
    Path driverLog = logs.resolve("driver.log");
    long t0 = System.nanoTime();
    try (StandaloneCluster cluster = StandaloneCluster.start(logs, 1, "1g")) {
      long up = System.nanoTime();
      System.out.printf("standalone Master + Worker up in %d ms at %s%n", (up - t0) / 1_000_000,
          cluster.masterUrl());
      List<String> submit = new ArrayList<>(List.of("--master", cluster.masterUrl(), "--deploy-mode", "client",
          "--class", "io.demoshard.cli.Main", "--driver-memory", "1g", "--executor-memory", "1g",
          "--conf", "spark.ui.enabled=false", "--driver-java-options", StandaloneCluster.SHORT_LIVED_JVM,
          "--conf", "spark.executor.extraJavaOptions=" + StandaloneCluster.SHORT_LIVED_JVM,
          "--jars", deps, appJar.toString(),
          // the cluster overlay as it is, as scripts/demoshard passes it to spark-submit: its 400 shuffle
          // partitions are coalesced from the bytes each shuffle moved (adaptive execution, also for
          // persisted datasets), so this tiny night runs ~250 tasks, not the ~17,000 it ran before
          "nightly", "--raw", raw.toString(), "--out", clusterOut.toString(), "--env", "cluster"));
      submit.addAll(List.of(options));
      int code = cluster.submit(submit, driverLog, Duration.ofMinutes(20));
      System.out.printf("nightly on %s in %d ms%n", cluster.masterUrl(), (System.nanoTime() - up) / 1_000_000);
      assertEquals(0, code, "spark-submit failed; driver log:\n" + StandaloneCluster.tail(driverLog));

      // the tasks ran in an executor the Worker launched, not in the driver
      String executorLog = executorLogs(cluster.dir().resolve("work"));
      assertTrue(executorLog.contains("Finished task"), "no task finished in an executor:\n" + executorLog);
    }

    Path localOut = localRun.get();
    System.out.printf("test done in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

    ObjectMapper json = new ObjectMapper();
    JsonNode local = json.readTree(localOut.resolve(DAY + "/manifest.json").toFile());
    JsonNode cluster = json.readTree(clusterOut.resolve(DAY + "/manifest.json").toFile());
    assertTrue(local.get("total_rows").asLong() > 0, local.toString());
    assertEquals(shards(local), shards(cluster), "the same shards, byte for byte");
    // the manifests tell the truth: the files on disk have the checksums they list
    assertEquals(onDisk(localOut, local), shards(local));
    assertEquals(onDisk(clusterOut, cluster), shards(cluster));
    assertTrue(Files.exists(clusterOut.resolve(DAY + "/_SUCCESS")));
    assertFalse(Files.exists(clusterOut.resolve(Lease.NAME)), "lease released");
  }

  /** The manifest's shards with rows from the manifest and the SHA-256 computed from the file. */
  static List<String> onDisk(Path out, JsonNode manifest) throws Exception {
    List<String> lines = new ArrayList<>();
    for (JsonNode s : manifest.get("shards")) {
      Path f = out.resolve(DAY.toString()).resolve(s.get("path").asText());
      lines.add(s.get("path").asText() + " " + s.get("rows").asLong() + " " + sha256(f));
    }
    return lines;
  }

  static String sha256(Path f) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(f)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** All executors' stderr under the Worker's work dir (work/app-.../N/stderr). */
  static String executorLogs(Path work) throws IOException {
    StringBuilder b = new StringBuilder();
    try (Stream<Path> files = Files.walk(work)) {
      for (Path f : files.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
        b.append(Files.readString(f, StandardCharsets.ISO_8859_1));
      }
    }
    return b.toString();
  }
}
