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

  @Test
  void registriesReadLenientlyAndMatchedCanonically(@org.junit.jupiter.api.io.TempDir java.nio.file.Path raw)
      throws Exception {
    var spark = spark();
    java.nio.file.Files.createDirectories(raw.resolve("consent"));
    java.nio.file.Files.createDirectories(raw.resolve("erasure"));
    java.time.Instant grant = java.time.Instant.ofEpochMilli(END - 86_400_000L);
    java.time.Instant later = java.time.Instant.ofEpochMilli(END - 3_600_000L);
    java.nio.file.Files.writeString(raw.resolve("consent/registry.csv"), String.join("\n",
        "user_id,status,region,updated_at",
        "u004213,granted,US," + grant,                      // erased below as "U004213 "
        "u000002,granted,US," + grant,
        "u000002,revoked,," + later,                        // revoke without region beats the older grant
        "u000003,granted,US," + grant,
        "u000003,granted,US,sometime",                      // undatable row naming u000003
        "u000004,granted,UK," + grant,                      // UK = GB: excluded
        "u000005,granted,US," + grant,                      // included, events carry "U000005"
        "u000006,granted,US," + grant,
        "u000006,withdrawn,US," + later.toString().replace('T', ' ').replace("Z", ""),
        "u000007,granted,US," + grant.toEpochMilli()) + "\n");
    java.nio.file.Files.writeString(raw.resolve("erasure/requests.csv"),
        "user_id,requested_at\nU004213 ,not a date\n");
    io.demoshard.ingest.Result consent = new io.demoshard.ingest.ConsentReader(spark).read(raw.toUri().toString());
    io.demoshard.ingest.Result erasure = new io.demoshard.ingest.ErasureReader(spark).read(raw.toUri().toString());

    List<Row> events = new ArrayList<>();
    for (String u : List.of("u004213", "U004213", "u000002", "u000003", "u000004", "U000005", "u000006",
        "u000007\u200B")) {
      events.add(event("e-" + u, u));
    }
    Dataset<Row> ev = spark.createDataFrame(events, Schemas.EVENT);
    Dataset<Row> fr = spark.createDataFrame(List.of(frame("f1", "u004213"), frame("f5", "u000005 ")),
        Schemas.FRAME_INDEX);
    ConsentFilter.Result r = ConsentFilter.from(io.demoshard.config.DemoshardConfig.from(
            io.demoshard.config.ConfigLoader.load("local", "nightly", null, Map.of())).privacy())
        .apply(ev, fr, consent.valid(), erasure.valid(), Set.of(), END, KEY);

    List<Row> out = r.events().collectAsList();
    Map<String, Long> byKey = new HashMap<>();
    out.forEach(x -> byKey.merge(x.getAs("user_key"), 1L, Long::sum));
    assertEquals(Map.of(KEY.userKey("u000005"), 1L, KEY.userKey("u000007"), 1L), byKey,
        "only u000005 and u000007, under the pseudonym of the canonical id");
    for (Row x : out) {
      assertFalse(x.toString().toLowerCase(java.util.Locale.ROOT).contains("u00000"), "raw id leaked: " + x);
    }
    assertEquals(Set.of(KEY.userKey("u000005"), KEY.userKey("u000007")), r.includedUserKeys());
    assertEquals(List.of(KEY.userKey("u000005")),
        r.frames().collectAsList().stream().map(x -> x.<String>getAs("user_key")).toList());
    assertEquals(2, r.counts().get("consent.events.erased"), "U004213 and u004213 are one erased person");
    assertEquals(1, r.counts().get("consent.frames.erased"));
    assertEquals(1, r.counts().get("consent.events.revoked"));
    assertEquals(1, r.counts().get("consent.events.consent_unreadable"));
    assertEquals(1, r.counts().get("consent.events.excluded_region"));
    assertEquals(1, r.counts().get("consent.events.no_consent"), "withdrawn");
    assertEquals(6, r.counts().get("events.policy.not_included"));
    consent.unpersist();
    erasure.unpersist();
  }
}
