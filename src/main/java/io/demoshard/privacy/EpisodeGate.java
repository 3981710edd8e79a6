package io.demoshard.privacy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demoshard.model.Counts;
import io.demoshard.model.Schemas;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.sum;

/**
 * The privacy gate on the night's final episodes, before anything is staged: an episode in whose
 * published text columns ({@code app}, {@code apps}, {@code task_label}, {@code os},
 * {@code steps.text}, {@code steps.keys}, ...) a {@link PrivacyGate} detector still finds something
 * is withheld, not published; the others go on. One string no longer sinks the night.
 *
 * <p>Withheld episodes are quarantined (reason {@value #REASON}) with their episode id, pseudonym
 * (so that erasure purges them) and the kind and column of each finding: never the value. Counts:
 * {@value #WITHHELD} (episodes), {@code privacy.gate_findings.<kind>}, and the terminal fates of their
 * lines {@code events.policy.withheld_by_gate} (raw events) and {@code frames.policy.withheld_by_gate}.
 *
 * <p>Withholding more than one episode and more than {@code maxWithheldFraction} of the night's episodes
 * is no longer one odd string but a broken detector: then {@link #apply} throws and nothing is published. Frames are not
 * scanned here (their paths are still raw, the publisher renames them); the gate on the staged version
 * still checks everything and stays the final fail-safe.
 */
public final class EpisodeGate {
  public static final String REASON = "privacy_gate";
  public static final String WITHHELD = "privacy.withheld_by_gate";
  public static final String EVENTS_WITHHELD = "events.policy.withheld_by_gate";
  public static final String FRAMES_WITHHELD = "frames.policy.withheld_by_gate";
  /** Top-level episode columns that are published as text (frames excepted, see class comment). */
  static final Set<String> SCANNED = Set.of("episode_id", "app", "apps", "task_label", "os", "steps");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** One finding: in which episode (and whose), which column, which kind, how many. Never the value. */
  public static final StructType FINDING = new StructType(new StructField[] {
      DataTypes.createStructField("episode_id", DataTypes.StringType, false),
      DataTypes.createStructField("user_key", DataTypes.StringType, true),
      DataTypes.createStructField("column", DataTypes.StringType, false),
      DataTypes.createStructField("kind", DataTypes.StringType, false),
      DataTypes.createStructField("n", DataTypes.LongType, false)});

  private final PrivacyGate gate;
  private final double maxWithheldFraction;

  public EpisodeGate(PrivacyGate gate, double maxWithheldFraction) {
    this.gate = gate;
    this.maxWithheldFraction = maxWithheldFraction;
  }

  /**
   * @param kept the episodes to publish (same schema as the input)
   * @param quarantine one {@link Schemas#QUARANTINE} row per withheld episode
   * @param withheldIds ids of the withheld episodes (driver-side, small)
   */
  public record Result(Dataset<Row> kept, Dataset<Row> quarantine, Counts counts, Set<String> withheldIds) {}

  /** @param episodes rows of {@code Schemas.EPISODE} (extra columns kept), ideally persisted */
  public Result apply(Dataset<Row> episodes) {
    SparkSession spark = episodes.sparkSession();
    StructType schema = episodes.schema();
    PrivacyGate g = gate;
    boolean hasUserKey = List.of(schema.fieldNames()).contains("user_key");
    List<Row> findings = episodes.flatMap((FlatMapFunction<Row, Row>) r -> {
      List<Row> out = new ArrayList<>();
      String id = r.getAs("episode_id");
      String userKey = hasUserKey ? r.getAs("user_key") : null;
      g.scanRow(r, schema, SCANNED).forEach((k, n) -> out.add(RowFactory.create(id, userKey, k.get(0), k.get(1), n)));
      return out.iterator();
    }, Encoders.row(FINDING)).collectAsList();

    // episode id -> its findings, in a stable order
    Map<String, List<Row>> byEpisode = new TreeMap<>();
    Counts counts = new Counts();
    for (Row f : findings) {
      byEpisode.computeIfAbsent(f.getString(0), k -> new ArrayList<>()).add(f);
      counts.add("privacy.gate_findings." + f.getString(3), f.getLong(4));
    }
    long total = episodes.count();
    long withheld = byEpisode.size();
    counts.add(WITHHELD, withheld);
    // A single withheld episode is one odd string on any night, however small the night is.
    if (withheld > 1 && withheld > maxWithheldFraction * total) {
      throw new IllegalStateException(String.format(
          "privacy gate refused to publish: %d of %d episodes (%.2f%%) still hold personal data after scrubbing,"
              + " more than privacy.gate-max-withheld = %.2f%%: a detector or scrubber bug, not one odd string (%s)",
          withheld, total, 100.0 * withheld / Math.max(1, total), 100 * maxWithheldFraction, summary(findings)));
    }
    return withhold(episodes, findings, counts);
  }

  /**
   * Withholds every episode named in {@code findings} ({@link #FINDING} rows): quarantined with kind and
   * column, their lines counted in the withheld fates, the rest returned. Shared by the text gate and
   * the pixel gate ({@code io.demoshard.redact.PixelGate}); {@code counts} receives the fates.
   */
  public static Result withhold(Dataset<Row> episodes, List<Row> findings, Counts counts) {
    SparkSession spark = episodes.sparkSession();
    Map<String, List<Row>> byEpisode = new TreeMap<>();
    for (Row f : findings) {
      byEpisode.computeIfAbsent(f.getString(0), k -> new ArrayList<>()).add(f);
    }
    if (byEpisode.isEmpty()) {
      counts.add(EVENTS_WITHHELD, 0).add(FRAMES_WITHHELD, 0);
      return new Result(episodes, spark.createDataFrame(List.of(), Schemas.QUARANTINE), counts, Set.of());
    }
    List<Row> quarantine = new ArrayList<>();
    List<Row> ids = new ArrayList<>();
    for (Map.Entry<String, List<Row>> e : byEpisode.entrySet()) {
      ids.add(RowFactory.create(e.getKey()));
      quarantine.add(RowFactory.create("episodes", null, null, raw(e.getKey(), e.getValue()), REASON,
          "withheld from publishing: " + summary(e.getValue())));
    }
    Dataset<Row> idFrame = spark.createDataFrame(ids,
        new StructType().add("__withheld_id", DataTypes.StringType, false));
    Dataset<Row> out = episodes.join(broadcast(idFrame), col("episode_id").equalTo(col("__withheld_id")), "left_anti");
    Dataset<Row> gone = episodes.join(broadcast(idFrame), col("episode_id").equalTo(col("__withheld_id")), "left_semi");
    Row ev = gone.agg(sum(col("num_raw_events"))).first();
    long frames = gone.select(explode(col("frames.frame_id")).as("f")).agg(countDistinct("f")).first().getLong(0);
    counts.add(EVENTS_WITHHELD, ev.isNullAt(0) ? 0 : ev.getLong(0)).add(FRAMES_WITHHELD, frames);
    return new Result(out, spark.createDataFrame(quarantine, Schemas.QUARANTINE), counts,
        Set.copyOf(byEpisode.keySet()));
  }

  /** JSON with the episode id, the pseudonym (erasure purges by it) and kind/column/count: no value. */
  private static String raw(String episodeId, List<Row> findings) {
    ObjectNode j = JSON.createObjectNode();
    j.put("episode_id", episodeId);
    if (!findings.get(0).isNullAt(1)) {
      j.put("user_key", findings.get(0).getString(1));
    }
    ArrayNode a = j.putArray("findings");
    for (Row f : findings) {
      a.addObject().put("column", f.getString(2)).put("kind", f.getString(3)).put("n", f.getLong(4));
    }
    return j.toString();
  }

  private static String summary(List<Row> findings) {
    Map<String, Long> byKey = new TreeMap<>();
    for (Row f : findings) {
      byKey.merge(f.getString(3) + " in " + f.getString(2), f.getLong(4), Long::sum);
    }
    List<String> parts = new ArrayList<>();
    byKey.forEach((k, n) -> parts.add(k + " (" + n + ")"));
    return String.join(", ", parts);
  }
}
