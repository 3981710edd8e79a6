package io.demoshard.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demoshard.SparkTestBase;
import io.demoshard.privacy.PseudonymKey;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static io.demoshard.ops.TinyDay.cli;
import static io.demoshard.ops.TinyDay.concat;
import static io.demoshard.ops.TinyDay.shards;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job on {@code hdfs://} (issue 11 item 6, the HDFS half): a MiniDFSCluster in this JVM; the
 * lease is exclusive on HDFS, nightly publishes shards byte-identical to a local run of the same
 * day, and erase works there.
 */
class HdfsOpsTest extends SparkTestBase {
  static final LocalDate DAY = TinyDay.DAY;
  static final String SECRET = TinyDay.SECRET;

  @TempDir
  static java.nio.file.Path tmp;
  static MiniDFSCluster dfs;
  static String hdfs;
  static FileSystem fs;

  @BeforeAll
  static void startDfs() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
    long t0 = System.nanoTime();
    dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    dfs.waitActive();
    hdfs = "hdfs://127.0.0.1:" + dfs.getNameNodePort();
    fs = dfs.getFileSystem();
    System.out.printf("MiniDFSCluster up in %d ms at %s%n", (System.nanoTime() - t0) / 1_000_000, hdfs);
  }

  @AfterAll
  static void stopDfs() {
    if (dfs != null) {
      dfs.shutdown();
    }
  }

  @Test
  void theLeaseIsExclusiveOnHdfs() throws Exception {
    Path out = new Path(hdfs + "/out-lock");
    try (Lease a = Lease.acquire(fs, out, "nightly", Duration.ofMinutes(30), false)) {
      Lease.HeldException e = assertThrows(Lease.HeldException.class,
          () -> Lease.acquire(fs, out, "erase", Duration.ofMinutes(30), false));
      assertTrue(e.getMessage().contains(a.runId()), e.getMessage());
    }
    assertFalse(fs.exists(new Path(out, Lease.NAME)));

    // eight writers racing through the NameNode: exactly one wins
    Path race = new Path(hdfs + "/out-race");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger won = new AtomicInteger();
    List<Future<Lease>> fs8 = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      fs8.add(pool.submit(() -> {
        go.await();
        try {
          Lease l = Lease.acquire(FileSystem.newInstance(race.toUri(), new Configuration()), race, "nightly",
              Duration.ofMinutes(30), false);
          won.incrementAndGet();
          return l;
        } catch (Lease.HeldException e) {
          return null;
        }
      }));
    }
    go.countDown();
    for (Future<Lease> f : fs8) {
      Lease l = f.get();
      if (l != null) {
        l.close();
      }
    }
    pool.shutdown();
    assertEquals(1, won.get());
  }

  /** Copies a local folder into HDFS with 8 parallel writers (one at a time takes ~0.16 s a file). */
  static int copyToHdfs(java.nio.file.Path from, Path to) throws Exception {
    List<java.nio.file.Path> files;
    try (Stream<java.nio.file.Path> s = Files.walk(from)) {
      files = s.filter(Files::isRegularFile).toList();
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> done = new ArrayList<>();
    for (java.nio.file.Path f : files) {
      done.add(pool.submit(() -> {
        fs.copyFromLocalFile(false, true, new Path(f.toUri()), new Path(to, from.relativize(f).toString()));
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    return files.size();
  }

  @Test
  void nightlyOnHdfsPublishesTheLocalShardsAndEraseWorksThere() throws Exception {
    java.nio.file.Path raw = TinyDay.raw();
    java.nio.file.Path key = TinyDay.key();
    long t0 = System.nanoTime();
    int files = copyToHdfs(raw, new Path(hdfs + "/raw"));
    System.out.printf("copied %d raw files into HDFS in %d ms%n", files, (System.nanoTime() - t0) / 1_000_000);

    String[] common = TinyDay.nightlyOptions();
    StringBuilder err = new StringBuilder();
    java.nio.file.Path localOut = TinyDay.localOut();
    t0 = System.nanoTime();
    assertEquals(0, cli(err, concat(new String[] {"nightly", "--raw", hdfs + "/raw", "--out", hdfs + "/out"},
        common)), err.toString());
    System.out.printf("nightly on hdfs:// in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

    ObjectMapper json = new ObjectMapper();
    JsonNode local = json.readTree(localOut.resolve(DAY + "/manifest.json").toFile());
    JsonNode remote;
    try (FSDataInputStream in = fs.open(new Path(hdfs + "/out/" + DAY + "/manifest.json"))) {
      remote = json.readTree(in);
    }
    assertTrue(local.get("total_rows").asLong() > 0, local.toString());
    assertEquals(shards(local), shards(remote), "the same shards, byte for byte");
    assertTrue(fs.exists(new Path(hdfs + "/out/" + DAY + "/_SUCCESS")));
    assertFalse(fs.exists(new Path(hdfs + "/out/" + Lease.NAME)), "lease released");

    // erase on hdfs://: a published user's episodes leave the version and the ledger has them
    String victimKey = spark().read().parquet(hdfs + "/out/_lineage/" + DAY).select("user_key").first().getString(0);
    String victim = null;
    PseudonymKey pk = PseudonymKey.of(SECRET.getBytes(StandardCharsets.UTF_8));
    for (String line : Files.readAllLines(raw.resolve("_truth/users.jsonl"))) {
      String id = json.readTree(line).path("user_id").asText();
      if (pk.userKey(id).equals(victimKey)) {
        victim = id;
      }
    }
    assertTrue(victim != null, "the published user is one of the simulated ones");
    try (var os = fs.create(new Path(hdfs + "/raw/erasure/requests.csv"), true)) {
      os.write(("user_id,requested_at\n" + victim + ",2026-11-21T00:00:00Z\n").getBytes(StandardCharsets.UTF_8));
    }
    StringBuilder eraseErr = new StringBuilder();
    int code = cli(eraseErr, "erase", "--raw", hdfs + "/raw", "--out", hdfs + "/out", "-D", "privacy.key-file=" + key);
    assertEquals(0, code, eraseErr.toString());
    assertEquals(0, spark().read().parquet(hdfs + "/out/_lineage/" + DAY)
        .where(org.apache.spark.sql.functions.col("user_key").equalTo(victimKey)).count());
    assertTrue(io.demoshard.pipeline.ErasureLedger.load(
        new io.demoshard.spark.HadoopConf(new Configuration()), hdfs + "/out").contains(victimKey));
  }
}
