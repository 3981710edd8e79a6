package io.demoshard.eval;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.time.LocalDate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.posexplode;

/**
 * Scores a published night against the simulator's ground truth ({@code RAW/_truth/}).
 *
 * <p>"Truth of the day" below means the episodes of {@code _truth/episodes.jsonl} whose {@code day}
 * is the scored date and whose user is {@code publishable}. A truth episode is <em>published</em>
 * when a lineage row of the same {@code session_id} starts within the boundary tolerance of its
 * {@code start_ts}.
 *
 * <ul>
 *   <li>Episode boundaries: every episode contributes a start and an end point (session, ts);
 *       a predicted point matches a true one of the same session within the tolerance (one to
 *       one). Truth ("scored episodes", {@code true_episodes}) counts the truth of the day without
 *       re-upload copies and without the repeat members dedup is expected to remove: of each
 *       repeat group, the published members plus, when fewer than {@code max_per_cluster} are
 *       published, the earliest unpublished ones up to that number (with the default 1: the
 *       published member, or the first one when none is). A re-upload copy's lineage is read as
 *       its original's (dedup may keep either).</li>
 *   <li>Actions: a true action of a scored episode is matched to the published step that starts
 *       with the same raw event (lineage {@code step_event_ids}); type accuracy is over all true
 *       actions of the scored episodes, so merged or lost actions count as wrong.</li>
 *   <li>Observation frames: over matched actions, the published step's raw frame id (lineage
 *       {@code frame_ids}) equals the true one, "none" included.</li>
 * </ul>
 *
 * <p>Deduplication, judged by the simulator's truth ({@code reupload_of}, {@code repeat_group}):
 * <ul>
 *   <li>{@code reuploads_total}: re-upload copy episodes in the truth of the day;
 *       {@code reuploads_published_twice}: those whose original and copy are both published, each
 *       matched in its own session (the copy's session counts as separate here); a re-upload is
 *       removed when at most one of the two is published ({@code reuploads_removed}).</li>
 *   <li>{@code max_per_cluster}: {@code dedup.max-per-cluster} from the manifest's configuration,
 *       1 when absent. {@code repeat_groups}: groups with members in the truth of the day
 *       (re-upload copies not counted as members); {@code repeat_members},
 *       {@code repeat_published}: their members and published members;
 *       {@code repeat_excess_published}: sum over groups of max(0, published - max_per_cluster),
 *       0 when every repeat beyond max-per-cluster was removed; {@code repeat_groups_detail}:
 *       members, distinct users and published members per group.</li>
 *   <li>{@code distinct_true_episodes}: the truth of the day without re-upload copies and without
 *       the non-first members of each repeat group (first = earliest start, then truth id): the
 *       genuinely different episodes. {@code distinct_removed}: those not published, where an
 *       original counts as published when its copy is and a repeat group's first member when any
 *       member is (dedup may keep either). {@code distinct_removed_rate} = removed / distinct.
 *       An upper bound on dedup's false positives: segmentation misses count too.</li>
 * </ul>
 *
 * <p>Screenshot redaction ({@code frame_text}, when the raw root has text-box truth): PII box
 * recall, control text kept and frames with zero PII left, judged by pixels ({@link FrameTextEval}).
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
    Dataset<Row> truthFile = spark.read().json(raw + "/_truth/episodes.jsonl");
    if (!Arrays.asList(truthFile.columns()).contains("repeat_group")) {
      truthFile = truthFile.withColumn("repeat_group", lit(null).cast("string"));   // truth of an older simulator
    }
    Dataset<Row> allEpisodes = truthFile.where(col("day").equalTo(day).and(col("publishable")));
    Dataset<Row> dayEpisodes = allEpisodes.where(col("reupload_of").isNull());
    Dataset<Row> allActions = spark.read().json(raw + "/_truth/actions.jsonl");
    // Dedup keeps one copy of a re-uploaded session, either one: read the copy as the original.
    Dataset<Row> copies = allEpisodes.where(col("reupload_of").isNotNull())
        .select(col("truth_id").as("copy_id"), col("session_id").as("copy_session"), col("reupload_of"));
    Dataset<Row> sessionAlias = copies.join(dayEpisodes.select(col("truth_id"), col("session_id").as("orig_session")),
        copies.col("reupload_of").equalTo(col("truth_id"))).select("copy_session", "orig_session").distinct();
    // The copy's raw event and frame ids, action by action, next to the original's.
    Dataset<Row> eventAlias = allActions.select(col("truth_id").as("copy_id"), col("idx"),
            col("first_event_id").as("copy_event"), col("frame_id").as("copy_frame"))
        .join(copies, "copy_id")
        .join(allActions.select(col("truth_id").as("reupload_of"), col("idx"), col("first_event_id").as("orig_event"),
            col("frame_id").as("orig_frame")), new String[] {"reupload_of", "idx"})
        .select("copy_event", "orig_event", "copy_frame", "orig_frame");
    Map<String, String> sessions = new HashMap<>();
    sessionAlias.collectAsList().forEach(r -> sessions.put(r.getString(0), r.getString(1)));
    Dataset<Row> rawLineage = spark.read().parquet(out + "/_lineage/" + day);
    Dataset<Row> lineage = aliased(rawLineage, sessions, eventAlias);
    Dataset<Row> shards = spark.read().parquet(out + "/" + day + "/train", out + "/" + day + "/val",
        out + "/" + day + "/test");

    Published rawPub = new Published(rawLineage, Map.of());
    Published aliasedPub = new Published(rawLineage, sessions);
    List<Row> truth = allEpisodes.select("truth_id", "session_id", "start_ts", "reupload_of", "repeat_group", "user_id")
        .collectAsList();
    int maxPerCluster = maxPerCluster(out, day);
    Map<String, Object> dedup = new LinkedHashMap<>();
    Set<String> expectedRemoved = dedupMetrics(truth, rawPub, aliasedPub, maxPerCluster, dedup);

    Dataset<Row> truthEpisodes = expectedRemoved.isEmpty() ? dayEpisodes
        : dayEpisodes.where(not(col("truth_id").isin(expectedRemoved.toArray())));
    Dataset<Row> truthActions = allActions.join(truthEpisodes.select("truth_id"), "truth_id");

    Map<String, Object> report = new LinkedHashMap<>();
    report.put("date", day);
    report.putAll(boundaries(truthEpisodes, lineage));
    report.putAll(actions(truthActions, lineage, shards));
    report.putAll(dedup);
    if (FrameTextEval.hasTruth(spark, raw)) {
      report.put("frame_text", FrameTextEval.evaluate(spark, raw, out, day));
    }
    return report;
  }

  /** Lineage starts per session (copy sessions renamed by {@code alias}): is a truth episode published? */
  private final class Published {
    final Map<String, List<Long>> starts = new HashMap<>();
    final Map<String, String> alias;

    Published(Dataset<Row> lineage, Map<String, String> alias) {
      this.alias = alias;
      for (Row r : lineage.select("session_id", "start_ts").collectAsList()) {
        starts.computeIfAbsent(alias.getOrDefault(r.getString(0), r.getString(0)), k -> new ArrayList<>()).add(r.getLong(1));
      }
    }

    boolean has(String session, long start) {
      for (long s : starts.getOrDefault(alias.getOrDefault(session, session), List.of())) {
        if (Math.abs(s - start) <= toleranceMs) {
          return true;
        }
      }
      return false;
    }
  }

  /** {@code dedup.max-per-cluster} of the night's manifest configuration, 1 when absent. */
  private int maxPerCluster(String out, String day) {
    try {
      List<Row> text = spark.read().option("wholetext", true).text(out + "/" + day + "/manifest.json").collectAsList();
      if (text.isEmpty()) {
        return 1;
      }
      JsonNode config = new ObjectMapper().readTree(text.get(0).getString(0)).path("config");
      JsonNode dedup = config.has("demoshard") ? config.path("demoshard").path("dedup") : config.path("dedup");
      JsonNode v = dedup.path("max-per-cluster");
      return v.canConvertToInt() ? v.asInt() : 1;
    } catch (Exception e) {
      return 1;
    }
  }

  /**
   * Fills {@code m} with the dedup metrics (see the class comment) and returns the truth ids of
   * the repeat members dedup is expected to remove, left out of boundary and action scoring.
   */
  private static Set<String> dedupMetrics(List<Row> truth, Published rawPub, Published aliasedPub, int maxPerCluster,
                                          Map<String, Object> m) {
    Map<String, Row> byId = new HashMap<>();
    for (Row r : truth) {
      byId.put(r.getString(0), r);
    }
    long reuploads = 0;
    long twice = 0;
    Map<String, List<Row>> groups = new TreeMap<>();
    for (Row r : truth) {
      if (!r.isNullAt(3)) {
        reuploads++;
        Row orig = byId.get(r.getString(3));
        boolean copyPublished = rawPub.has(r.getString(1), r.getLong(2));
        boolean origPublished = orig != null && rawPub.has(orig.getString(1), orig.getLong(2));
        if (copyPublished && origPublished) {
          twice++;
        }
      } else if (!r.isNullAt(4)) {
        groups.computeIfAbsent(r.getString(4), k -> new ArrayList<>()).add(r);
      }
    }
    Set<String> expectedRemoved = new HashSet<>();
    Set<String> nonFirst = new HashSet<>();
    Map<String, Boolean> groupPublished = new HashMap<>();
    Map<String, Object> detail = new LinkedHashMap<>();
    long members = 0;
    long published = 0;
    long excess = 0;
    for (Map.Entry<String, List<Row>> g : groups.entrySet()) {
      List<Row> ms = g.getValue();
      ms.sort(Comparator.comparingLong((Row r) -> r.getLong(2)).thenComparing(r -> r.getString(0)));
      List<Row> pub = new ArrayList<>();
      List<Row> unpub = new ArrayList<>();
      for (Row r : ms) {
        (aliasedPub.has(r.getString(1), r.getLong(2)) ? pub : unpub).add(r);
      }
      for (int i = 0; i < unpub.size(); i++) {
        if (pub.size() + i >= maxPerCluster) {
          expectedRemoved.add(unpub.get(i).getString(0));
        }
      }
      for (int i = 1; i < ms.size(); i++) {
        nonFirst.add(ms.get(i).getString(0));
      }
      groupPublished.put(ms.get(0).getString(0), !pub.isEmpty());
      members += ms.size();
      published += pub.size();
      excess += Math.max(0, pub.size() - maxPerCluster);
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("members", ms.size());
      d.put("users", ms.stream().map(r -> r.getString(5)).distinct().count());
      d.put("published", pub.size());
      detail.put(g.getKey(), d);
    }
    long distinct = 0;
    long removed = 0;
    for (Row r : truth) {
      if (!r.isNullAt(3) || nonFirst.contains(r.getString(0))) {
        continue;
      }
      distinct++;
      boolean isPublished = groupPublished.containsKey(r.getString(0)) ? groupPublished.get(r.getString(0))
          : aliasedPub.has(r.getString(1), r.getLong(2));
      if (!isPublished) {
        removed++;
      }
    }
    m.put("reuploads_total", reuploads);
    m.put("reuploads_published_twice", twice);
    m.put("reuploads_removed", reuploads - twice);
    m.put("max_per_cluster", maxPerCluster);
    m.put("repeat_groups", (long) groups.size());
    m.put("repeat_members", members);
    m.put("repeat_published", published);
    m.put("repeat_excess_published", excess);
    m.put("repeat_groups_detail", detail);
    m.put("distinct_true_episodes", distinct);
    m.put("distinct_removed", removed);
    m.put("distinct_removed_rate", round(distinct == 0 ? 0 : removed / (double) distinct));
    return expectedRemoved;
  }

  /** Lineage with re-upload copies' session, event and frame ids replaced by the original's. */
  private static Dataset<Row> aliased(Dataset<Row> lineage, Map<String, String> sessions, Dataset<Row> eventAlias) {
    Map<String, String> events = new HashMap<>();
    Map<String, String> frames = new HashMap<>();
    eventAlias.collectAsList().forEach(r -> {
      events.put(r.getString(0), r.getString(1));
      if (!r.isNullAt(2) && !r.isNullAt(3)) {
        frames.put(r.getString(2), r.getString(3));
      }
    });
    if (sessions.isEmpty()) {
      return lineage;
    }
    org.apache.spark.sql.Column session = col("session_id");
    for (Map.Entry<String, String> e : sessions.entrySet()) {
      session = org.apache.spark.sql.functions.when(col("session_id").equalTo(e.getKey()), e.getValue())
          .otherwise(session);
    }
    return lineage.withColumn("session_id", session)
        .withColumn("step_event_ids", remap(col("step_event_ids"), events))
        .withColumn("frame_ids", remap(col("frame_ids"), frames));
  }

  /** Replaces the ids in an array column that the map names; others stay. */
  private static org.apache.spark.sql.Column remap(org.apache.spark.sql.Column ids, Map<String, String> map) {
    if (map.isEmpty()) {
      return ids;
    }
    List<String> keys = new ArrayList<>(map.keySet());
    org.apache.spark.sql.Column mapping = org.apache.spark.sql.functions.map_from_arrays(
        org.apache.spark.sql.functions.lit(keys.toArray(new String[0])),
        org.apache.spark.sql.functions.lit(keys.stream().map(map::get).toArray(String[]::new)));
    return org.apache.spark.sql.functions.transform(ids,
        id -> org.apache.spark.sql.functions.coalesce(org.apache.spark.sql.functions.element_at(mapping, id), id));
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
