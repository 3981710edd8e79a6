package io.demoshard.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** One clean day (4 users) and one faulty day (3 users), checked against the contract and each other. */
class SimOutputTest {
  @TempDir static Path tmp;
  static Path clean;
  static Path faulty;
  static SimulationSummary cleanSummary;

  @BeforeAll
  static void simulate() throws Exception {
    clean = tmp.resolve("clean");
    faulty = tmp.resolve("faulty");
    cleanSummary = SimFixtures.simulate(clean, 4, 7, false);
    SimFixtures.simulate(faulty, 3, 7, true);
  }

  static final Map<String, String[]> FIELDS = Map.ofEntries(
      Map.entry("session_start", new String[] {"screen_w:int", "screen_h:int", "scale:double", "os:string", "recorder:string"}),
      Map.entry("session_end", new String[] {"reason:string"}),
      Map.entry("focus", new String[] {"app:string", "title:string"}),
      Map.entry("key_down", new String[] {"key:string", "modifiers:array", "secure:bool", "repeat:bool"}),
      Map.entry("key_up", new String[] {"key:string", "modifiers:array", "secure:bool", "repeat:bool"}),
      Map.entry("mouse_move", new String[] {"x:int", "y:int"}),
      Map.entry("mouse_down", new String[] {"x:int", "y:int", "button:string"}),
      Map.entry("mouse_up", new String[] {"x:int", "y:int", "button:string"}),
      Map.entry("scroll", new String[] {"x:int", "y:int", "dx:int", "dy:int"}),
      Map.entry("task_start", new String[] {"task_id:string"}),
      Map.entry("task_end", new String[] {"task_id:string", "status:string"}));

  static void check(JsonNode n, String spec, String line) {
    String[] p = spec.split(":");
    JsonNode v = n.get(p[0]);
    assertNotNull(v, "missing " + p[0] + " in " + line);
    boolean ok = switch (p[1]) {
      case "int" -> v.isIntegralNumber();
      case "long" -> v.isIntegralNumber();
      case "double" -> v.isNumber();
      case "string" -> v.isTextual();
      case "bool" -> v.isBoolean();
      default -> v.isArray();
    };
    assertTrue(ok, p[0] + " should be " + p[1] + " in " + line);
  }

  @Test
  void everyCleanEventLineMatchesTheContract() throws Exception {
    int n = 0;
    Set<String> types = new TreeSet<>();
    Set<String> ids = new HashSet<>();
    for (Path f : SimFixtures.files(clean, "events")) {
      for (String line : SimFixtures.lines(f)) {
        JsonNode e = SimFixtures.M.readTree(line);
        for (String c : new String[] {"v:int", "event_id:string", "user_id:string", "device_id:string", "session_id:string", "seq:long", "ts:long", "type:string"})
          check(e, c, line);
        String type = e.get("type").asText();
        String[] spec = FIELDS.get(type);
        assertNotNull(spec, "unexpected type " + type);
        for (String c : spec) check(e, c, line);
        assertTrue(ids.add(e.get("event_id").asText()), "duplicate event id in a clean day: " + line);
        assertTrue(e.get("user_id").asText().matches("u\\d{6}"), line);
        types.add(type);
        n++;
      }
    }
    assertEquals(cleanSummary.events(), n);
    assertEquals(FIELDS.keySet(), types, "every event type occurs");
    // dt partitions: the day itself plus the two midnight sessions' neighbours
    Set<String> dts = new TreeSet<>();
    for (Path f : SimFixtures.files(clean, "events")) dts.add(clean.relativize(f).getName(1).toString());
    assertEquals(Set.of("dt=2025-03-11", "dt=2025-03-12", "dt=2025-03-13"), dts);
  }

  @Test
  void realisticInputShapesOccur() throws Exception {
    List<JsonNode> ev = SimFixtures.all(clean, "events");
    assertTrue(ev.stream().anyMatch(e -> e.path("repeat").asBoolean()), "auto-repeat");
    assertTrue(ev.stream().anyMatch(e -> e.path("secure").asBoolean()), "secure keys");
    assertTrue(ev.stream().anyMatch(e -> "Shift".equals(e.path("key").asText()) && e.get("type").asText().equals("key_down")), "Shift");
    assertTrue(ev.stream().anyMatch(e -> "Backspace".equals(e.path("key").asText())), "Backspace");
    List<JsonNode> acts = SimFixtures.all(clean, "_truth/actions.jsonl");
    Set<String> kinds = new TreeSet<>();
    for (JsonNode a : acts) kinds.add(a.get("action").asText());
    assertEquals(new TreeSet<>(List.of("click", "double_click", "triple_click", "drag", "scroll", "type", "key", "hotkey")), kinds);
    Set<String> apps = new TreeSet<>();
    for (JsonNode e : SimFixtures.all(clean, "_truth/episodes.jsonl")) apps.add(e.get("app").asText());
    assertTrue(apps.containsAll(List.of("Code", "Google Chrome", "Terminal", "Slack")), apps.toString());
    assertTrue(apps.contains("Microsoft Excel") || apps.contains("LibreOffice Calc"), apps.toString());
  }

  @Test
  void frameIndexPointsToDecodableImagesOfTheIndexedSize() throws Exception {
    List<JsonNode> frames = SimFixtures.all(clean, "frames");
    assertEquals(cleanSummary.frames(), frames.size());
    Set<String> formats = new TreeSet<>();
    int checked = 0;
    for (int i = 0; i < frames.size(); i++) {
      JsonNode f = frames.get(i);
      String path = f.get("path").asText();
      assertTrue(path.startsWith("screenshots/dt=") && path.contains("/" + f.get("device_id").asText() + "/" + f.get("session_id").asText() + "/" + f.get("frame_id").asText() + "."), path);
      Path img = clean.resolve(path);
      assertTrue(Files.exists(img), path);
      formats.add(f.get("format").asText());
      if (i % 7 == 0) {   // decoding all would be slow; every 7th still covers every session
        BufferedImage b = ImageIO.read(img.toFile());
        assertNotNull(b, path);
        assertEquals(f.get("width").asInt(), b.getWidth());
        assertEquals(f.get("height").asInt(), b.getHeight());
        checked++;
      }
    }
    assertTrue(checked > 10);
    assertEquals(Set.of("png", "jpeg"), formats);
  }

  @Test
  void truthEpisodesAndActionsAreConsistent() throws Exception {
    List<JsonNode> eps = SimFixtures.all(clean, "_truth/episodes.jsonl");
    List<JsonNode> acts = SimFixtures.all(clean, "_truth/actions.jsonl");
    assertEquals(cleanSummary.trueEpisodes(), eps.size());
    Map<String, JsonNode> events = new HashMap<>();
    for (JsonNode e : SimFixtures.all(clean, "events")) events.put(e.get("event_id").asText(), e);
    Map<String, JsonNode> frames = new HashMap<>();
    for (JsonNode f : SimFixtures.all(clean, "frames")) frames.put(f.get("frame_id").asText(), f);
    Map<String, List<JsonNode>> byEp = new HashMap<>();
    for (JsonNode a : acts) byEp.computeIfAbsent(a.get("truth_id").asText(), k -> new ArrayList<>()).add(a);
    Set<String> days = new TreeSet<>();
    for (JsonNode ep : eps) {
      List<JsonNode> as = byEp.get(ep.get("truth_id").asText());
      assertNotNull(as);
      long start = ep.get("start_ts").asLong();
      long end = ep.get("end_ts").asLong();
      assertTrue(start <= end);
      assertTrue(end - start < 15 * 60_000L, "episode under 15 min");
      assertEquals(ep.get("num_actions").asInt(), as.size());
      assertTrue(as.size() >= 3 && as.size() <= 150, "3..150 actions");
      assertEquals(start, as.get(0).get("first_ts").asLong());
      days.add(ep.get("day").asText());
      long prev = -1;
      for (int i = 0; i < as.size(); i++) {
        JsonNode a = as.get(i);
        assertEquals(i, a.get("idx").asInt());
        long ts = a.get("first_ts").asLong();
        assertTrue(ts >= prev, "actions ordered");
        if (prev >= 0) assertTrue(ts - prev <= 60_000, "no idle gap inside an episode");
        prev = ts;
        JsonNode first = events.get(a.get("first_event_id").asText());
        assertNotNull(first, "first event exists");
        assertEquals(ts, first.get("ts").asLong());
        assertEquals(ep.get("session_id").asText(), first.get("session_id").asText());
        if (!a.get("frame_id").isNull()) {
          JsonNode f = frames.get(a.get("frame_id").asText());
          assertNotNull(f);
          assertTrue(f.get("ts").asLong() <= ts && ts - f.get("ts").asLong() <= 5000);
        }
        if (a.get("action").asText().equals("hotkey")) {
          JsonNode keys = a.get("keys");
          assertTrue(keys.size() >= 2);
          assertTrue(List.of("ctrl", "alt", "shift", "meta").contains(keys.get(0).asText()));
        }
      }
    }
    assertEquals(Set.of("2025-03-11", "2025-03-12", "2025-03-13"), days, "midnight sessions give episodes of D-1 and D+1");
  }

  @Test
  void consentAndErasureRegistries() throws Exception {
    List<Path> csvs = SimFixtures.files(clean, "consent");
    assertFalse(csvs.isEmpty());
    Set<String> statuses = new TreeSet<>();
    Set<String> regions = new TreeSet<>();
    for (Path f : csvs) {
      List<String> ls = Files.readAllLines(f);
      assertEquals("user_id,status,region,updated_at", ls.get(0));
      for (String l : ls.subList(1, ls.size())) {
        String[] p = l.split(",");
        assertEquals(4, p.length, l);
        statuses.add(p[1]);
        regions.add(p[2]);
        assertTrue(p[3].endsWith("Z"), l);
      }
    }
    assertEquals(Set.of("granted", "revoked"), statuses);
    assertTrue(regions.stream().anyMatch(DayPlanner.EXCLUDED::contains), regions.toString());
    assertTrue(regions.stream().anyMatch(DayPlanner.OPEN_REGIONS::contains), regions.toString());
    List<String> er = Files.readAllLines(SimFixtures.files(clean, "erasure").get(0));
    assertEquals("user_id,requested_at", er.get(0));
    assertTrue(er.size() >= 2);
    List<JsonNode> users = SimFixtures.all(clean, "_truth/users.jsonl");
    assertEquals(4, users.size());
    Set<Boolean> pub = new HashSet<>();
    for (JsonNode e : SimFixtures.all(clean, "_truth/episodes.jsonl")) pub.add(e.get("publishable").asBoolean());
    assertEquals(Set.of(true, false), pub);
  }

  @Test
  void everyFaultKindIsInjectedAndRecorded() throws Exception {
    Set<String> kinds = new TreeSet<>();
    for (JsonNode f : SimFixtures.all(faulty, "_truth/faults.jsonl")) kinds.add(f.get("kind").asText());
    List<String> expected = List.of("duplicate_line", "duplicate_id_different_payload", "not_json", "truncated_gzip", "empty_file",
        "missing_field", "wrong_type", "unknown_event_type", "unknown_field", "out_of_order", "seq_gap", "reupload",
        "clock_skew_days", "clock_skew_minutes", "missing_image", "orphan_image", "truncated_image", "undecodable_image",
        "size_mismatch", "no_session_start", "no_session_end", "crosses_midnight", "pii", "secure_keys");
    for (String k : expected) assertTrue(kinds.contains(k), "fault " + k + " missing; got " + kinds);
    // faults with a file and line point at that very line
    for (JsonNode f : SimFixtures.all(faulty, "_truth/faults.jsonl")) {
      if (f.get("line").isNull() || f.get("id").isNull()) continue;
      List<String> ls = SimFixtures.lines(faulty.resolve(f.get("file").asText()));
      assertTrue(ls.get(f.get("line").asInt() - 1).contains(f.get("id").asText()), f.toString());
    }
    List<JsonNode> eps = SimFixtures.all(faulty, "_truth/episodes.jsonl");
    assertTrue(eps.stream().anyMatch(e -> !e.get("reupload_of").isNull()));
  }

  @Test
  void piiValuesReallyOccurInTheRawEvents() throws Exception {
    Map<String, StringBuilder> typed = new HashMap<>();
    Map<String, StringBuilder> secure = new HashMap<>();
    StringBuilder shown = new StringBuilder();
    List<JsonNode> ev = new ArrayList<>(SimFixtures.all(clean, "events"));
    ev.sort((a, b) -> a.get("session_id").asText().equals(b.get("session_id").asText())
        ? Long.compare(a.get("seq").asLong(), b.get("seq").asLong()) : a.get("session_id").asText().compareTo(b.get("session_id").asText()));
    for (JsonNode e : ev) {
      if (e.get("type").asText().equals("key_down")) {
        String k = e.get("key").asText();
        StringBuilder sb = (e.get("secure").asBoolean() ? secure : typed).computeIfAbsent(e.get("user_id").asText(), u -> new StringBuilder());
        // Backspace edits only the current burst; other non-printable keys end it
        if (k.length() == 1) sb.append(k);
        else if (k.equals("Backspace")) { if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '\n') sb.setLength(sb.length() - 1); }
        else if (!k.equals("Shift")) sb.append('\n');
      }
      if (e.get("type").asText().equals("mouse_down"))   // a click ends a typing burst too
        for (StringBuilder sb : List.of(typed, secure).stream().map(m -> m.computeIfAbsent(e.get("user_id").asText(), u -> new StringBuilder())).toList()) sb.append('\n');
      for (String f : new String[] {"title", "url", "label"}) if (e.has(f)) shown.append(f).append(':').append(e.get(f).asText()).append('\n');
    }
    List<JsonNode> pii = SimFixtures.all(clean, "_truth/pii.jsonl");
    Set<String> kinds = new TreeSet<>();
    for (JsonNode p : pii) {
      String v = p.get("value").asText();
      String where = p.get("where").asText();
      String user = p.get("user_id").asText();
      kinds.add(p.get("kind").asText());
      switch (where) {
        case "typed" -> assertTrue(typed.get(user).indexOf(v) >= 0, "typed " + v);
        case "secure" -> assertTrue(secure.get(user).indexOf(v) >= 0, "secure " + v);
        case "title", "url", "label" -> assertTrue(shown.indexOf(where + ":") >= 0 && shown.toString().contains(v), where + " " + v);
        default -> fail("where " + where);
      }
      if (p.get("kind").asText().equals("card")) assertTrue(Pii.luhn(v.replace(" ", "")), v);
      if (p.get("kind").asText().equals("iban")) assertEquals(1, Pii.mod97(v.substring(4) + v.substring(0, 4)), v);
    }
    assertTrue(kinds.size() >= 4, "several kinds of personal data: " + kinds);
  }
}
