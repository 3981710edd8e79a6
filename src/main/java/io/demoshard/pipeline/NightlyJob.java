package io.demoshard.pipeline;

import io.demoshard.config.DemoshardConfig;
import io.demoshard.privacy.PseudonymKey;
import org.apache.spark.sql.SparkSession;

import java.time.LocalDate;

/** The nightly dataset build (being wired on main). */
public final class NightlyJob {
  private final SparkSession spark;
  private final DemoshardConfig cfg;
  private final PseudonymKey key;

  public NightlyJob(SparkSession spark, DemoshardConfig cfg, PseudonymKey key) {
    this.spark = spark;
    this.cfg = cfg;
    this.key = key;
  }

  public NightlyResult run(String raw, String out, LocalDate date) {
    throw new UnsupportedOperationException("nightly not wired yet");
  }
}
