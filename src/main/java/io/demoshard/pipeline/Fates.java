package io.demoshard.pipeline;

import io.demoshard.model.Counts;
import io.demoshard.privacy.EpisodeGate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.sum;

/**
 * The final fate of the events and frames that reached this day's episodes: published
 * ({@code events.used}, {@code frames.kept}), withheld by the privacy gate ({@code *.policy.withheld_by_gate}),
 * for frames dropped by screenshot redaction ({@code frames.policy.redact_failed}) (both already counted
 * in {@code sofar}), or removed by dedup ({@code *.deduplicated}, the rest), computed from the episodes
 * that are about to be published.
 */
final class Fates {
  private Fates() {}

  static Counts of(Dataset<Row> published, Counts sofar) {
    Row ev = published.agg(sum(col("num_raw_events")), org.apache.spark.sql.functions.count("*")).first();
    long usedEvents = ev.isNullAt(0) ? 0 : ev.getLong(0);
    long keptFrames = published.select(explode(col("frames.frame_id")).as("f")).agg(countDistinct("f")).first()
        .getLong(0);
    Counts c = new Counts();
    c.add("events.used", usedEvents);
    c.add("events.deduplicated", sofar.get("events.in_episodes") - usedEvents
        - sofar.get(EpisodeGate.EVENTS_WITHHELD));
    c.add("frames.kept", keptFrames);
    c.add("frames.deduplicated", sofar.get("frames.in_episodes") - keptFrames
        - sofar.get(EpisodeGate.FRAMES_WITHHELD) - sofar.get("frames.policy.redact_failed"));
    c.add("episodes.published", ev.getLong(1));
    return c;
  }
}
