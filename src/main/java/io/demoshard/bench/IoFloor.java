package io.demoshard.bench;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

/**
 * I/O floor: reads every raw event line, frame index line and screenshot byte of the day and
 * writes them to Parquet unchanged. No job that reads and publishes the drop can be faster.
 */
public final class IoFloor {
  private final SparkSession spark;

  public IoFloor(SparkSession spark) {
    this.spark = spark;
  }

  public FloorResult run(RawDay day, String out) {
    var conf = spark.sparkContext().hadoopConfiguration();
    long start = System.nanoTime();
    copyLines(spark, day, out);
    FloorInput.files(spark, day.dirs(conf, RawDay.SCREENSHOTS)).select("path", "length", "content")
        .write().mode(SaveMode.Overwrite).parquet(out + "/images");
    long wallMs = (System.nanoTime() - start) / 1_000_000L;
    long[] images = images(spark, out + "/images");
    return new FloorResult("io", FloorInput.rows(spark, out + "/events"), FloorInput.rows(spark, out + "/frames"),
        images[0], images[1], 0, wallMs);
  }

  /** Every event and frame index line of the day, unchanged, to {@code out}/events and /frames (shared by the floors). */
  static void copyLines(SparkSession spark, RawDay day, String out) {
    var conf = spark.sparkContext().hadoopConfiguration();
    FloorInput.lines(spark, day.dirs(conf, RawDay.EVENTS)).write().mode(SaveMode.Overwrite).parquet(out + "/events");
    FloorInput.lines(spark, day.dirs(conf, RawDay.FRAMES)).write().mode(SaveMode.Overwrite).parquet(out + "/frames");
  }

  /** Files and bytes in a written images folder: rows from the footers, bytes from the small length column. */
  static long[] images(SparkSession spark, String dir) {
    Row r = spark.read().parquet(dir).agg(org.apache.spark.sql.functions.count(lit(1)),
        coalesce(sum(col("length")), lit(0L))).first();
    return new long[] {r.getLong(0), r.getLong(1)};
  }
}
