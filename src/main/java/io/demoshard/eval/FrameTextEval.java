package io.demoshard.eval;

import io.demoshard.spark.HadoopConf;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Screenshot redaction judged by pixels against the simulator's text-box truth
 * ({@code _truth/text_boxes.jsonl.gz}, docs/SIMULATOR.md).
 *
 * <p>Every published frame (shard {@code frames} array, matched by position to the lineage's
 * {@code frame_ids}) is compared with its raw screenshot, box by box ({@link TextPixels}):
 * <ul>
 *   <li>{@code pii_box_recall}: PII boxes redacted / PII boxes with text pixels, overall and per kind
 *       ({@code pii_by_kind});</li>
 *   <li>{@code control_text_kept}: control boxes kept / control boxes with text pixels;</li>
 *   <li>{@code frames_zero_pii_left_rate}: scored frames in which every PII box is redacted (a frame
 *       with no PII counts), and the same among frames that show PII;</li>
 *   <li>frames without a truth line or that do not decode are counted, not scored;</li>
 *   <li>{@code redactions_reported}: the sum of the shards' {@code frames.redactions} (boxes the
 *       redaction stage says it painted), null when the column is absent.</li>
 * </ul>
 * Unredacted output scores recall 0 and control kept 1.
 */
public final class FrameTextEval {
  public static final String TRUTH = "_truth/text_boxes.jsonl.gz";

  static final StructType BOX = new StructType().add("x", DataTypes.IntegerType).add("y", DataTypes.IntegerType)
      .add("w", DataTypes.IntegerType).add("h", DataTypes.IntegerType).add("text", DataTypes.StringType)
      .add("pii", DataTypes.BooleanType).add("kind", DataTypes.StringType);
  static final StructType TRUTH_SCHEMA = new StructType().add("frame_id", DataTypes.StringType)
      .add("path", DataTypes.StringType).add("boxes", DataTypes.createArrayType(BOX));
  /** One scored box (status "box"), or one row for a frame with no box / no truth / no image. */
  static final StructType RESULT = new StructType().add("frame_key", DataTypes.StringType).add("status", DataTypes.StringType)
      .add("pii", DataTypes.BooleanType).add("kind", DataTypes.StringType).add("ok", DataTypes.BooleanType);

  private FrameTextEval() {}

  /** True when the raw root has text-box truth (simulators before it did not). */
  public static boolean hasTruth(SparkSession spark, String raw) {
    try {
      Path p = new Path(raw, TRUTH);
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
    } catch (IOException e) {
      return false;
    }
  }

  public static Map<String, Object> evaluate(SparkSession spark, String raw, String out, String day) {
    Dataset<Row> truth = spark.read().schema(TRUTH_SCHEMA).json(new Path(raw, TRUTH).toString());
    Dataset<Row> lineage = spark.read().parquet(out + "/_lineage/" + day)
        .select(col("episode_id"), posexplode(col("frame_ids")).as(new String[] {"pos", "frame_id"}));
    List<String> splits = new ArrayList<>();
    for (String s : List.of("train", "val", "test")) {
      if (exists(spark, out + "/" + day + "/" + s)) splits.add(out + "/" + day + "/" + s);
    }
    Dataset<Row> shards = spark.read().parquet(splits.toArray(new String[0]));
    Dataset<Row> frames = shards
        .select(col("episode_id"), posexplode(col("frames")).as(new String[] {"pos", "f"}))
        .select(col("episode_id"), col("pos"), col("f.image.bytes").as("bytes"));
    // what the redaction stage says it painted (frames.redactions), next to what the pixels show
    Long painted = null;
    if (shards.schema().apply("frames").dataType() instanceof org.apache.spark.sql.types.ArrayType a
        && a.elementType() instanceof StructType st && java.util.Arrays.asList(st.fieldNames()).contains("redactions")) {
      Row r = shards.select(posexplode(col("frames")).as(new String[] {"pos", "f"})).agg(sum(col("f.redactions"))).first();
      painted = r.isNullAt(0) ? 0L : r.getLong(0);
    }
    Dataset<Row> joined = frames.join(lineage, new String[] {"episode_id", "pos"})
        .join(truth, new String[] {"frame_id"}, "left")
        .select(col("frame_id"), col("episode_id"), col("pos"), col("path"), col("boxes"), col("bytes"));
    HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    String root = raw;
    Dataset<Row> scored = joined.flatMap((FlatMapFunction<Row, Row>) r -> score(r, root, conf), Encoders.row(RESULT)).cache();
    try {
      Map<String, Object> m = metrics(scored);
      m.put("redactions_reported", painted);   // null: the shards have no frames.redactions column
      return m;
    } finally {
      scored.unpersist();
    }
  }

  private static boolean exists(SparkSession spark, String dir) {
    try {
      Path p = new Path(dir);
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
    } catch (IOException e) {
      return false;
    }
  }

  /** Scores one published frame against its raw screenshot. */
  static Iterator<Row> score(Row r, String raw, HadoopConf conf) throws IOException {
    String key = r.getString(1) + "/" + r.getInt(2);
    List<Row> out = new ArrayList<>();
    if (r.isNullAt(3)) {
      out.add(RowFactory.create(key, "no_truth", null, null, null));
      return out.iterator();
    }
    BufferedImage pub = decode(r.isNullAt(5) ? null : (byte[]) r.get(5));
    BufferedImage src;
    Path p = new Path(raw, r.getString(3));
    FileSystem fs = conf.fs(p);
    try (FSDataInputStream in = fs.open(p)) {
      src = decode(in.readAllBytes());
    }
    if (pub == null || src == null || pub.getWidth() != src.getWidth() || pub.getHeight() != src.getHeight()) {
      out.add(RowFactory.create(key, "unreadable", null, null, null));
      return out.iterator();
    }
    List<Row> boxes = r.getList(4);
    for (Row b : boxes) {
      TextPixels.Score s = TextPixels.score(src, pub, b.getInt(0), b.getInt(1), b.getInt(2), b.getInt(3));
      if (s.textPixels() == 0) continue;
      boolean pii = b.getBoolean(5);
      out.add(RowFactory.create(key, "box", pii, b.getString(6), pii ? s.redacted() : s.kept()));
    }
    if (out.isEmpty()) out.add(RowFactory.create(key, "no_box", null, null, null));
    return out.iterator();
  }

  private static BufferedImage decode(byte[] bytes) {
    if (bytes == null) return null;
    try {
      return ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static Map<String, Object> metrics(Dataset<Row> scored) {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Long> status = new TreeMap<>();
    for (Row r : scored.groupBy("frame_key").agg(org.apache.spark.sql.functions.first("status").as("status"))
        .groupBy("status").count().collectAsList()) {
      status.put(r.getString(0), r.getLong(1));
    }
    long unscored = status.getOrDefault("no_truth", 0L) + status.getOrDefault("unreadable", 0L);
    long scoredFrames = status.values().stream().mapToLong(Long::longValue).sum() - unscored;
    m.put("frames_published", scoredFrames + unscored);
    m.put("frames_scored", scoredFrames);
    m.put("frames_without_truth", status.getOrDefault("no_truth", 0L));
    m.put("frames_unreadable", status.getOrDefault("unreadable", 0L));

    Dataset<Row> boxes = scored.where(col("status").equalTo("box"));
    long piiBoxes = 0, piiOk = 0, ctlBoxes = 0, ctlOk = 0;
    Map<String, Object> byKind = new TreeMap<>();
    for (Row r : boxes.groupBy("pii", "kind").agg(count(lit(1)).as("n"), sum(when(col("ok"), 1).otherwise(0)).as("ok"))
        .collectAsList()) {
      long n = r.getLong(2);
      long ok = r.getLong(3);
      if (r.getBoolean(0)) {
        piiBoxes += n;
        piiOk += ok;
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("boxes", n);
        k.put("redacted", ok);
        k.put("recall", round(ok / (double) n));
        byKind.put(r.getString(1), k);
      } else {
        ctlBoxes += n;
        ctlOk += ok;
      }
    }
    m.put("pii_boxes", piiBoxes);
    m.put("pii_boxes_redacted", piiOk);
    m.put("pii_box_recall", round(piiBoxes == 0 ? 0 : piiOk / (double) piiBoxes));
    m.put("pii_by_kind", byKind);
    m.put("control_boxes", ctlBoxes);
    m.put("control_boxes_kept", ctlOk);
    m.put("control_text_kept", round(ctlBoxes == 0 ? 0 : ctlOk / (double) ctlBoxes));

    // per scored frame: PII boxes and PII boxes left readable
    Row f = scored.where(col("status").isin("box", "no_box"))
        .groupBy("frame_key")
        .agg(sum(when(col("pii"), 1).otherwise(0)).as("pii"), sum(when(col("pii").and(col("ok").equalTo(false)), 1).otherwise(0)).as("left"))
        .agg(sum(when(col("left").equalTo(0), 1).otherwise(0)).as("clean"), sum(when(col("pii").gt(0), 1).otherwise(0)).as("with_pii"),
            sum(when(col("pii").gt(0).and(col("left").equalTo(0)), 1).otherwise(0)).as("with_pii_clean"))
        .first();
    long clean = f.isNullAt(0) ? 0 : f.getLong(0);
    long withPii = f.isNullAt(1) ? 0 : f.getLong(1);
    long withPiiClean = f.isNullAt(2) ? 0 : f.getLong(2);
    m.put("frames_with_pii", withPii);
    m.put("frames_zero_pii_left", clean);
    m.put("frames_zero_pii_left_rate", round(scoredFrames == 0 ? 0 : clean / (double) scoredFrames));
    m.put("frames_with_pii_zero_left_rate", round(withPii == 0 ? 0 : withPiiClean / (double) withPii));
    m.put("pixel_tolerance", TextPixels.TOLERANCE);
    m.put("text_pixel_share", TextPixels.SHARE);
    return m;
  }

  private static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }
}
