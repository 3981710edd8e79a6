package io.demoshard.pipeline;

import io.demoshard.model.Counts;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Wall time between the pipeline's stage markers. Spark is lazy, so a stage's time is the work its
 * actions forced (a persisted dataset is paid where it is first counted), which is also how an
 * operator reads the log. Each stage also names the Spark job group, so the UI shows the same names,
 * and {@link Progress} prints the stage's finished tasks on a terminal. The line a stage ends with
 * carries the key counters it added: {@code stage done: ingest in 9120 ms (events.lines=46023, ...)}.
 */
final class StageClock {
  private static final Logger LOG = LoggerFactory.getLogger(StageClock.class);

  /**
   * Counters an operator wants on a stage's line, when the stage changed them (a name ending in
   * {@code .} is the sum of its prefix, e.g. every quarantine reason).
   */
  static final List<String> KEY_COUNTS = List.of("events.lines", "frames.lines", "events.quarantined.",
      "frames.quarantined.", "events.policy.not_included", "images.valid", "episodes.segmented",
      "episodes.deduplicated", "privacy.withheld_by_gate", "redact.frames_out", "redact.boxes",
      "redact.gate.withheld_episodes", "episodes.published", "quarantine.rows");

  private final SparkSession spark;
  private final Counts counts;
  private final Map<String, Long> millis = new LinkedHashMap<>();
  private String current;
  private long startedNanos;
  private Map<String, Long> before = Map.of();

  /** @param counts the run's counters, read at each stage's end for its line (may be null: times only) */
  StageClock(SparkSession spark, Counts counts) {
    this.spark = spark;
    this.counts = counts;
  }

  /** Ends the running stage (logging its time) and starts {@code name}. */
  void start(String name) {
    stop();
    current = name;
    startedNanos = System.nanoTime();
    before = snapshot();
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
    LOG.info("stage done: {} in {} ms{}", current, ms, changed(before, snapshot()));
    current = null;
  }

  private Map<String, Long> snapshot() {
    Map<String, Long> m = new LinkedHashMap<>();
    if (counts != null) {
      for (String k : KEY_COUNTS) {
        m.put(k, k.endsWith(".") ? counts.sumPrefix(k.substring(0, k.length() - 1)) : counts.get(k));
      }
    }
    return m;
  }

  /** {@code " (events.lines=46023, ...)"} for the key counters that changed, or "". */
  static String changed(Map<String, Long> before, Map<String, Long> after) {
    StringBuilder b = new StringBuilder();
    after.forEach((k, v) -> {
      if (!v.equals(before.getOrDefault(k, 0L))) {
        b.append(b.length() == 0 ? " (" : ", ").append(k.endsWith(".") ? k.substring(0, k.length() - 1) : k)
            .append('=').append(v - before.getOrDefault(k, 0L));
      }
    });
    return b.length() == 0 ? "" : b.append(')').toString();
  }

  /** Finished stages in pipeline order, milliseconds each. */
  Map<String, Long> timings() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(millis));
  }
}
