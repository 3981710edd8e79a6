package io.demoshard.eval;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.posexplode;

/**
 * Scores a published night against the simulator's ground truth ({@code RAW/_truth/}).
 *
 * <ul>
 *   <li>Episode boundaries: every episode contributes a start and an end point (session, ts);
 *       a predicted point matches a true one of the same session within the tolerance (one to
 *       one). Truth counts only publishable episodes of the day that are not re-uploads.</li>
 *   <li>Actions: a true action is matched to the published step that starts with the same
 *       raw event (lineage {@code step_event_ids}); type accuracy is over all true actions of
 *       the scored episodes, so merged or lost actions count as wrong.</li>
 *   <li>Observation frames: over matched actions, the published step's raw frame id (lineage
 *       {@code frame_ids}) equals the true one, "none" included.</li>
 * </ul>
 */
public final class Evaluator {
  private final SparkSession spark;
  private final long toleranceMs;

  public Evaluator(SparkSession spark, long toleranceMs) {
    this.spark = spark;
    this.toleranceMs = toleranceMs;
  }

  public Map<String, Object> evaluate(String raw, String out, LocalDate date) {
    String day = date.toString();
    Dataset<Row> allEpisodes = spark.read().json(raw + "/_truth/episodes.jsonl")
        .where(col("day").equalTo(day).and(col("publishable")));
    Dataset<Row> truthEpisodes = allEpisodes.where(col("reupload_of").isNull());
    Dataset<Row> allActions = spark.read().json(raw + "/_truth/actions.jsonl");
    Dataset<Row> truthActions = allActions.join(truthEpisodes.select("truth_id"), "truth_id");
    // Dedup keeps one copy of a re-uploaded session, either one: read the copy as the original.
    Dataset<Row> copies = allEpisodes.where(col("reupload_of").isNotNull())
        .select(col("truth_id").as("copy_id"), col("session_id").as("copy_session"), col("reupload_of"));
    Dataset<Row> sessionAlias = copies.join(truthEpisodes.select(col("truth_id"), col("session_id").as("orig_session")),
        copies.col("reupload_of").equalTo(col("truth_id"))).select("copy_session", "orig_session").distinct();
    Dataset<Row> eventAlias = allActions.select(col("truth_id").as("copy_id"), col("idx"),
            col("first_event_id").as("copy_event"))
        .join(copies, "copy_id")
        .join(allActions.select(col("truth_id").as("reupload_of"), col("idx"), col("first_event_id").as("orig_event")),
            new String[] {"reupload_of", "idx"})
        .select("copy_event", "orig_event");
    Dataset<Row> lineage = aliased(spark.read().parquet(out + "/_lineage/" + day), sessionAlias, eventAlias);
    Dataset<Row> shards = spark.read().parquet(out + "/" + day + "/train", out + "/" + day + "/val",
        out + "/" + day + "/test");

    Map<String, Object> report = new LinkedHashMap<>();
    report.put("date", day);
    report.putAll(boundaries(truthEpisodes, lineage));
    report.putAll(actions(truthActions, lineage, shards));
    return report;
  }

  /** Lineage with re-upload copies' session and event ids replaced by the original's. */
  private static Dataset<Row> aliased(Dataset<Row> lineage, Dataset<Row> sessionAlias, Dataset<Row> eventAlias) {
    Map<String, String> sessions = new HashMap<>();
    sessionAlias.collectAsList().forEach(r -> sessions.put(r.getString(0), r.getString(1)));
    Map<String, String> events = new HashMap<>();
    eventAlias.collectAsList().forEach(r -> events.put(r.getString(0), r.getString(1)));
    if (sessions.isEmpty()) {
      return lineage;
    }
    org.apache.spark.sql.Column session = col("session_id");
    for (Map.Entry<String, String> e : sessions.entrySet()) {
      session = org.apache.spark.sql.functions.when(col("session_id").equalTo(e.getKey()), e.getValue())
          .otherwise(session);
    }
    List<String> keys = new ArrayList<>(events.keySet());
    org.apache.spark.sql.Column mapping = org.apache.spark.sql.functions.map_from_arrays(
        org.apache.spark.sql.functions.lit(keys.toArray(new String[0])),
        org.apache.spark.sql.functions.lit(keys.stream().map(events::get).toArray(String[]::new)));
    return lineage.withColumn("session_id", session)
        .withColumn("step_event_ids", org.apache.spark.sql.functions.transform(col("step_event_ids"),
            id -> org.apache.spark.sql.functions.coalesce(org.apache.spark.sql.functions.element_at(mapping, id), id)));
  }

  private Map<String, Object> boundaries(Dataset<Row> truth, Dataset<Row> lineage) {
    Map<String, List<long[]>> t = points(truth.select("session_id", "start_ts", "end_ts").collectAsList());
    Map<String, List<long[]>> p = points(lineage.select("session_id", "start_ts", "end_ts").collectAsList());
    long truePoints = t.values().stream().mapToLong(List::size).sum();
    long predPoints = p.values().stream().mapToLong(List::size).sum();
    long matched = 0;
    for (Map.Entry<String, List<long[]>> e : p.entrySet()) {
      matched += match(e.getValue(), t.getOrDefault(e.getKey(), List.of()));
    }
    double precision = predPoints == 0 ? 0 : matched / (double) predPoints;
    double recall = truePoints == 0 ? 0 : matched / (double) truePoints;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("true_episodes", truth.count());
    m.put("published_episodes", lineage.count());
    m.put("boundary_tolerance_ms", toleranceMs);
    m.put("boundary_precision", round(precision));
    m.put("boundary_recall", round(recall));
    m.put("boundary_f1", round(precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)));
    return m;
  }

  /** Start and end points per session, each tagged 0 (start) or 1 (end). */
  private static Map<String, List<long[]>> points(List<Row> rows) {
    Map<String, List<long[]>> m = new HashMap<>();
    for (Row r : rows) {
      List<long[]> l = m.computeIfAbsent(r.getString(0), k -> new ArrayList<>());
      l.add(new long[] {r.getLong(1), 0});
      l.add(new long[] {r.getLong(2), 1});
    }
    return m;
  }

  /** Greedy one-to-one matching of points of the same kind within the tolerance. */
  private long match(List<long[]> pred, List<long[]> truth) {
    boolean[] used = new boolean[truth.size()];
    long n = 0;
    for (long[] p : pred) {
      int best = -1;
      long bestD = Long.MAX_VALUE;
      for (int i = 0; i < truth.size(); i++) {
        long d = Math.abs(truth.get(i)[0] - p[0]);
        if (!used[i] && truth.get(i)[1] == p[1] && d <= toleranceMs && d < bestD) {
          best = i;
          bestD = d;
        }
      }
      if (best >= 0) {
        used[best] = true;
        n++;
      }
    }
    return n;
  }

  private Map<String, Object> actions(Dataset<Row> truthActions, Dataset<Row> lineage, Dataset<Row> shards) {
    // One row per published step: its first raw event id, type, position and raw frame id.
    Dataset<Row> steps = shards.select(col("episode_id"), explode(col("steps")).as("s"))
        .select(col("episode_id"), col("s.idx").as("idx"), col("s.action").as("p_action"), col("s.x").as("p_x"),
            col("s.y").as("p_y"), col("s.frame").as("p_frame"));
    Dataset<Row> stepIds = lineage.select(col("episode_id"), posexplode(col("step_event_ids")).as(new String[] {"idx", "first_event_id"}));
    Dataset<Row> predicted = steps.join(stepIds, new String[] {"episode_id", "idx"})
        .join(lineage.select("episode_id", "frame_ids"), "episode_id")
        .selectExpr("first_event_id", "p_action", "p_x", "p_y",
            "CASE WHEN p_frame IS NULL THEN NULL ELSE element_at(frame_ids, p_frame + 1) END AS p_frame_id");
    Dataset<Row> joined = truthActions.select(col("first_event_id"), col("action"), col("x"), col("y"),
            col("frame_id"))
        .join(predicted, new String[] {"first_event_id"}, "left");
    List<Row> rows = joined.collectAsList();
    long total = rows.size();
    long found = 0;
    long typeOk = 0;
    long frameOk = 0;
    double coordSum = 0;
    long coordN = 0;
    List<Double> errors = new ArrayList<>();
    for (Row r : rows) {
      if (r.isNullAt(r.fieldIndex("p_action"))) {
        continue;
      }
      found++;
      if (r.<String>getAs("action").equals(r.getAs("p_action"))) {
        typeOk++;
      }
      Object tf = r.getAs("frame_id");
      Object pf = r.getAs("p_frame_id");
      if (tf == null ? pf == null : tf.equals(pf)) {
        frameOk++;
      }
      if (!r.isNullAt(r.fieldIndex("x")) && !r.isNullAt(r.fieldIndex("p_x"))) {
        double dx = ((Number) r.getAs("x")).doubleValue() - r.<Integer>getAs("p_x");
        double dy = ((Number) r.getAs("y")).doubleValue() - r.<Integer>getAs("p_y");
        double d = Math.sqrt(dx * dx + dy * dy);
        coordSum += d;
        coordN++;
        errors.add(d);
      }
    }
    errors.sort(Double::compare);
    long predictedSteps = predicted.count();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("true_actions", total);
    m.put("published_steps", predictedSteps);
    m.put("actions_found", found);
    m.put("action_type_accuracy", round(total == 0 ? 0 : typeOk / (double) total));
    m.put("coord_error_mean_px", round(coordN == 0 ? 0 : coordSum / coordN));
    m.put("coord_error_p95_px", round(errors.isEmpty() ? 0 : errors.get((int) Math.floor(0.95 * (errors.size() - 1)))));
    m.put("observation_frame_accuracy", round(found == 0 ? 0 : frameOk / (double) found));
    return m;
  }

  private static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }
}
