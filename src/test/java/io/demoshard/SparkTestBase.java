package io.demoshard;

import org.apache.spark.sql.SparkSession;

/**
 * One local[2] SparkSession per test JVM, shared by every Spark test class (a session
 * takes seconds to start). Never stopped by tests; the JVM's exit ends it.
 */
public abstract class SparkTestBase {
  private static SparkSession spark;

  protected static synchronized SparkSession spark() {
    if (spark == null) {
      spark = SparkSession.builder()
          .master("local[2]")
          .appName("demoshard-test")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.sql.session.timeZone", "UTC")
          .config("spark.driver.host", "127.0.0.1")
          .getOrCreate();
    }
    return spark;
  }
}
