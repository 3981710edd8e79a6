package io.demoshard.dedup;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

/**
 * Keyframe selection inside each episode, with Spark built-in higher-order functions only
 * (no UDF, no encoder round trip of the nested row: the arrays stay in Spark's internal
 * format; the lambdas themselves are evaluated interpreted, as all higher-order functions):
 *
 * <ol>
 *   <li>{@code aggregate} walks {@code frames} in order carrying (pHash of the last kept
 *       frame, kept idx list); a frame that is no step's observation and whose pHash is within
 *       {@code hamming} bits ({@code bit_count(a ^ b)}) of the last kept frame is skipped (null
 *       {@code steps.frame} values are filtered out first: {@code array_contains} on an array
 *       holding a null answers null, not false);</li>
 *   <li>{@code filter} keeps the listed frames and {@code transform} renumbers {@code idx};</li>
 *   <li>{@code steps.frame} becomes the position of the old idx in the kept list.</li>
 * </ol>
 *
 * An observation frame is never dropped, so every non-null {@code steps.frame} still resolves.
 * The kept list is built by {@code concat}, quadratic in frames per episode, which is fine
 * for the few hundred frames an episode holds (max 200 steps, 15 min).
 *
 * <p>In and out: {@code Schemas.EPISODE} (frames of an episode in time order, {@code idx} =
 * position).
 */
public final class Keyframes {
  private Keyframes() {}

  /** Observation frame idx values of an episode, nulls removed (computed once per episode). */
  static Column observed() {
    return expr("filter(transform(steps, s -> s.frame), x -> x IS NOT NULL)");
  }

  /** Kept frame idx values (old numbering) for every episode; needs column {@code _obs}. */
  static Column keptIdx(int hamming) {
    // Same content (SHA-256 of the bytes) always collapses; a pHash tolerance only when asked.
    String near = hamming < 0 ? "false" : "bit_count(acc.last ^ f.phash) <= " + hamming;
    return expr("aggregate(frames,"
        + " named_struct('last', cast(null as bigint), 'sha', cast(null as string), 'keep', cast(array() as array<int>)),"
        + " (acc, f) -> CASE WHEN acc.last IS NOT NULL"
        + "   AND NOT array_contains(_obs, f.idx)"
        + "   AND (acc.sha = f.content_hash OR " + near + ")"
        + "   THEN acc"
        + "   ELSE named_struct('last', f.phash, 'sha', f.content_hash, 'keep', concat(acc.keep, array(f.idx))) END,"
        + " acc -> acc.keep)");
  }

  public static Dataset<Row> apply(Dataset<Row> episodes, int hamming) {
    if (hamming < -1 || hamming > 64) {
      throw new IllegalArgumentException("hamming must be in [-1, 64] (-1: identical content only)");
    }
    Dataset<Row> withKeep = episodes.withColumn("_obs", observed()).withColumn("_keep", keptIdx(hamming));
    Column frames = transform(
        expr("filter(frames, f -> array_contains(_keep, f.idx))"),
        (f, i) -> f.withField("idx", i));
    Column steps = transform(col("steps"), s -> s.withField("frame",
        when(s.getField("frame").isNull(), lit(null).cast("int"))
            .otherwise(array_position(col("_keep"), s.getField("frame")).cast("int").minus(1))));
    return withKeep
        .withColumn("frames", frames)
        .withColumn("steps", steps)
        .withColumn("num_frames", size(col("frames")))
        .drop("_obs", "_keep");
  }
}
