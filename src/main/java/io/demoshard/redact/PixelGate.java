package io.demoshard.redact;

import io.demoshard.config.DemoshardConfig.RedactConfig;
import io.demoshard.model.Counts;
import io.demoshard.privacy.EpisodeGate;
import io.demoshard.privacy.scrub.TextScrubber;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * The privacy gate's look at pixels, on the redacted episodes before anything is staged (their
 * image bytes are exactly the bytes the shards will hold): a deterministic sample of the frames
 * ({@code redact.gate-sample}, at least {@code redact.gate-min-frames}) is OCR'd again, whole-frame
 * and not incrementally, and searched for everything the redaction searches for.
 *
 * <p>An episode with a sampled frame that still shows personal data, or that cannot be OCR'd, is
 * withheld (quarantined with kind and column {@code frames.image}, never the value; see
 * {@link EpisodeGate#withhold}). When more than {@code redact.gate-max-share} of the sampled frames
 * show something, the redaction is broken tonight, not one odd frame: nothing is published.
 *
 * <p>In: {@code Schemas.REDACTED_EPISODE} rows and {@link SessionValues#SCHEMA}. Out: the episodes to publish.
 */
public final class PixelGate {
  public static final String FRAMES_CHECKED = "redact.gate.frames_checked";
  public static final String FRAMES_WITH_FINDINGS = "redact.gate.frames_with_findings";
  public static final String WITHHELD = "redact.gate.withheld_episodes";

  private final RedactConfig cfg;
  private final TextScrubber scrubber;
  private final List<KnownValue> nightValues;

  public PixelGate(RedactConfig cfg, TextScrubber scrubber, List<KnownValue> nightValues) {
    this.cfg = cfg;
    this.scrubber = scrubber;
    this.nightValues = List.copyOf(nightValues);
  }

  public EpisodeGate.Result apply(Dataset<Row> episodes, Dataset<Row> sessionValues) {
    Dataset<Row> frames = episodes.select(col("episode_id"), col("user_key"), col("session_id"),
            explode(col("frames")).as("f"))
        .select(col("episode_id"), col("user_key"), col("session_id"), col("f.idx").as("idx"),
            col("f.format").as("format"), col("f.image").as("bytes"))
        .withColumn("_k", xxhash64(col("episode_id"), col("idx")));
    long total = frames.count();
    long n = Math.min(total, Math.max((long) Math.ceil(cfg.gateSample() * total), cfg.gateMinFrames()));
    Counts counts = new Counts();
    List<Row> findings = new ArrayList<>();
    if (n > 0) {
      Dataset<Row> sample = frames.orderBy(col("_k"), col("episode_id"), col("idx")).limit((int) n)
          .join(sessionValues, "session_id", "left_outer")
          .select(col("episode_id"), col("user_key"), col("idx"), col("format"), col("bytes"), col("values"));
      findings = sample.mapPartitions(task(cfg, scrubber, nightValues), Encoders.row(EpisodeGate.FINDING))
          .collectAsList();
    }
    long withFindings = findings.size();
    counts.add(FRAMES_CHECKED, n).add(FRAMES_WITH_FINDINGS, withFindings);
    for (Row f : findings) {
      counts.add("redact.gate.findings." + f.getString(3), 1);
    }
    if (withFindings > cfg.gateMaxShare() * n) {
      throw new IllegalStateException(String.format("privacy gate refused to publish: %d of %d sampled frames "
          + "(%.1f%%) still show personal data after redaction, more than redact.gate-max-share = %.1f%% (%s)",
          withFindings, n, 100.0 * withFindings / n, 100 * cfg.gateMaxShare(), kinds(findings)));
    }
    EpisodeGate.Result r = EpisodeGate.withhold(episodes, findings, counts);
    counts.add(WITHHELD, r.withheldIds().size());
    return r;
  }

  private static String kinds(List<Row> findings) {
    Map<String, Long> k = new TreeMap<>();
    findings.forEach(f -> k.merge(f.getString(3), 1L, Long::sum));
    return k.toString();
  }

  /** Executor side: one finding row per sampled frame that shows something (kinds joined), or that fails. */
  private static MapPartitionsFunction<Row, Row> task(RedactConfig cfg, TextScrubber scrubber, List<KnownValue> night) {
    return rows -> {
      List<Row> out = new ArrayList<>();
      try (FrameRedactor redactor = new FrameRedactor(cfg, scrubber, night)) {
        while (rows.hasNext()) {
          Row r = rows.next();
          List<KnownValue> values = new ArrayList<>();
          if (!r.isNullAt(5)) {
            for (Row v : r.<Row>getList(5)) {
              values.add(new KnownValue(v.getString(0), v.getString(1)));
            }
          }
          String kind;
          try {
            List<Box> left = redactor.findRemaining((byte[]) r.get(4), r.getString(3), values);
            kind = left.isEmpty() ? null : String.join("+", left.stream().map(Box::kind).distinct().sorted().toList());
          } catch (Exception e) {
            kind = "unreadable";
          }
          if (kind != null) {
            out.add(RowFactory.create(r.getString(0), r.getString(1), "frames.image", kind, 1L));
          }
        }
      }
      return out.iterator();
    };
  }
}
