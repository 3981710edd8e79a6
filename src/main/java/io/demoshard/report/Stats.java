package io.demoshard.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demoshard.report.Chart.Bar;
import io.demoshard.report.Chart.Kind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the run report shows, computed from a version's manifest (its counts, splits, shards and stage
 * timings) and from its episodes ({@link Cells}). Aggregates only: no figure is given per person, and
 * every cell computed from episodes stands for at least {@code k} distinct users
 * ({@code privacy.k-anonymity}): smaller categories are merged into {@code <other>} together with the
 * smallest category that passes (so no hidden figure can be recovered by subtraction), adjacent
 * histogram buckets are merged until each holds k users, and a chart whose whole data comes from fewer
 * than k users is left out. Counts from the manifest are shown as they are: they are night totals of
 * the pipeline, and the manifest ships with the version anyway.
 *
 * @param date     the version's date
 * @param runId    the run that built it
 * @param k        the k-anonymity threshold applied
 * @param headline a few totals for the top of the report
 * @param charts   every chart, in report order
 * @param notes    what was suppressed or could not be shown, in words
 */
public record Stats(String date, String runId, int k, Map<String, Long> headline, List<Chart> charts,
                    List<String> notes) {
  public static final String OTHER = "<other>";

  public Stats {
    headline = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headline));
    charts = List.copyOf(charts);
    notes = List.copyOf(notes);
  }

  public Chart chart(String id) {
    return charts.stream().filter(c -> c.id().equals(id)).findFirst().orElse(null);
  }

  // ------------------------------------------------------------------ buckets

  /** Lower edges of the histogram buckets; the last bucket is open. Chosen so typical nights fill 6-10 of them. */
  static final long[] STEP_EDGES = {1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000};
  static final long[] SECOND_EDGES = {0, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600};
  static final long[] FRAME_EDGES = {0, 1, 2, 5, 10, 20, 50, 100, 200, 500};

  static int bucket(long[] edges, long v) {
    int b = 0;
    while (b + 1 < edges.length && v >= edges[b + 1]) {
      b++;
    }
    return b;
  }

  /** Label of buckets {@code from..to} (inclusive): "3-4", "10", "1000+". */
  static String rangeLabel(long[] edges, int from, int to) {
    long lo = edges[from];
    if (to == edges.length - 1) {
      return lo + "+";
    }
    long hi = edges[to + 1] - 1;
    return lo == hi ? Long.toString(lo) : lo + "-" + hi;
  }

  // ------------------------------------------------------------------ building

  public static Stats of(JsonNode manifest, Cells cells, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1");
    }
    JsonNode counts = manifest.path("counts");
    List<Chart> charts = new ArrayList<>();
    List<String> notes = new ArrayList<>();

    charts.add(lineFunnel("funnel.events", "Event lines: where every raw line went", "events", counts));
    charts.add(lineFunnel("funnel.frames", "Screenshot index lines: where every raw line went", "frames", counts));
    charts.add(episodeFunnel(counts));

    addIfShown(charts, notes, categories("episodes.app", "Episodes per app", "episodes", cells.of(Cells.APP), k,
        OTHER, "apps"));
    addIfShown(charts, notes, histogram("episodes.steps", "Steps per episode", cells.of(Cells.STEPS), STEP_EDGES, k,
        "steps"));
    addIfShown(charts, notes, histogram("episodes.seconds", "Seconds per episode", cells.of(Cells.SECONDS),
        SECOND_EDGES, k, "s"));
    addIfShown(charts, notes, histogram("episodes.frames", "Frames per episode", cells.of(Cells.FRAMES), FRAME_EDGES,
        k, "frames"));
    addIfShown(charts, notes, categories("episodes.actions", "Action mix (steps per action)", "steps",
        cells.of(Cells.ACTION), k, "other actions", "actions"));

    charts.add(fromCounts("privacy.text", "privacy", "Personal data replaced in text, by kind", "replacements",
        counts, "privacy.scrubbed."));
    charts.add(fromCounts("privacy.frames", "privacy", "Boxes painted over screenshots, by kind", "boxes", counts,
        "redact.boxes."));
    charts.add(new Chart("privacy.frame_outcomes", "privacy", "Screenshots through redaction", "frames", Kind.BARS,
        List.of(new Bar("redacted frames in", counts.path("redact.frames_in").asLong(0)),
            new Bar("with at least one box", counts.path("redact.frames_with_redactions").asLong(0)),
            new Bar("redaction failed (dropped)", counts.path("redact.frames_failed").asLong(0)),
            new Bar("re-checked by the pixel gate", counts.path("redact.gate.frames_checked").asLong(0)),
            new Bar("pixel gate findings", counts.path("redact.gate.frames_with_findings").asLong(0))), null));

    List<Bar> rows = new ArrayList<>();
    List<Bar> bytes = new ArrayList<>();
    manifest.path("splits").properties().forEach(e -> {
      rows.add(new Bar(e.getKey(), e.getValue().path("rows").asLong(0)));
      bytes.add(new Bar(e.getKey(), e.getValue().path("bytes").asLong(0)));
    });
    charts.add(new Chart("output.split_rows", "output", "Episodes per split", "episodes", Kind.BARS, rows, null));
    charts.add(new Chart("output.split_bytes", "output", "Bytes per split", "bytes", Kind.BARS, bytes, null));
    charts.add(shardSizes(manifest));

    List<Bar> timings = new ArrayList<>();
    manifest.path("stage_timings_ms").properties().forEach(e ->
        timings.add(new Bar(e.getKey(), e.getValue().asLong(0))));
    if (timings.isEmpty()) {
      notes.add("Stage timings: the manifest has none (versions built before stage timings were recorded).");
    } else {
      charts.add(new Chart("timings.stages", "timings", "Wall time per stage (publish itself not included)", "ms",
          Kind.BARS, timings, null));
    }

    Map<String, Long> headline = new LinkedHashMap<>();
    headline.put("episodes published", counts.path("episodes.published").asLong(manifest.path("total_rows").asLong()));
    headline.put("event lines read", counts.path("events.lines").asLong(0));
    headline.put("screenshot index lines read", counts.path("frames.lines").asLong(0));
    headline.put("shards", (long) manifest.path("shards").size());
    headline.put("bytes published", manifest.path("total_bytes").asLong(0));
    return new Stats(manifest.path("date").asText(""), manifest.path("run_id").asText(""), k, headline, charts, notes);
  }

  private static void addIfShown(List<Chart> charts, List<String> notes, Chart c) {
    if (c.bars().isEmpty()) {
      notes.add(c.title() + ": not shown (" + c.note() + ").");
    } else {
      charts.add(c);
    }
  }

  // ------------------------------------------------------------------ funnels (manifest counts)

  /** Fates of a line, in funnel order (the accounting identity's terminal buckets). */
  private static final List<String> FATE_ORDER = List.of("quarantined", "duplicate", "policy", "not_action",
      "deduplicated", "unused", "used", "kept");

  private static final List<String> POLICY_ORDER = List.of("policy.not_included", "policy.other_day",
      "policy.secure_input", "policy.denylisted_app", "policy.short_episode");

  /** Consent/region reasons, as {@code ConsentFilter} counts them under {@code consent.<kind>.}. */
  private static final Map<String, String> CONSENT = new LinkedHashMap<>();
  private static final Map<String, String> LABELS = new LinkedHashMap<>();
  /** Drop reasons shown even when a night's counts lack them (stages count some only when they occur). */
  private static final Map<String, List<String>> ALWAYS = Map.of(
      "events", List.of("duplicate", "policy.not_included", "policy.secure_input", "policy.denylisted_app",
          "policy.short_episode", "deduplicated", "policy.withheld_by_gate"),
      "frames", List.of("duplicate", "policy.not_included", "policy.denylisted_app", "deduplicated",
          "policy.withheld_by_gate", "policy.redact_failed"));

  static {
    CONSENT.put("no_consent", "not included: no consent");
    CONSENT.put("revoked", "not included: consent revoked");
    CONSENT.put("excluded_region", "not included: excluded region");
    CONSENT.put("erased", "not included: erased user");
    LABELS.put("duplicate", "duplicate delivery");
    LABELS.put("policy.not_included", "not included (consent or region)");
    LABELS.put("policy.other_day", "belongs to another day's run");
    LABELS.put("policy.secure_input", "typed in a secure field (never kept)");
    LABELS.put("policy.denylisted_app", "denylisted app or title");
    LABELS.put("policy.short_episode", "episode too short");
    LABELS.put("policy.withheld_by_gate", "withheld by the privacy gates");
    LABELS.put("policy.redact_failed", "screenshot redaction failed");
    LABELS.put("deduplicated", "removed by dedup");
    LABELS.put("unused", "no step used it");
    LABELS.put("used", "published (in an episode)");
    LABELS.put("kept", "published (in an episode)");
  }

  /** {@code <kind>.lines} and every terminal fate of a line ({@code pipeline.Accounting}), consent reasons spelled out. */
  static Chart lineFunnel(String id, String title, String kind, JsonNode counts) {
    List<Bar> bars = new ArrayList<>();
    bars.add(new Bar("raw lines", counts.path(kind + ".lines").asLong(0)));
    Map<String, Long> fates = new TreeMap<>(Comparator.comparing((String n) -> fateRank(n)).thenComparing(n -> n));
    counts.properties().forEach(e -> {
      String name = e.getKey();
      if (name.startsWith(kind + ".")) {
        String rest = name.substring(kind.length() + 1);
        String head = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
        if (FATE_ORDER.contains(head)) {
          fates.put(rest, e.getValue().asLong(0));
        }
      }
    });
    for (String always : ALWAYS.getOrDefault(kind, List.of())) {
      fates.putIfAbsent(always, 0L);  // a reason with nothing dropped tonight is still a line of the funnel
    }
    String note = null;
    for (Map.Entry<String, Long> f : fates.entrySet()) {
      String fate = f.getKey();
      if (fate.equals("policy.not_included")) {
        List<Bar> why = new ArrayList<>();
        long sum = 0;
        for (Map.Entry<String, String> c : CONSENT.entrySet()) {
          long n = counts.path("consent." + kind + "." + c.getKey()).asLong(0);
          why.add(new Bar(c.getValue(), n));
          sum += n;
        }
        if (sum == f.getValue()) {
          bars.addAll(why);
          continue;
        }
        note = "consent reasons do not add up to the lines not included; shown as one figure";
      }
      bars.add(new Bar(label(fate), f.getValue()));
    }
    return new Chart(id, "funnel", title, "lines", Kind.BARS, bars, note);
  }

  private static int fateRank(String fate) {
    String head = fate.contains(".") ? fate.substring(0, fate.indexOf('.')) : fate;
    int base = FATE_ORDER.indexOf(head) * 100;
    int policy = POLICY_ORDER.indexOf(fate);
    if (policy >= 0) {
      base += 1 + policy;  // the order in which the pipeline applies them
    }
    if (fate.equals("policy.withheld_by_gate") || fate.equals("policy.redact_failed")) {
      base = FATE_ORDER.indexOf("deduplicated") * 100 + 50;  // the gates come after dedup in the pipeline
    }
    return base;
  }

  static String label(String fate) {
    if (LABELS.containsKey(fate)) {
      return LABELS.get(fate);
    }
    if (fate.startsWith("quarantined.")) {
      return "quarantined: " + fate.substring("quarantined.".length()).replace('_', ' ');
    }
    if (fate.startsWith("not_action.")) {
      return "not an action: " + fate.substring("not_action.".length()).replace('_', ' ');
    }
    return fate.replace('_', ' ');
  }

  static Chart episodeFunnel(JsonNode counts) {
    long segmented = counts.path("episodes.segmented").asLong(0);
    long otherDay = counts.path("episodes.other_day").asLong(0);
    long shortDropped = counts.path("episodes.short_dropped").asLong(0);
    List<Bar> bars = new ArrayList<>();
    bars.add(new Bar("episodes found by segmentation", segmented + otherDay + shortDropped));
    bars.add(new Bar("belongs to another day's run", otherDay));
    bars.add(new Bar("too short", shortDropped));
    bars.add(new Bar("dedup: exact", counts.path("dedup.exact").asLong(0)));
    bars.add(new Bar("dedup: near-duplicate", counts.path("dedup.near").asLong(0)));
    bars.add(new Bar("dedup: seen on an earlier night", counts.path("dedup.across_nights").asLong(0)));
    bars.add(new Bar("withheld: text privacy gate", counts.path("privacy.withheld_by_gate").asLong(0)));
    bars.add(new Bar("withheld: pixel privacy gate", counts.path("redact.gate.withheld_episodes").asLong(0)));
    if (counts.has("erase.episodes.removed")) {
      bars.add(new Bar("removed by erasure requests", counts.path("erase.episodes.removed").asLong(0)));
    }
    bars.add(new Bar("published", counts.path("episodes.published").asLong(0)));
    return new Chart("funnel.episodes", "funnel", "Episodes: from segmentation to publication", "episodes", Kind.BARS,
        bars, "denylisted apps and secure input are dropped as events, before episodes exist (see event lines)");
  }

  static Chart fromCounts(String id, String section, String title, String unit, JsonNode counts, String prefix) {
    List<Bar> bars = new ArrayList<>();
    counts.properties().forEach(e -> {
      if (e.getKey().startsWith(prefix)) {
        bars.add(new Bar(e.getKey().substring(prefix.length()).replace('_', ' '), e.getValue().asLong(0)));
      }
    });
    bars.sort(Comparator.comparingLong(Bar::value).reversed().thenComparing(Bar::label));
    return new Chart(id, section, title, unit, Kind.BARS, bars, null);
  }

  /** Shard sizes in buckets relative to {@code writer_settings.target_shard_bytes}; empty shards counted apart. */
  static Chart shardSizes(JsonNode manifest) {
    long target = manifest.path("writer_settings").path("target_shard_bytes").asLong(0);
    double[] edges = {0, 0.25, 0.5, 0.75, 1.25, 1.5, 2};
    String[] labels = {"<25%", "25-50%", "50-75%", "75-125%", "125-150%", "150-200%", ">200%"};
    long[] n = new long[labels.length];
    long empty = 0;
    for (JsonNode s : manifest.path("shards")) {
      if (s.path("rows").asLong(0) == 0) {
        empty++;
        continue;
      }
      double r = target > 0 ? (double) s.path("bytes").asLong(0) / target : 1;
      int b = 0;
      while (b + 1 < edges.length && r >= edges[b + 1]) {
        b++;
      }
      n[b]++;
    }
    List<Bar> bars = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      bars.add(new Bar(labels[i], n[i]));
    }
    bars.add(new Bar("empty", empty));  // a split without episodes still has one shard
    return new Chart("output.shard_sizes", "output",
        String.format(Locale.ROOT, "Shard sizes in %% of the target %.2f MB (a split's last shard is"
            + " usually smaller)", target / 1e6), "shards", Kind.HISTOGRAM, bars, null);
  }

  // ------------------------------------------------------------------ k-anonymous cells (episodes)

  /**
   * Categories with at least k users each, largest first; the others, and the smallest passing category
   * when they alone have fewer than k users, merged into {@code other}.
   */
  static Chart categories(String id, String title, String unit, Map<String, Map<String, Long>> byValue, int k,
                          String other, String what) {
    if (byValue.isEmpty()) {
      return new Chart(id, "episodes", title, unit, Kind.BARS, List.of(), "no episodes");
    }
    List<Map.Entry<String, Map<String, Long>>> passing = new ArrayList<>();
    Set<String> otherUsers = new HashSet<>();
    long otherN = 0;
    int merged = 0;
    for (Map.Entry<String, Map<String, Long>> e : byValue.entrySet()) {
      if (e.getValue().size() >= k && !e.getKey().equals(other)) {
        passing.add(e);
      } else {
        otherUsers.addAll(e.getValue().keySet());
        otherN += sum(e.getValue());
        merged += e.getKey().equals(other) ? 0 : 1;
      }
    }
    passing.sort(Comparator.comparingLong((Map.Entry<String, Map<String, Long>> e) -> sum(e.getValue())).reversed()
        .thenComparing(Map.Entry::getKey));
    String note = merged == 0 ? null : merged + " " + what + " with fewer than " + k + " users merged into " + other;
    if (otherN > 0 && otherUsers.size() < k) {
      if (passing.isEmpty()) {
        return new Chart(id, "episodes", title, unit, Kind.BARS, List.of(), "its data comes from fewer than " + k
            + " users");
      }
      Map.Entry<String, Map<String, Long>> smallest = passing.remove(passing.size() - 1);
      otherUsers.addAll(smallest.getValue().keySet());
      otherN += sum(smallest.getValue());
      note = (merged == 0 ? "" : merged + " " + what + " with fewer than " + k + " users and ")
          + "the smallest " + what.replaceAll("s$", "") + " shown as " + other + " (" + other
          + " alone had fewer than " + k + " users)";
    }
    List<Bar> bars = new ArrayList<>();
    passing.forEach(e -> bars.add(new Bar(e.getKey(), sum(e.getValue()))));
    if (otherN > 0) {
      bars.add(new Bar(other, otherN));
    }
    return new Chart(id, "episodes", title, unit, Kind.BARS, bars, note);
  }

  /**
   * Buckets of {@code edges} from the lowest to the highest one in use; adjacent buckets merged,
   * low to high, until each holds at least k users (a short remainder joins the last bucket).
   */
  static Chart histogram(String id, String title, Map<String, Map<String, Long>> byValue, long[] edges, int k,
                         String unit) {
    List<Map<String, Long>> buckets = new ArrayList<>();
    for (int i = 0; i < edges.length; i++) {
      buckets.add(new TreeMap<>());
    }
    Set<String> all = new HashSet<>();
    for (Map.Entry<String, Map<String, Long>> e : byValue.entrySet()) {
      int b = bucket(edges, Long.parseLong(e.getKey()));
      e.getValue().forEach((u, n) -> buckets.get(b).merge(u, n, Long::sum));
      all.addAll(e.getValue().keySet());
    }
    String t = title + " (" + unit + ")";
    if (all.size() < k) {
      return new Chart(id, "episodes", t, "episodes", Kind.HISTOGRAM, List.of(),
          all.isEmpty() ? "no episodes" : "its data comes from fewer than " + k + " users");
    }
    int lo = 0;
    int hi = edges.length - 1;
    while (buckets.get(lo).isEmpty()) {
      lo++;
    }
    while (buckets.get(hi).isEmpty()) {
      hi--;
    }
    List<int[]> ranges = new ArrayList<>();
    List<Long> values = new ArrayList<>();
    int start = lo;
    Set<String> users = new HashSet<>();
    long n = 0;
    int mergedAway = 0;
    for (int b = lo; b <= hi; b++) {
      users.addAll(buckets.get(b).keySet());
      n += sum(buckets.get(b));
      if (users.size() >= k) {
        ranges.add(new int[] {start, b});
        values.add(n);
        start = b + 1;
        users.clear();
        n = 0;
      }
    }
    if (start <= hi) {  // a remainder with fewer than k users: joins the last bucket
      int[] last = ranges.get(ranges.size() - 1);
      last[1] = hi;
      values.set(values.size() - 1, values.get(values.size() - 1) + n);
    }
    List<Bar> bars = new ArrayList<>();
    for (int i = 0; i < ranges.size(); i++) {
      int[] r = ranges.get(i);
      mergedAway += r[1] - r[0];
      bars.add(new Bar(rangeLabel(edges, r[0], r[1]), values.get(i)));
    }
    String note = mergedAway == 0 ? null : "buckets widened so each holds at least " + k + " users";
    return new Chart(id, "episodes", t, "episodes", Kind.HISTOGRAM, bars, note);
  }

  private static long sum(Map<String, Long> m) {
    return m.values().stream().mapToLong(Long::longValue).sum();
  }

  // ------------------------------------------------------------------ JSON

  /** {@code stats.json}: the same figures as the report, for machines. */
  public String toJson() {
    ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = om.createObjectNode();
    root.put("date", date);
    root.put("run_id", runId);
    root.put("k_anonymity", k);
    root.set("headline", om.valueToTree(headline));
    ObjectNode cs = root.putObject("charts");
    for (Chart c : charts) {
      ObjectNode o = cs.putObject(c.id());
      o.put("section", c.section());
      o.put("title", c.title());
      o.put("unit", c.unit());
      o.put("kind", c.kind().name().toLowerCase(Locale.ROOT));
      com.fasterxml.jackson.databind.node.ArrayNode vals = o.putArray("bars");
      for (Bar b : c.bars()) {
        vals.addObject().put("label", b.label()).put("value", b.value());
      }
      if (c.note() != null) {
        o.put("note", c.note());
      }
    }
    root.set("notes", om.valueToTree(notes));
    try {
      return om.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
