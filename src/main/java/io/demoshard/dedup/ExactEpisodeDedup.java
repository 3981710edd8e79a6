package io.demoshard.dedup;

import io.demoshard.model.Counts;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

/**
 * Exact episode duplicates (e.g. a session uploaded again under a new session id): a content
 * signature over the normalised steps (action, coordinates, button, scroll, text, keys, count,
 * time offset from the episode start, observation frame index), the screen size and the frames'
 * content hashes in order. Ids (episode, session, frame, user), absolute times and application
 * names (generalised by k-anonymity, so they can differ between nights) are left out. One
 * representative per signature is kept: the smallest episode_id, so the choice does not depend
 * on partitioning.
 *
 * <p>The signature is taken on the episode as it arrives, before keyframe selection, so it does
 * not depend on {@code dedup.frame-hamming} and stays comparable with earlier nights' state.
 *
 * <p>In and out: {@code Schemas.EPISODE}.
 */
public final class ExactEpisodeDedup {
  public record Result(Dataset<Row> episodes, Counts counts) {}

  public static Column signature() {
    Column steps = expr("transform(steps, s -> struct(s.t_ms, s.action, s.x, s.y, s.x2, s.y2, s.button, s.dx, s.dy,"
        + " s.text, s.keys, s.count, s.frame))");
    Column frames = expr("transform(frames, f -> f.content_hash)");
    return sha2(to_json(struct(col("screen_w").as("w"), col("screen_h").as("h"), steps.as("steps"),
        frames.as("frames"))), 256);
  }

  /** Keeps the smallest episode_id per value of {@code sigCol}; the column must exist. */
  static Dataset<Row> keepFirst(Dataset<Row> withSig, String sigCol) {
    return withSig
        .withColumn("_rank", row_number().over(Window.partitionBy(sigCol).orderBy(col("episode_id"))))
        .where(col("_rank").equalTo(1))
        .drop("_rank");
  }

  /** Standalone use: EPISODE in, EPISODE out, {@code dedup.exact} counted. */
  public Result apply(Dataset<Row> episodes) {
    Dataset<Row> withSig = episodes.withColumn("_sig", signature()).persist();
    long before = withSig.count();
    Dataset<Row> kept = keepFirst(withSig, "_sig").drop("_sig").persist();
    long after = kept.count();
    return new Result(kept, new Counts().add("dedup.exact", before - after));
  }
}
