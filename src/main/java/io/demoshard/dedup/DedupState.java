package io.demoshard.dedup;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static org.apache.spark.sql.functions.col;

/**
 * Dedup state across nights: one Parquet folder per committed night,
 * {@code OUT/_state/dedup/date=YYYY-MM-DD/}, one row per episode published that night
 * ({@link #SCHEMA}). A night's folder counts only when {@code OUT/YYYY-MM-DD/_SUCCESS}
 * exists (the publisher writes it last), so the state of a failed night is ignored even if
 * it was written. Folders are written to a temporary sibling and renamed into place.
 */
public final class DedupState {
  private DedupState() {}

  public static final StructType SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField("episode_id", DataTypes.StringType, false),
      DataTypes.createStructField("user_key", DataTypes.StringType, false),
      DataTypes.createStructField("num_steps", DataTypes.IntegerType, false),
      // sha256 over normalised steps and frame content hashes (ExactEpisodeDedup.signature)
      DataTypes.createStructField("exact_sig", DataTypes.StringType, false),
      DataTypes.createStructField("shingles", NearDedup.LONGS, false),
      DataTypes.createStructField("shingle_params", DataTypes.StringType, false),
      DataTypes.createStructField("bands", NearDedup.LONGS, false),
      DataTypes.createStructField("band_params", DataTypes.StringType, false)});

  static final String PREFIX = "date=";

  public static Path root(String outRoot) {
    return new Path(new Path(outRoot, "_state"), "dedup");
  }

  public static Path nightDir(String outRoot, LocalDate date) {
    return new Path(root(outRoot), PREFIX + date);
  }

  /** The commit marker of a published night. */
  public static Path successMarker(String outRoot, LocalDate date) {
    return new Path(new Path(outRoot, date.toString()), "_SUCCESS");
  }

  /** Nights with a state folder and a committed version, strictly before {@code before}, in date order. */
  public static List<LocalDate> committedNights(Configuration conf, String outRoot, LocalDate before) {
    try {
      Path root = root(outRoot);
      FileSystem fs = root.getFileSystem(conf);
      if (!fs.exists(root)) {
        return List.of();
      }
      TreeMap<LocalDate, Path> found = new TreeMap<>();
      for (FileStatus st : fs.listStatus(root)) {
        String name = st.getPath().getName();
        if (!st.isDirectory() || !name.startsWith(PREFIX)) {
          continue; // temp folders and stray files
        }
        LocalDate d;
        try {
          d = LocalDate.parse(name.substring(PREFIX.length()));
        } catch (DateTimeParseException e) {
          continue;
        }
        if (before != null && !d.isBefore(before)) {
          continue;
        }
        if (fs.exists(successMarker(outRoot, d)) && fs.exists(new Path(st.getPath(), "_SUCCESS"))) {
          found.put(d, st.getPath());
        }
      }
      return new ArrayList<>(found.keySet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The state of every committed night strictly before {@code before} (empty when none). */
  public static Dataset<Row> load(SparkSession spark, String outRoot, LocalDate before) {
    return load(spark, spark.sparkContext().hadoopConfiguration(), outRoot, before);
  }

  /** As {@link #load(SparkSession, String, LocalDate)}, listing folders with {@code conf}. */
  public static Dataset<Row> load(SparkSession spark, Configuration conf, String outRoot, LocalDate before) {
    List<LocalDate> nights = committedNights(conf, outRoot, before);
    if (nights.isEmpty()) {
      return spark.createDataFrame(List.of(), SCHEMA);
    }
    String[] paths = nights.stream().map(d -> nightDir(outRoot, d).toString()).toArray(String[]::new);
    return spark.read().schema(SCHEMA).parquet(paths);
  }

  /** Writes this night's state (uses the active session's Hadoop configuration). */
  public static void write(Dataset<Row> state, String outRoot, LocalDate date) {
    Configuration conf = state.sparkSession().sparkContext().hadoopConfiguration();
    replace(conf, state.select(columns()), nightDir(outRoot, date));
  }

  /**
   * Erasure: rewrites every night's state that holds any of these users without their rows
   * (nights without them are left untouched). Returns the number of rows removed.
   */
  public static long removeUsers(String outRoot, Set<String> userKeys) {
    return removeUsers(SparkSession.active(), outRoot, userKeys);
  }

  public static long removeUsers(SparkSession spark, String outRoot, Set<String> userKeys) {
    if (userKeys.isEmpty()) {
      return 0;
    }
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Object[] keys = userKeys.toArray();
    long removed = 0;
    try {
      Path root = root(outRoot);
      FileSystem fs = root.getFileSystem(conf);
      if (!fs.exists(root)) {
        return 0;
      }
      for (FileStatus st : fs.listStatus(root)) {
        String name = st.getPath().getName();
        if (!st.isDirectory() || !name.startsWith(PREFIX)) {
          continue;
        }
        // Every night, committed or not: an uncommitted one may become valid on a later commit.
        Dataset<Row> night = spark.read().schema(SCHEMA).parquet(st.getPath().toString());
        long hits = night.where(col("user_key").isin(keys)).count();
        if (hits == 0) {
          continue;
        }
        // Materialise before replacing the folder the plan reads from.
        Dataset<Row> kept = night.where(col("user_key").isin(keys).unary_$bang()).localCheckpoint();
        replace(conf, kept, st.getPath());
        removed += hits;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return removed;
  }

  private static org.apache.spark.sql.Column[] columns() {
    return java.util.Arrays.stream(SCHEMA.fieldNames()).map(org.apache.spark.sql.functions::col)
        .toArray(org.apache.spark.sql.Column[]::new);
  }

  /**
   * Writes to {@code _tmp-<name>-<uuid>} beside {@code target}, then swaps: the old folder is
   * renamed away, the new one renamed in, the old one deleted. Readers only list
   * {@code date=*} folders holding a {@code _SUCCESS} file, so a temp folder or a crash
   * mid-write is never read; a crash between the two renames leaves that night without
   * state until the next write (see docs/DEDUP.md).
   */
  static void replace(Configuration conf, Dataset<Row> data, Path target) {
    try {
      FileSystem fs = target.getFileSystem(conf);
      Path parent = target.getParent();
      String id = UUID.randomUUID().toString();
      Path tmp = new Path(parent, "_tmp-" + target.getName() + "-" + id);
      data.write().mode(SaveMode.ErrorIfExists).parquet(tmp.toString());
      Path old = new Path(parent, "_old-" + target.getName() + "-" + id);
      if (fs.exists(target) && !fs.rename(target, old)) {
        throw new IOException("cannot move " + target + " aside");
      }
      if (!fs.rename(tmp, target)) {
        throw new IOException("cannot rename " + tmp + " to " + target);
      }
      fs.delete(old, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
