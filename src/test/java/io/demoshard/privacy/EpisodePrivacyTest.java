package io.demoshard.privacy;

import io.demoshard.SparkTestBase;
import io.demoshard.model.Schemas;
import io.demoshard.privacy.scrub.TextScrubber;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class EpisodePrivacyTest extends SparkTestBase {

  static Row step(int idx, long t, String action, String text) {
    Object[] v = new Object[Schemas.STEP.size()];
    v[Schemas.STEP.fieldIndex("idx")] = idx;
    v[Schemas.STEP.fieldIndex("t_ms")] = t;
    v[Schemas.STEP.fieldIndex("action")] = action;
    v[Schemas.STEP.fieldIndex("text")] = text;
    v[Schemas.STEP.fieldIndex("keys")] = action.equals("hotkey") ? List.of("ctrl", "c") : null;
    return RowFactory.create(v);
  }

  static Row frame(int idx, long t) {
    return Rows.of(Schemas.EPISODE_FRAME, Map.of("idx", idx, "t_ms", t, "frame_id", "f" + idx, "path", "p",
        "width", 10, "height", 10, "format", "png", "phash", 1L, "content_hash", "c", "bytes", 5L));
  }

  static Row episode(String id, String user, String app, List<String> apps, String label, List<Row> steps) {
    Map<String, Object> m = new HashMap<>();
    m.put("episode_id", id);
    m.put("user_key", user);
    m.put("session_id", "s");
    m.put("start_ts", 0L);
    m.put("end_ts", 1L);
    m.put("app", app);
    m.put("apps", apps);
    m.put("task_label", label);
    m.put("duration_ms", steps.get(steps.size() - 1).<Long>getAs(1));
    m.put("num_steps", steps.size());
    m.put("num_frames", 2);
    m.put("steps", steps);
    m.put("frames", List.of(frame(0, 0), frame(1, 1249)));
    m.put("num_raw_events", (long) steps.size() * 2);
    m.put("step_event_ids", steps.stream().map(s -> id + "-e" + s.getInt(0)).toList());
    return Rows.of(Schemas.EPISODE, m);
  }

  @Test
  void generalisingAgainAfterDedupCatchesNamesThatLostUsers() {
    // Before dedup "Code" had 2 users (k = 2 keeps it); dedup removed k2's episode.
    List<Row> rows = List.of(
        episode("e1", "k1", "Code", List.of("Code", "Terminal"), null, List.of(step(0, 0, "click", null))),
        episode("e3", "k3", "Terminal", List.of("Terminal"), null, List.of(step(0, 0, "click", null))));
    EpisodePrivacy privacy = new EpisodePrivacy(new TextScrubber(20, 3.5, List.of("US")), 2, 100);
    EpisodePrivacy.Generalised g = privacy.generaliseApps(spark().createDataFrame(rows, Schemas.EPISODE));
    Row e1 = g.episodes().where("episode_id = 'e1'").first();
    assertEquals(EpisodePrivacy.OTHER, e1.getAs("app"));
    assertEquals(List.of(EpisodePrivacy.OTHER, "Terminal"), e1.getList(e1.fieldIndex("apps")));
    assertEquals(1, g.generalised());
    // idempotent: nothing left to generalise
    assertEquals(0, privacy.generaliseApps(g.episodes()).generalised());
  }

  @Test
  void scrubsGeneralisesAndRounds() {
    List<Row> rows = new ArrayList<>();
    // "Code" is used by 3 users (k = 3 keeps it); "SecretTool" and "Tiny" by one user only
    rows.add(episode("e1", "k1", "Code", List.of("Code", "SecretTool", "Tiny"), "mail jane@example.com",
        List.of(step(0, 0, "click", null), step(1, 149, "type", "my card 4111 1111 1111 1111"),
            step(2, 1251, "hotkey", null))));
    rows.add(episode("e2", "k2", "Code", List.of("Code"), null, List.of(step(0, 50, "type", "hello world"))));
    rows.add(episode("e3", "k3", "SecretTool", List.of("SecretTool", "Code"), "plain",
        List.of(step(0, 0, "type", "call +44 20 7946 0958"))));
    rows.add(episode("e4", "k3", "Code", List.of("Code"), null, List.of(step(0, 0, "type", "ok"))));
    Dataset<Row> in = spark().createDataFrame(rows, Schemas.EPISODE);

    EpisodePrivacy.Result r = new EpisodePrivacy(new TextScrubber(20, 3.5, List.of("US", "GB")), 3, 100).apply(in);
    List<Row> out = new ArrayList<>(r.episodes().collectAsList());
    out.sort(Comparator.comparing(x -> x.<String>getAs("episode_id")));
    r.scrubbed().unpersist();

    assertEquals(Schemas.EPISODE.fieldNames().length, r.episodes().schema().size());
    Row e1 = out.get(0);
    assertEquals("Code", e1.getAs("app"));
    assertEquals(List.of("Code", "<other>"), e1.getList(e1.fieldIndex("apps")), "rare apps generalised, deduplicated");
    assertEquals("mail <EMAIL>", e1.getAs("task_label"));
    List<Row> steps = e1.getList(e1.fieldIndex("steps"));
    assertEquals("my card <CARD>", steps.get(1).getAs("text"));
    assertNull(steps.get(0).getAs("text"));
    assertEquals(List.of(0L, 100L, 1300L), steps.stream().map(s -> s.<Long>getAs("t_ms")).toList());
    assertEquals(List.of("ctrl", "c"), steps.get(2).getList(steps.get(2).fieldIndex("keys")));
    assertEquals(1300L, e1.<Long>getAs("duration_ms"));
    List<Row> frames = e1.getList(e1.fieldIndex("frames"));
    assertEquals(List.of(0L, 1200L), frames.stream().map(f -> f.<Long>getAs("t_ms")).toList());

    Row e2 = out.get(1);
    assertEquals("hello world", ((Row) e2.getList(e2.fieldIndex("steps")).get(0)).getAs("text"));
    assertEquals(100L, e2.<Long>getAs("duration_ms"), "50 rounds half up to 100");
    Row e3 = out.get(2);
    assertEquals("<other>", e3.getAs("app"));
    assertEquals(List.of("<other>", "Code"), e3.getList(e3.fieldIndex("apps")));
    assertEquals("call <PHONE>", ((Row) e3.getList(e3.fieldIndex("steps")).get(0)).getAs("text"));

    assertEquals(1, r.counts().get("privacy.scrubbed.email"));
    assertEquals(1, r.counts().get("privacy.scrubbed.card"));
    assertEquals(1, r.counts().get("privacy.scrubbed.phone"));
    assertEquals(0, r.counts().get("privacy.scrubbed.secret"));
    assertEquals(2, r.counts().get(EpisodePrivacy.GENERALISED), "SecretTool and Tiny");
  }

  @Test
  void roundingIsHalfUpAndMonotonic() {
    assertEquals(0, EpisodePrivacy.round(49, 100));
    assertEquals(100, EpisodePrivacy.round(50, 100));
    assertEquals(1200, EpisodePrivacy.round(1249, 100));
    assertEquals(7, EpisodePrivacy.round(7, 1));
  }

  @Test
  void stepsAreScrubbedAsASequenceAndPeopleByName() {
    People people = People.of(List.of(new People.Person("Amara Okafor", null, List.of())));
    List<Row> rows = List.of(episode("e1", "k1", "Terminal", List.of("Terminal"), "ask Amara Okafor",
        List.of(step(0, 0, "type", "sudo systemctl restart nginx"), step(1, 100, "key", null),
            step(2, 200, "type", "k9Q2mzX7"), step(3, 300, "click", null), step(4, 400, "type", "card 4111 1111"),
            step(5, 500, "click", null), step(6, 600, "type", " 1111 1111 for amara"))));
    EpisodePrivacy privacy = new EpisodePrivacy(new TextScrubber(20, 3.5, List.of("US")).withPeople(people), 1, 100);
    EpisodePrivacy.Result r = privacy.apply(spark().createDataFrame(rows, Schemas.EPISODE));
    Row e1 = r.episodes().first();
    r.scrubbed().unpersist();
    assertEquals("ask <PERSON>", e1.getAs("task_label"));
    List<String> texts = e1.<Row>getList(e1.fieldIndex("steps")).stream().map(x -> x.<String>getAs("text")).toList();
    assertEquals(java.util.Arrays.asList("sudo systemctl restart nginx", null, "<SECRET>", null, "card <CARD>", null,
        "<CARD> for <PERSON>"), texts);
    assertEquals(1, r.counts().get("privacy.scrubbed.secret"));
    assertEquals(1, r.counts().get("privacy.scrubbed.card"));
    assertEquals(2, r.counts().get("privacy.scrubbed.person"));
  }
}
