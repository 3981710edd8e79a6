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
import static org.apache.spark.sql.functions.to_json;

/**
 * Exact episode duplicates (e.g. a session uploaded again under a new session id): a content
 * signature over the normalised steps (action, coordinates, text, keys, counts, time offsets)
 * and the frames' content hashes; one representative per signature is kept, the smallest
 * episode_id, so the choice does not depend on partitioning.
 *
 * <p>In and out: {@code Schemas.EPISODE}.
 */
public final class ExactEpisodeDedup {
  public record Result(Dataset<Row> episodes, Counts counts) {}

  public static Column signature() {
    Column steps = expr("transform(steps, s -> struct(s.t_ms, s.action, s.x, s.y, s.x2, s.y2, s.button, s.dx, s.dy,"
        + " s.text, s.keys, s.count, s.frame))");
    Column frames = expr("transform(frames, f -> f.content_hash)");
    return sha2(to_json(org.apache.spark.sql.functions.struct(steps.as("steps"), frames.as("frames"))), 256);
  }

  public Result apply(Dataset<Row> episodes) {
    Dataset<Row> ranked = episodes.withColumn("_sig", signature())
        .withColumn("_rank", row_number().over(Window.partitionBy("_sig").orderBy(col("episode_id"))))
        .persist();
    long before = ranked.count();
    Dataset<Row> kept = ranked.where(col("_rank").equalTo(1)).drop("_sig", "_rank");
    long after = kept.count();
    Counts c = new Counts().add("episodes.dedup.exact", before - after);
    return new Result(kept, c);
  }
}
