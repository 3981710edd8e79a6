package io.demoshard.redact;

import io.demoshard.config.DemoshardConfig.RedactConfig;
import io.demoshard.privacy.scrub.TextScrubber;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * The privacy gate's look at pixels: a deterministic sample of the staged frames
 * ({@code redact.gate-sample}, at least {@code redact.gate-min-frames}) is OCR'd again, whole-frame and
 * not incrementally, and searched for everything the redaction searches for. Any finding, or a
 * sampled frame that cannot be OCR'd, refuses the version: either means the redaction missed
 * something it should have found.
 *
 * <p>In: staged shard rows ({@code Schemas.SHARD}), the staged lineage ({@code episode_id},
 * {@code session_id}) and {@link SessionValues#SCHEMA}.
 */
public final class PixelGate {
  private static final StructType FINDING = new StructType()
      .add("episode_id", DataTypes.StringType, false).add("idx", DataTypes.IntegerType, false)
      .add("kinds", DataTypes.StringType, true).add("failure", DataTypes.StringType, true);

  /** What the gate saw: frames sampled of the total, and findings by kind (never the values). */
  public record Report(long framesTotal, long framesChecked, long framesWithFindings, long failures,
                       Map<String, Long> findingsByKind) {
    public boolean ok() {
      return framesWithFindings == 0 && failures == 0;
    }

    public String reason() {
      return framesWithFindings + " of " + framesChecked + " sampled frames still show personal data "
          + findingsByKind + (failures > 0 ? ", " + failures + " could not be OCR'd" : "");
    }
  }

  private final RedactConfig cfg;
  private final TextScrubber scrubber;
  private final List<KnownValue> nightValues;

  public PixelGate(RedactConfig cfg, TextScrubber scrubber, List<KnownValue> nightValues) {
    this.cfg = cfg;
    this.scrubber = scrubber;
    this.nightValues = List.copyOf(nightValues);
  }

  public Report check(Dataset<Row> shards, Dataset<Row> lineage, Dataset<Row> sessionValues) {
    Dataset<Row> frames = shards.select(col("episode_id"), explode(col("frames")).as("f"))
        .select(col("episode_id"), col("f.idx").as("idx"), col("f.format").as("format"),
            col("f.image.bytes").as("bytes"))
        .withColumn("_k", xxhash64(col("episode_id"), col("idx")));
    long total = frames.count();
    long n = Math.min(total, Math.max((long) Math.ceil(cfg.gateSample() * total), cfg.gateMinFrames()));
    if (n == 0) {
      return new Report(total, 0, 0, 0, Map.of());
    }
    Dataset<Row> sample = frames.orderBy(col("_k"), col("episode_id"), col("idx")).limit((int) n)
        .join(lineage.select(col("episode_id"), col("session_id")), "episode_id")
        .join(sessionValues, "session_id", "left_outer")
        .select(col("episode_id"), col("idx"), col("format"), col("bytes"), col("values"));
    List<Row> found = sample.mapPartitions(task(cfg, scrubber, nightValues), Encoders.row(FINDING)).collectAsList();
    Map<String, Long> byKind = new TreeMap<>();
    long withFindings = 0;
    long failures = 0;
    for (Row r : found) {
      if (r.getString(3) != null) {
        failures++;
      } else {
        withFindings++;
        for (String k : r.getString(2).split(",")) {
          byKind.merge(k, 1L, Long::sum);
        }
      }
    }
    return new Report(total, n, withFindings, failures, byKind);
  }

  private static MapPartitionsFunction<Row, Row> task(RedactConfig cfg, TextScrubber scrubber, List<KnownValue> night) {
    return rows -> {
      List<Row> out = new ArrayList<>();
      try (FrameRedactor redactor = new FrameRedactor(cfg, scrubber, night)) {
        while (rows.hasNext()) {
          Row r = rows.next();
          List<KnownValue> values = new ArrayList<>();
          if (!r.isNullAt(4)) {
            for (Row v : r.<Row>getList(4)) {
              values.add(new KnownValue(v.getString(0), v.getString(1)));
            }
          }
          try {
            List<Box> left = redactor.findRemaining((byte[]) r.get(3), r.getString(2), values);
            if (!left.isEmpty()) {
              String kinds = String.join(",", left.stream().map(Box::kind).distinct().sorted().toList());
              out.add(RowFactory.create(r.getString(0), r.getInt(1), kinds, null));
            }
          } catch (Exception e) {
            out.add(RowFactory.create(r.getString(0), r.getInt(1), null, e.getClass().getSimpleName()));
          }
        }
      }
      return out.iterator();
    };
  }
}
