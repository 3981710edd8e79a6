package io.demoshard.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demoshard.report.Chart.Bar;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatsTest {
  static final ObjectMapper OM = new ObjectMapper();

  private static Cells users(String dim, String value, int users, int episodesEach, int from) {
    Cells c = new Cells();
    add(c, dim, value, users, episodesEach, from);
    return c;
  }

  private static void add(Cells c, String dim, String value, int users, int episodesEach, int from) {
    for (int u = from; u < from + users; u++) {
      c.add(dim, value, "u" + u, episodesEach);
    }
  }

  private static List<String> labels(Chart c) {
    return c.bars().stream().map(Bar::label).toList();
  }

  @Test
  void anAppOfFewerThanKUsersIsMergedIntoOther() {
    Cells c = users(Cells.APP, "Code", 6, 2, 0);
    add(c, Cells.APP, "Terminal", 5, 1, 10);
    add(c, Cells.APP, "Figma", 2, 7, 20);       // 2 users: must not appear by name
    add(c, Cells.APP, Stats.OTHER, 4, 1, 30);   // already generalised, 4 users: with Figma's 2 it makes 6
    Chart ch = Stats.categories("a", "t", "episodes", c.of(Cells.APP), 5, Stats.OTHER, "apps");
    assertEquals(List.of("Code", "Terminal", Stats.OTHER), labels(ch));
    assertEquals(List.of(12L, 5L, 18L), ch.bars().stream().map(Bar::value).toList());
    assertTrue(ch.note().contains("1 apps with fewer than 5 users merged"), ch.note());
  }

  @Test
  void whenOtherAloneIsBelowKTheSmallestAppJoinsItSoNothingCanBeSubtracted() {
    Cells c = users(Cells.APP, "Code", 9, 3, 0);
    add(c, Cells.APP, "Terminal", 5, 2, 10);
    add(c, Cells.APP, "Figma", 1, 4, 20);       // one person: alone it would be a cell of 1 user
    Chart ch = Stats.categories("a", "t", "episodes", c.of(Cells.APP), 5, Stats.OTHER, "apps");
    // "Figma: 4" could be recovered as total - Code - Terminal if Terminal stayed by name
    assertEquals(List.of("Code", Stats.OTHER), labels(ch));
    assertEquals(List.of(27L, 14L), ch.bars().stream().map(Bar::value).toList());
    assertTrue(ch.note().contains("smallest app shown as <other>"), ch.note());
  }

  @Test
  void aChartOfFewerThanKUsersInAllIsNotShown() {
    Cells c = users(Cells.APP, "Code", 3, 10, 0);
    add(c, Cells.STEPS, "4", 3, 10, 0);
    Stats s = Stats.of(ReportSamples.demoManifest(), c, 5);
    assertNull(s.chart("episodes.app"));
    assertNull(s.chart("episodes.steps"));
    assertTrue(s.notes().stream().anyMatch(n -> n.startsWith("Episodes per app: not shown (its data comes from fewer"
        + " than 5 users")), s.notes().toString());
    // the manifest's own figures are still there
    assertNotNull(s.chart("funnel.events"));
  }

  @Test
  void anEmptyVersionSaysSo() {
    Stats s = Stats.of(ReportSamples.demoManifest(), new Cells(), 5);
    assertNull(s.chart("episodes.app"));
    assertTrue(s.notes().contains("Episodes per app: not shown (no episodes)."), s.notes().toString());
    assertTrue(s.notes().contains("Steps per episode (steps): not shown (no episodes)."), s.notes().toString());
  }

  @Test
  void histogramBucketsWidenUntilEachHoldsKUsers() {
    Cells c = new Cells();
    add(c, Cells.STEPS, "1", 6, 1, 0);     // bucket "1": 6 users
    add(c, Cells.STEPS, "3", 2, 1, 10);    // "3-4": 2 users  } merged: 5 users
    add(c, Cells.STEPS, "7", 3, 1, 20);    // "5-9": 3 users  }
    add(c, Cells.STEPS, "12", 5, 2, 30);   // "10-19": 5 users
    add(c, Cells.STEPS, "600", 1, 1, 40);  // "500-999": one person with a very long episode: joins the last bucket
    Chart h = Stats.histogram("h", "Steps", c.of(Cells.STEPS), Stats.STEP_EDGES, 5, "steps");
    assertEquals(List.of("1", "2-9", "10-999"), labels(h));
    assertEquals(List.of(6L, 5L, 11L), h.bars().stream().map(Bar::value).toList());
    assertEquals("buckets widened so each holds at least 5 users", h.note());

    // with k = 1 only empty buckets join the next used one
    Chart all = Stats.histogram("h", "Steps", c.of(Cells.STEPS), Stats.STEP_EDGES, 1, "steps");
    assertEquals(List.of("1", "2-4", "5-9", "10-19", "20-999"), labels(all));
    assertEquals(List.of(6L, 2L, 3L, 10L, 1L), all.bars().stream().map(Bar::value).toList());
  }

  @Test
  void everyShownCellOfTheDemoHasKUsers() {
    Cells cells = ReportSamples.demoCells();
    Stats s = Stats.of(ReportSamples.demoManifest(), cells, 5);
    assertFalse(labels(s.chart("episodes.app")).contains("Figma"), "an app of 2 users is named");
    assertFalse(labels(s.chart("episodes.actions")).contains("triple_click"), "an action of 1 user is named");
    for (String[] dim : new String[][] {{"episodes.steps", Cells.STEPS}, {"episodes.seconds", Cells.SECONDS},
        {"episodes.frames", Cells.FRAMES}}) {
      Chart h = s.chart(dim[0]);
      long[] edges = dim[1].equals(Cells.STEPS) ? Stats.STEP_EDGES
          : dim[1].equals(Cells.SECONDS) ? Stats.SECOND_EDGES : Stats.FRAME_EDGES;
      long total = 0;
      for (Bar b : h.bars()) {
        String[] r = b.label().replace("+", "-" + Long.MAX_VALUE).split("-");
        long lo = Long.parseLong(r[0]);
        long hi = r.length == 1 ? lo : Long.parseLong(r[1]);
        java.util.Set<String> users = new java.util.HashSet<>();
        long n = 0;
        for (Map.Entry<String, Map<String, Long>> e : cells.of(dim[1]).entrySet()) {
          long v = Long.parseLong(e.getKey());
          long bucketLo = edges[Stats.bucket(edges, v)];
          if (bucketLo >= lo && bucketLo <= hi) {
            users.addAll(e.getValue().keySet());
            n += e.getValue().values().stream().mapToLong(Long::longValue).sum();
          }
        }
        assertTrue(users.size() >= 5, dim[0] + " bucket " + b.label() + " stands for " + users.size() + " users");
        assertEquals(n, b.value(), dim[0] + " " + b.label());
        total += b.value();
      }
      long episodes = cells.of(dim[1]).values().stream().flatMap(m -> m.values().stream())
          .mapToLong(Long::longValue).sum();
      assertEquals(episodes, total, dim[0] + ": widened buckets lose no episode");
    }
  }

  @Test
  void funnelsAccountForEveryLineAndSpellOutConsent() {
    JsonNode m = ReportSamples.demoManifest();
    Stats s = Stats.of(m, ReportSamples.demoCells(), 5);
    JsonNode counts = m.get("counts");
    for (String kind : List.of("events", "frames")) {
      Chart f = s.chart("funnel." + kind);
      assertEquals("raw lines", f.bars().get(0).label());
      long lines = counts.get(kind + ".lines").asLong();
      assertEquals(lines, f.bars().get(0).value());
      assertEquals(lines, f.total() - lines, kind + ": the fates add up to the raw lines");
      assertNull(f.note());
    }
    Chart ev = s.chart("funnel.events");
    assertEquals(counts.get("consent.events.excluded_region").asLong(), value(ev, "not included: excluded region"));
    assertEquals(counts.path("events.policy.secure_input").asLong(0), value(ev, "typed in a secure field (never kept)"));
    assertEquals(counts.get("events.policy.denylisted_app").asLong(), value(ev, "denylisted app or title"));
    assertEquals(counts.get("dedup.near").asLong(), value(s.chart("funnel.episodes"), "dedup: near-duplicate"));
    assertEquals(counts.get("events.not_action.mouse_move").asLong(), value(ev, "not an action: mouse move"));
    assertEquals(counts.get("events.used").asLong(), value(ev, "published (in an episode)"));
    assertEquals("published (in an episode)", ev.bars().get(ev.bars().size() - 1).label());

    Chart ep = s.chart("funnel.episodes");
    assertEquals(counts.get("episodes.published").asLong(), value(ep, "published"));
    long candidates = ep.bars().get(0).value();
    assertEquals(candidates, ep.total() - candidates, "episode drops add up");

    assertEquals(counts.get("redact.boxes.login").asLong(), value(s.chart("privacy.frames"), "login"));
    assertEquals(counts.get("privacy.scrubbed.email").asLong(), value(s.chart("privacy.text"), "email"));
    assertEquals(35480, value(s.chart("timings.stages"), "ingest: images"));
    assertEquals(66, value(s.chart("output.split_rows"), "train"));
  }

  @Test
  void statsJsonHoldsEveryChartAndNoUserKey() throws Exception {
    Stats s = Stats.of(ReportSamples.demoManifest(), ReportSamples.demoCells(), 5);
    String json = s.toJson();
    assertFalse(json.contains("user-"), "a user key reached stats.json");
    JsonNode j = OM.readTree(json);
    assertEquals(5, j.get("k_anonymity").asInt());
    assertEquals(s.charts().size(), j.get("charts").size());
    JsonNode apps = j.get("charts").get("episodes.app");
    assertEquals("bars", apps.get("kind").asText());
    Bar first = s.chart("episodes.app").bars().get(0);
    assertEquals(first.value(), find(apps, first.label()));
  }

  @Test
  void aLowerSplitSumIsReportedWhenConsentReasonsDoNotAddUp() {
    ObjectNode counts = OM.createObjectNode().put("events.lines", 10).put("events.policy.not_included", 4)
        .put("consent.events.no_consent", 1).put("events.used", 6);
    Chart f = Stats.lineFunnel("f", "t", "events", counts);
    assertTrue(labels(f).contains("not included (consent or region)"), labels(f).toString());
    assertFalse(labels(f).contains("not included: no consent"), labels(f).toString());
    assertNotNull(f.note());
    // reasons that dropped nothing tonight are still lines of the funnel
    assertEquals(0, value(f, "typed in a secure field (never kept)"));
    assertEquals(10, f.total() - 10);
  }

  private static long find(JsonNode chart, String label) {
    for (JsonNode b : chart.get("bars")) {
      if (b.get("label").asText().equals(label)) {
        return b.get("value").asLong();
      }
    }
    throw new AssertionError("no bar " + label);
  }

  private static long value(Chart c, String label) {
    return c.bars().stream().filter(b -> b.label().equals(label)).mapToLong(Bar::value).findFirst()
        .orElseThrow(() -> new AssertionError(c.id() + " has no bar '" + label + "': " + labels(c)));
  }
}
