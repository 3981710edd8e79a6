package io.demoshard.ops;

import io.demoshard.SparkTestBase;
import io.demoshard.config.ConfigLoader;
import io.demoshard.config.DemoshardConfig;
import io.demoshard.pipeline.NightlyJob;
import io.demoshard.privacy.PseudonymKey;
import io.demoshard.sim.Simulator;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Measurement, not part of the suite (the name matches no Surefire include; run it with
 * {@code mvn test -Dtest=PartitionSizingProbe}): a small night with conf/cluster.conf's 400 shuffle
 * partitions, without and with AQE coalescing to an advisory size, and with coalescing inside the
 * plans of persisted datasets too (spark.sql.optimizer.canChangeCachedPlanOutputPartitioning),
 * counting stages and tasks.
 */
class PartitionSizingProbe extends SparkTestBase {
  @TempDir
  Path tmp;

  @Test
  void smallNightWith400PartitionsWithoutAndWithCoalescing() throws Exception {
    LocalDate day = LocalDate.parse("2026-11-20");
    Path raw = tmp.resolve("raw");
    new Simulator(new DemoshardConfig.SimulateConfig(3, 11, 320, 200, 60_000), new Configuration())
        .run(raw.toUri().toString(), day, false);
    DemoshardConfig cfg = DemoshardConfig.from(ConfigLoader.load("local", "nightly", null,
        Map.of("demoshard.privacy.k-anonymity", "1")));
    PseudonymKey key = PseudonymKey.of("0123456789abcdef-probe".getBytes(StandardCharsets.UTF_8));
    SparkSession spark = spark();
    AtomicLong stages = new AtomicLong();
    AtomicLong tasks = new AtomicLong();
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onStageCompleted(SparkListenerStageCompleted e) {
        stages.incrementAndGet();
        tasks.addAndGet(e.stageInfo().numTasks());
      }
    });
    long[] tasksBy = new long[3];
    // -Dprobe.modes=2 runs the fully coalesced night only (each mode is a whole night)
    String modes = System.getProperty("probe.modes", "012");
    for (int mode = 0; mode < 3; mode++) {
      if (modes.indexOf(Character.forDigit(mode, 10)) < 0) {
        continue;
      }
      int coalesce = Math.min(mode, 1);
      spark.conf().set("spark.sql.optimizer.canChangeCachedPlanOutputPartitioning", Boolean.toString(mode == 2));
      spark.conf().set("spark.sql.shuffle.partitions", "400");
      spark.conf().set("spark.sql.adaptive.enabled", "true");
      spark.conf().set("spark.sql.adaptive.coalescePartitions.enabled", Boolean.toString(coalesce == 1));
      spark.conf().set("spark.sql.adaptive.coalescePartitions.parallelismFirst", "false");
      spark.conf().set("spark.sql.adaptive.advisoryPartitionSizeInBytes", "64m");
      stages.set(0);
      tasks.set(0);
      long t0 = System.nanoTime();
      new NightlyJob(spark, cfg, key).run(raw.toUri().toString(), tmp.resolve("out" + mode).toUri().toString(), day);
      Thread.sleep(500);  // the listener bus is asynchronous
      tasksBy[mode] = tasks.get();
      System.out.printf("PROBE coalescing=%s cached-plans-too=%s: %d stages, %d tasks, %d ms%n", coalesce == 1,
          mode == 2, stages.get(), tasks.get(), (System.nanoTime() - t0) / 1_000_000);
    }
    spark.conf().set("spark.sql.shuffle.partitions", "4");
    spark.conf().set("spark.sql.adaptive.coalescePartitions.enabled", "true");
    spark.conf().set("spark.sql.adaptive.coalescePartitions.parallelismFirst", "true");
    spark.conf().set("spark.sql.optimizer.canChangeCachedPlanOutputPartitioning", "false");
    if (modes.equals("012")) {
      assertTrue(tasksBy[1] < tasksBy[0], "coalescing runs fewer tasks");
      assertTrue(tasksBy[2] < tasksBy[1], "coalescing persisted plans too runs fewer tasks still");
    }
  }
}
