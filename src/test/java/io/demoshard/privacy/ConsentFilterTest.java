package io.demoshard.privacy;

import io.demoshard.SparkTestBase;
import io.demoshard.model.Schemas;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsentFilterTest extends SparkTestBase {
  static final long END = 1_700_000_000_000L;
  static final PseudonymKey KEY = PseudonymKey.of("0123456789abcdef-test-key".getBytes(StandardCharsets.UTF_8));

  static Row event(String id, String user) {
    Map<String, Object> m = new HashMap<>();
    m.put("event_id", id);
    m.put("user_id", user);
    m.put("device_id", "dev-" + user);
    m.put("session_id", "s-" + user);
    m.put("seq", 1L);
    m.put("ts", END - 1000);
    m.put("type", "focus");
    m.put("title", "Inbox of " + user);
    m.put("payload_hash", "h" + id);
    m.put("src_file", "events/dt=2023-11-14/" + user + "/part-0.jsonl");
    return Rows.of(Schemas.EVENT, m);
  }

  static Row frame(String id, String user) {
    return Rows.of(Schemas.FRAME_INDEX, Map.of("frame_id", id, "user_id", user, "device_id", "d", "session_id", "s",
        "ts", END - 500, "path", "screenshots/dt=2023-11-14/d/s/" + id + ".png", "payload_hash", "p" + id));
  }

  static Row consent(String user, String status, String region, long at) {
    return Rows.of(Schemas.CONSENT, Map.of("user_id", user, "status", status, "region", region, "updated_at", at));
  }

  @Test
  void keepsIncludedUsersUnderPseudonymOnly() {
    var spark = spark();
    List<Row> events = new ArrayList<>();
    List<Row> frames = new ArrayList<>();
    for (String u : List.of("u004213", "u000002", "u000003", "u000004", "u000005", "u000006")) {
      events.add(event("e1-" + u, u));
      events.add(event("e2-" + u, u));
      frames.add(frame("f-" + u, u));
    }
    Dataset<Row> ev = spark.createDataFrame(events, Schemas.EVENT);
    Dataset<Row> fr = spark.createDataFrame(frames, Schemas.FRAME_INDEX);
    Dataset<Row> consent = spark.createDataFrame(List.of(
        consent("u004213", "granted", "US", END - 10),        // included
        consent("u000002", "granted", "US", END - 10),        // revoked later
        consent("u000002", "revoked", "US", END - 5),
        consent("u000003", "granted", "DE", END - 10),        // excluded region
        consent("u000004", "granted", "US", END - 10),        // erased by request
        consent("u000005", "granted", "US", END - 10)),       // erased by persistent denylist
        Schemas.CONSENT);                                     // u000006: no row
    Dataset<Row> erasure = spark.createDataFrame(
        List.of(Rows.of(Schemas.ERASURE, Map.of("user_id", "u000004", "requested_at", END - 100))), Schemas.ERASURE);

    ConsentFilter.Result r = new ConsentFilter(new ConsentPolicy(List.of("DE", "FR")))
        .apply(ev, fr, consent, erasure, Set.of(KEY.userKey("u000005")), END, KEY);

    List<Row> outEvents = r.events().collectAsList();
    List<Row> outFrames = r.frames().collectAsList();
    String k = KEY.userKey("u004213");
    assertEquals(2, outEvents.size());
    assertEquals(1, outFrames.size());
    assertFalse(List.of(r.events().columns()).contains("user_id"));
    assertFalse(List.of(r.frames().columns()).contains("user_id"));
    assertEquals(1, List.of(r.events().columns()).indexOf("user_key"), "user_key where user_id was");
    for (Row row : outEvents) {
      assertEquals(k, row.getAs("user_key"));
      assertFalse(row.toString().contains("u004213"), "raw id leaked: " + row);
      assertTrue(row.<String>getAs("src_file").contains(k));
    }
    assertEquals(k, outFrames.get(0).getAs("user_key"));
    // The image path locates the raw file and stays as it is (internal only: shards carry a synthetic path).
    Row frame = outFrames.get(0);
    for (String c : r.frames().columns()) {
      if (!c.equals("path") && frame.getAs(c) != null) {
        assertFalse(String.valueOf(frame.<Object>getAs(c)).contains("u004213"), "raw id leaked in " + c);
      }
    }

    assertEquals(10, r.counts().get("events.policy.not_included"));
    assertEquals(5, r.counts().get("frames.policy.not_included"));
    assertEquals(2, r.counts().get("consent.events.revoked"));
    assertEquals(2, r.counts().get("consent.events.excluded_region"));
    assertEquals(4, r.counts().get("consent.events.erased"));
    assertEquals(2, r.counts().get("consent.events.no_consent"));
    assertEquals(2, r.counts().get("consent.frames.erased"));
    assertFalse(r.counts().toString().contains("u0000"), "no per-user counters");
  }
}
