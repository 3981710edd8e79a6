package io.demoshard.pipeline;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall time between the pipeline's stage markers. Spark is lazy, so a stage's time is the work its
 * actions forced (a persisted dataset is paid where it is first counted), which is also how an
 * operator reads the log. Each stage also names the Spark job group, so the UI shows the same names.
 */
final class StageClock {
  private static final Logger LOG = LoggerFactory.getLogger(StageClock.class);

  private final SparkSession spark;
  private final Map<String, Long> millis = new LinkedHashMap<>();
  private String current;
  private long startedNanos;

  StageClock(SparkSession spark) {
    this.spark = spark;
  }

  /** Ends the running stage (logging its time) and starts {@code name}. */
  void start(String name) {
    stop();
    current = name;
    startedNanos = System.nanoTime();
    LOG.info("stage: {}", name);
    spark.sparkContext().setJobGroup("demoshard", name, false);
  }

  /** Ends the running stage, if any; the log line is what scripts/bench parses. */
  void stop() {
    if (current == null) {
      return;
    }
    long ms = (System.nanoTime() - startedNanos) / 1_000_000L;
    millis.merge(current, ms, Long::sum);
    LOG.info("stage done: {} in {} ms", current, ms);
    current = null;
  }

  /** Finished stages in pipeline order, milliseconds each. */
  Map<String, Long> timings() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(millis));
  }
}
