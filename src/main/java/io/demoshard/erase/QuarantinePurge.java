package io.demoshard.erase;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.UUID;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * Erasure of quarantined input: rows whose raw text names an erased user's pseudonym (the
 * nightly job writes pseudonyms, never raw ids, into quarantine) are removed from every
 * night's {@code OUT/_quarantine/<date>/}. A night is rewritten aside and swapped in; nights
 * without such rows are left untouched.
 */
public final class QuarantinePurge {
  private static final Logger LOG = LoggerFactory.getLogger(QuarantinePurge.class);
  static final String DIR = "_quarantine";

  private QuarantinePurge() {}

  /** @return rows removed over all nights */
  public static long removeUsers(SparkSession spark, String out, Set<String> userKeys) {
    if (userKeys.isEmpty()) {
      return 0;
    }
    Path root = new Path(out, DIR);
    long removed = 0;
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(root)) {
        return 0;
      }
      for (FileStatus night : fs.listStatus(root, p -> !p.getName().startsWith(".") && !p.getName().startsWith("_"))) {
        if (night.isDirectory()) {
          removed += purgeNight(spark, fs, night.getPath(), userKeys);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot purge quarantine under " + out, e);
    }
    return removed;
  }

  private static long purgeNight(SparkSession spark, FileSystem fs, Path night, Set<String> keys) throws IOException {
    Dataset<Row> rows;
    try {
      rows = spark.read().parquet(night.toString());
    } catch (Exception e) { // AnalysisException is checked in Java's eyes
      return 0; // no data files (a clean night)
    }
    Column named = lit(false);
    for (String k : keys) {
      named = named.or(col("raw").contains(k)).or(col("src_file").contains(k));
    }
    long hits = rows.where(named).count();
    if (hits == 0) {
      return 0;
    }
    String id = UUID.randomUUID().toString();
    Path fresh = new Path(night.getParent(), "." + night.getName() + "-" + id);
    Path old = new Path(night.getParent(), "." + night.getName() + "-old-" + id);
    rows.where(org.apache.spark.sql.functions.not(named)).write().mode(SaveMode.ErrorIfExists)
        .partitionBy("kind").parquet(fresh.toString());
    for (FileStatus f : fs.listStatus(night, p -> p.getName().endsWith(".json"))) {
      org.apache.hadoop.fs.FileUtil.copy(fs, f.getPath(), fs, new Path(fresh, f.getPath().getName()), false,
          spark.sparkContext().hadoopConfiguration());
    }
    if (!fs.rename(night, old) || !fs.rename(fresh, night)) {
      throw new IOException("cannot swap purged quarantine into " + night);
    }
    fs.delete(old, true);
    LOG.info("erasure: removed {} quarantined row(s) from {}", hits, night.getName());
    return hits;
  }
}
