package io.demoshard.ingest;

import io.demoshard.SparkTestBase;
import io.demoshard.config.DemoshardConfig.IngestConfig;
import io.demoshard.model.Counts;
import io.demoshard.model.Schemas;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static io.demoshard.ingest.Fixtures.event;
import static io.demoshard.ingest.Fixtures.frame;
import static io.demoshard.ingest.Fixtures.move;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** EventIngest and FrameIngest on one tiny raw root: every line accounted for exactly. */
class LineIngestTest extends SparkTestBase {
  static final LocalDate DAY = LocalDate.of(2026, 11, 26);
  static final long T = Fixtures.dayStart(DAY) + 3_600_000L;
  static final long DAY_MS = 86_400_000L;
  static final IngestConfig CFG = new IngestConfig(1, 1, 15 * 60_000L, 3 * DAY_MS, 0.5);

  @TempDir
  static Path root;
  static EventIngest.Output events;
  static Result frames;
  static List<Row> validEvents;
  static List<Row> eventQuarantine;

  static final String CONFLICT_A = move("e3", "d1", T, 100);
  static final String CONFLICT_B = move("e3", "d1", T, 101);

  @BeforeAll
  static void run() {
    String secure = event("e2", "d1", T, "key_down", "\"key\":\"pw1\",\"modifiers\":[],\"secure\":true,\"repeat\":false");
    String e1 = move("e1", "d1", T, 1);
    Fixtures.lines(root, "events/dt=2026-11-26/d1/a.jsonl",
        e1, secure, "{not json", e1.replace("\"x\":1,", "\"x\":1 ,"), CONFLICT_A, CONFLICT_B,
        event("e4", "d1", T, "window_resize", "\"w\":3"),
        move("e5", "d1", T + 2 * DAY_MS, 1));                                   // clock: in the future
    Fixtures.gz(root, "events/dt=2026-11-26/d1/b.jsonl.gz", move("e6", "d1", T, 6), move("e7", "d1", T, 7), e1);
    Fixtures.truncatedGz(root, "events/dt=2026-11-25/d2/c.jsonl.gz",
        move("e8", "d2", T - DAY_MS, 8) + "\n" + move("e9", "d2", T - DAY_MS, 9) + "\n"
            + "{\"v\":1,\"type\":\"key_down\",\"secure\":true,\"key\":\"pw9", "\"}\n");
    Fixtures.write(root, "events/dt=2026-11-26/d1/empty.jsonl", new byte[0]);
    Fixtures.write(root, "events/dt=2026-11-26/d1/notes.txt", "x".getBytes(StandardCharsets.UTF_8));
    Fixtures.lines(root, "events/dt=2026-11-26/d3/x.jsonl",                  // a device with a bad clock
        move("e10", "d3", T - 10 * DAY_MS, 1), move("e11", "d3", T - 10 * DAY_MS, 2), move("e12", "d3", T, 3));

    String f1 = frame("f1", "d1", T, "screenshots/dt=2026-11-26/d1/f1.png", 64, 48, "png");
    Fixtures.lines(root, "frames/dt=2026-11-26/a.jsonl",
        f1, f1, frame("f2", "d1", T, "p/f2.png", 64, 48, "png"), frame("f2", "d1", T, "p/f2.png", 65, 48, "png"),
        frame("f3", "d3", T, "p/f3.png", 64, 48, "png"), "garbage");

    String rawRoot = root.toUri().toString();
    events = new EventIngest(spark(), CFG).run(rawRoot, DAY);
    frames = new FrameIngest(spark(), CFG).run(rawRoot, DAY, events.clockBadDevices());
    validEvents = events.result().valid().collectAsList();
    eventQuarantine = events.result().quarantine().collectAsList();
  }

  static void assertIdentity(Counts c, String kind) {
    assertEquals(c.get(kind + ".lines"),
        c.get(kind + ".valid") + c.get(kind + ".duplicate") + c.sumPrefix(kind + ".quarantined"), c.toString());
  }

  @Test
  void eventCountsAddUpExactly() {
    Counts c = events.result().counts();
    assertIdentity(c, "events");
    Map<String, Long> expected = new TreeMap<>(Map.ofEntries(
        Map.entry("events.lines", 18L), Map.entry("events.valid", 8L), Map.entry("events.duplicate", 2L),
        Map.entry("events.quarantined.bad_json", 1L), Map.entry("events.quarantined.duplicate_conflict", 1L),
        Map.entry("events.quarantined.clock", 1L), Map.entry("events.quarantined.clock_device", 3L),
        Map.entry("events.quarantined.truncated_gzip", 2L), Map.entry("events.duplicate_conflict", 1L),
        Map.entry("events.unknown_type", 1L), Map.entry("events.unknown_fields", 1L),
        Map.entry("events.clock_bad_devices", 1L),
        Map.entry("files.listed", 5L), Map.entry("files.read", 5L), Map.entry("files.empty", 1L),
        Map.entry("files.gz", 2L), Map.entry("files.truncated_gzip", 1L), Map.entry("files.unreadable", 0L),
        Map.entry("files.missing_day", 1L), Map.entry("files.ignored", 1L)));
    assertEquals(expected, c.asMap());
    assertEquals(c.get("events.valid"), validEvents.size());
    assertEquals(c.sumPrefix("events.quarantined"), eventQuarantine.size());
  }

  @Test
  void schemasAreExact() {
    assertEquals(Schemas.EVENT, events.result().valid().schema());
    assertEquals(Schemas.QUARANTINE, events.result().quarantine().schema());
    assertEquals(Schemas.FRAME_INDEX, frames.valid().schema());
  }

  @Test
  void validEventsAreUniqueWithSourceAndSecureKeyDropped() {
    List<String> ids = validEvents.stream().map(r -> r.<String>getAs("event_id")).sorted().toList();
    assertEquals(List.of("e1", "e2", "e3", "e4", "e6", "e7", "e8", "e9"), ids);
    Row e2 = validEvents.stream().filter(r -> r.getAs("event_id").equals("e2")).findFirst().orElseThrow();
    assertTrue(e2.isNullAt(e2.fieldIndex("key")));
    Row e8 = validEvents.stream().filter(r -> r.getAs("event_id").equals("e8")).findFirst().orElseThrow();
    assertEquals("2026-11-25", e8.getAs("upload_day"));
    assertEquals(1L, (long) e8.<Long>getAs("src_line"));
    assertTrue(e8.<String>getAs("src_file").endsWith("c.jsonl.gz"));
    for (Row r : validEvents) {
      assertFalse(r.mkString("|").contains("pw1"), r.toString());
    }
    for (Row q : eventQuarantine) {
      assertFalse(java.util.Objects.toString(q.getAs("raw")).contains("pw"), q.toString());
      assertEquals("events", q.getAs("kind"));
    }
  }

  @Test
  void conflictKeepsSmallestHashAndQuarantinesTheOther() {
    EventParser p = new EventParser();
    String ha = p.parse(CONFLICT_A).payloadHash();
    String hb = p.parse(CONFLICT_B).payloadHash();
    String kept = ha.compareTo(hb) < 0 ? ha : hb;
    Row e3 = validEvents.stream().filter(r -> r.getAs("event_id").equals("e3")).findFirst().orElseThrow();
    assertEquals(kept, e3.getAs("payload_hash"));
    Row loser = eventQuarantine.stream().filter(q -> q.getAs("reason").equals("duplicate_conflict"))
        .findFirst().orElseThrow();
    assertTrue(loser.<String>getAs("raw").contains("\"event_id\":\"e3\""), loser.toString());
    assertTrue(loser.<String>getAs("detail").contains(kept), loser.toString());
  }

  @Test
  void clockAndClockDevice() {
    Map<String, List<String>> byReason = eventQuarantine.stream().collect(Collectors.groupingBy(
        q -> q.getAs("reason"), TreeMap::new, Collectors.mapping(q -> java.util.Objects.toString(q.getAs("raw")), Collectors.toList())));
    assertEquals(1, byReason.get("clock").size());
    assertTrue(byReason.get("clock").get(0).contains("\"e5\""));
    assertEquals(3, byReason.get("clock_device").size());
    assertTrue(byReason.get("clock_device").stream().allMatch(r -> r.contains("\"device_id\":\"d3\"")));
    assertEquals(List.of("d3"), events.clockBadDevices());
  }

  @Test
  void framesCountedDedupedAndClockDeviceApplied() {
    Counts c = frames.counts();
    assertIdentity(c, "frames");
    assertEquals(6, c.get("frames.lines"));
    assertEquals(2, c.get("frames.valid"));
    assertEquals(1, c.get("frames.duplicate"));
    assertEquals(1, c.get("frames.quarantined.duplicate_conflict"));
    assertEquals(1, c.get("frames.quarantined.clock_device"));
    assertEquals(1, c.get("frames.quarantined.bad_json"));
    assertEquals(2, c.get("files.missing_day"));
    List<Row> q = frames.quarantine().collectAsList();
    assertEquals(3, q.size());
    assertTrue(q.stream().allMatch(r -> r.getAs("kind").equals("frames")));
  }
}
