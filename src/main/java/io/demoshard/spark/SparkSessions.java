package io.demoshard.spark;

import io.demoshard.config.DemoshardConfig;
import org.apache.spark.sql.SparkSession;

import java.util.Map;

/** Builds the job's SparkSession from the typed configuration. */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * @param masterOverride a master given on the command line, or null. Under spark-submit the
   *     master is already set and an empty configured master leaves it alone.
   */
  public static SparkSession create(DemoshardConfig.SparkConf conf, String masterOverride) {
    SparkSession.Builder b = SparkSession.builder().appName(conf.appName());
    String master = masterOverride != null ? masterOverride : conf.master();
    if (master != null && !master.isEmpty() && System.getProperty("spark.master") == null) {
      b.master(master);
    }
    b.config("spark.sql.shuffle.partitions", conf.shufflePartitions());
    b.config("spark.sql.session.timeZone", "UTC");
    for (Map.Entry<String, String> e : conf.settings().entrySet()) {
      b.config(e.getKey(), e.getValue());
    }
    return b.getOrCreate();
  }
}
