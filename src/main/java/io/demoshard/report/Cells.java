package io.demoshard.report;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;

/**
 * Per-episode figures of a version, counted per (dimension, value, user): enough to know how many
 * distinct users stand behind every cell of a chart, so the report can suppress small cells. Held on
 * the driver only while the report is built and never written out: the user keys are pseudonyms from
 * the restricted lineage, and only aggregates of at least k users leave this class.
 *
 * <p>Dimensions: {@link #APP} (episodes per app), {@link #STEPS}, {@link #SECONDS}, {@link #FRAMES}
 * (per-episode values, a histogram each) and {@link #ACTION} (steps per action type).
 */
public final class Cells {
  public static final String APP = "app";
  public static final String STEPS = "steps";
  public static final String SECONDS = "seconds";
  public static final String FRAMES = "frames";
  public static final String ACTION = "action";

  /** dimension -> value -> user key -> count (episodes, or steps for {@link #ACTION}). */
  private final Map<String, Map<String, Map<String, Long>>> cells = new TreeMap<>();

  public Cells add(String dimension, String value, String user, long n) {
    cells.computeIfAbsent(dimension, d -> new TreeMap<>()).computeIfAbsent(value, v -> new TreeMap<>())
        .merge(user, n, Long::sum);
    return this;
  }

  /** value -> user -> count of one dimension (empty when absent). */
  public Map<String, Map<String, Long>> of(String dimension) {
    return Collections.unmodifiableMap(cells.getOrDefault(dimension, Map.of()));
  }

  /**
   * One Spark job over episodes with columns {@code user_key}, {@code app}, {@code num_steps},
   * {@code duration_ms}, {@code num_frames} and {@code steps.action}; what reaches the driver is at
   * most (distinct values x users) rows per dimension, never an episode.
   */
  public static Cells of(Dataset<Row> episodes) {
    Column user = col("user_key");
    Dataset<Row> long1 = episodes.select(lit(APP).as("d"), col("app").as("v"), user, lit(1L).as("n"))
        .union(episodes.select(lit(STEPS), col("num_steps").cast("string"), user, lit(1L)))
        .union(episodes.select(lit(SECONDS), floor(col("duration_ms").divide(1000)).cast("string"), user, lit(1L)))
        .union(episodes.select(lit(FRAMES), col("num_frames").cast("string"), user, lit(1L)))
        .union(episodes.select(lit(ACTION), explode(col("steps.action")), user, lit(1L)));
    Cells out = new Cells();
    for (Row r : long1.groupBy("d", "v", "user_key").sum("n").collectAsList()) {
      if (!r.isNullAt(1) && !r.isNullAt(2)) {
        out.add(r.getString(0), r.getString(1), r.getString(2), r.getLong(3));
      }
    }
    return out;
  }
}
