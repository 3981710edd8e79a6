package io.demoshard.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Truth for judging dedup: re-uploads of published sessions and repeated identical routines across
 * users. Seven users: the consent profiles make users 0, 3 and 6 publishable, the fewest for repeats.
 */
class SimRepeatsTest {
  @TempDir static Path tmp;
  static Path clean;
  static Path faulty;

  @BeforeAll
  static void simulate() throws Exception {
    clean = tmp.resolve("clean");
    faulty = tmp.resolve("faulty");
    SimFixtures.simulate(clean, 7, 7, false);
    SimFixtures.simulate(faulty, 7, 7, true);
  }

  /** The action as EPISODES.md defines it, without ids and times. */
  static String signature(JsonNode a) {
    StringBuilder b = new StringBuilder();
    for (String f : new String[] {"action", "x", "y", "x2", "y2", "button", "dx", "dy", "text", "keys", "count"}) {
      b.append(f).append('=').append(a.get(f)).append(';');
    }
    return b.toString();
  }

  static void checkRepeats(Path root, boolean faults) throws Exception {
    String day = SimFixtures.DAY.toString();
    List<JsonNode> eps = SimFixtures.all(root, "_truth/episodes.jsonl");
    Map<String, List<String>> actions = new HashMap<>();
    for (JsonNode a : SimFixtures.all(root, "_truth/actions.jsonl")) {
      actions.computeIfAbsent(a.get("truth_id").asText(), k -> new ArrayList<>()).add(signature(a));
    }
    Map<String, List<JsonNode>> bySession = new HashMap<>();
    for (JsonNode e : eps) {
      assertTrue(e.has("repeat_group"), "repeat_group in every truth row: " + e);
      bySession.computeIfAbsent(e.get("session_id").asText(), k -> new ArrayList<>()).add(e);
    }
    Map<String, List<JsonNode>> groups = new TreeMap<>();
    for (JsonNode e : eps) {
      if (!e.get("repeat_group").isNull() && e.get("reupload_of").isNull()) {
        groups.computeIfAbsent(e.get("repeat_group").asText(), k -> new ArrayList<>()).add(e);
      }
    }
    assertEquals(2, groups.size(), "two repeat groups " + groups.keySet() + (faults ? " (faults)" : ""));
    for (Map.Entry<String, List<JsonNode>> g : groups.entrySet()) {
      List<JsonNode> ms = g.getValue();
      Set<String> users = new HashSet<>();
      List<String> first = actions.get(ms.get(0).get("truth_id").asText());
      assertTrue(first.size() >= 3, "a routine has at least 3 actions");
      for (JsonNode m : ms) {
        users.add(m.get("user_id").asText());
        assertTrue(m.get("publishable").asBoolean(), "performed by publishable users: " + m);
        assertEquals(day, m.get("day").asText(), "performed on the day: " + m);
        assertEquals(first, actions.get(m.get("truth_id").asText()), "identical action sequence in " + g.getKey());
        // its own episode: the neighbours in its session are an idle gap (> 1 min) away
        for (JsonNode o : bySession.get(m.get("session_id").asText())) {
          if (o == m) continue;
          boolean before = o.get("end_ts").asLong() <= m.get("start_ts").asLong();
          long gap = before ? m.get("start_ts").asLong() - o.get("end_ts").asLong() : o.get("start_ts").asLong() - m.get("end_ts").asLong();
          assertTrue(gap > 60_000, g.getKey() + " separated by an idle gap, got " + gap + " ms");
        }
      }
      assertTrue(ms.size() >= 3 && users.size() >= 3, g.getKey() + ": " + ms.size() + " members of " + users.size() + " users");
    }
    // no genuinely different episode repeats a routine's exact action sequence
    Set<List<String>> routines = new HashSet<>();
    for (List<JsonNode> ms : groups.values()) routines.add(actions.get(ms.get(0).get("truth_id").asText()));
    for (JsonNode e : eps) {
      if (e.get("repeat_group").isNull()) assertFalse(routines.contains(actions.get(e.get("truth_id").asText())), e.toString());
    }
  }

  @Test
  void repeatedRoutinesWithoutFaults() throws Exception {
    checkRepeats(clean, false);
    assertTrue(SimFixtures.all(clean, "_truth/episodes.jsonl").stream().allMatch(e -> e.get("reupload_of").isNull()));
  }

  @Test
  void repeatedRoutinesWithFaults() throws Exception {
    checkRepeats(faulty, true);
  }

  @Test
  void reuploadCopyBelongsToAPublishedUserOnTheDay() throws Exception {
    String day = SimFixtures.DAY.toString();
    List<JsonNode> eps = SimFixtures.all(faulty, "_truth/episodes.jsonl");
    Map<String, JsonNode> byId = new HashMap<>();
    for (JsonNode e : eps) byId.put(e.get("truth_id").asText(), e);
    List<JsonNode> copies = eps.stream().filter(e -> !e.get("reupload_of").isNull()).toList();
    assertFalse(copies.isEmpty());
    Set<String> faultIds = new HashSet<>();
    for (JsonNode f : SimFixtures.all(faulty, "_truth/faults.jsonl")) if (f.get("kind").asText().equals("reupload")) faultIds.add(f.get("id").asText());
    assertTrue(copies.stream().anyMatch(c -> c.get("day").asText().equals(day)), "a copied episode starts on the day");
    for (JsonNode c : copies) {
      JsonNode o = byId.get(c.get("reupload_of").asText());
      assertTrue(c.get("publishable").asBoolean() && o.get("publishable").asBoolean(), "copy of a publishable user: " + c);
      assertEquals(o.get("user_id").asText(), c.get("user_id").asText());
      assertFalse(o.get("session_id").asText().equals(c.get("session_id").asText()));
      assertTrue(faultIds.contains(c.get("session_id").asText()), "recorded as a reupload fault");
      assertEquals(o.get("start_ts").asLong(), c.get("start_ts").asLong());
      assertEquals(o.get("num_actions").asInt(), c.get("num_actions").asInt());
    }
    // the user is also publishable by the registry truth
    Map<String, JsonNode> users = new HashMap<>();
    for (JsonNode u : SimFixtures.all(faulty, "_truth/users.jsonl")) users.put(u.get("user_id").asText(), u);
    JsonNode u = users.get(copies.get(0).get("user_id").asText());
    assertEquals("granted", u.get("consent").asText());
    assertFalse(u.get("erased").asBoolean());
    assertFalse(DayPlanner.EXCLUDED.contains(u.get("region").asText()));
  }
}
