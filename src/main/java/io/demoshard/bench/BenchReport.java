package io.demoshard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The figures scripts/bench prints, from the runs it recorded: one TSV line per run
 * ({@code drop<TAB>kind<TAB>run<TAB>wall_ms<TAB>log}) and, per drop folder, the {@code stats} file
 * bench wrote when it generated the drop ({@code users=, event_bytes=, frame_bytes=, image_bytes=}).
 * Every figure is a median over the runs of one kind.
 */
public final class BenchReport {
  /**
   * Nightly stages that decode, redact or publish image bytes. Every other stage is an event stage:
   * the report names both lists, so the event-stage sum is never a guess.
   */
  public static final Set<String> IMAGE_STAGES = Set.of("ingest: images", "redact screenshots",
      "privacy gate: pixels", "publish", "privacy gate", "publish: commit");
  /** Stages reported on their own line besides the table: screenshot redaction (issue 13). */
  public static final Set<String> REDACTION_STAGES = Set.of("redact screenshots", "privacy gate: pixels");

  static final List<String> KINDS = List.of("io", "decode", "event", "nightly");
  private static final Pattern NIGHTLY_SUMMARY = Pattern.compile("from (\\d+) event lines and (\\d+) frame lines");

  /** One measured run: its kind (io, decode, event, nightly), process wall and log lines. */
  public record Run(String drop, String kind, int run, long wallMs, List<String> log) {
    boolean ok() {
      return "0".equals(StageLog.fields(log, "bench-heap").get("rc"));
    }

    Map<String, Long> stages() {
      return StageLog.stages(log);
    }

    /** Wall of the floor's Spark work alone (session start excluded), or -1. */
    long floorWallMs() {
      String v = StageLog.fields(log, "bench-floor").get("wall_ms");
      return v == null ? -1 : Long.parseLong(v);
    }

    long peakHeapMb() {
      String v = StageLog.fields(log, "bench-heap").get("peak_heap_mb");
      return v == null ? -1 : Long.parseLong(v);
    }
  }

  private final List<Run> runs;
  private final Set<String> imageStages;

  public BenchReport(List<Run> runs, Set<String> imageStages) {
    this.runs = List.copyOf(runs);
    this.imageStages = Set.copyOf(imageStages);
  }

  /** Reads the runs TSV and every run's log. */
  public static BenchReport load(Path tsv) {
    List<Run> runs = new ArrayList<>();
    try {
      for (String l : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
        if (l.isBlank()) {
          continue;
        }
        String[] f = l.split("\t");
        Path log = Path.of(f[4]);
        List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1) : List.of();
        runs.add(new Run(f[0], f[1], Integer.parseInt(f[2]), Long.parseLong(f[3]), lines));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new BenchReport(runs, IMAGE_STAGES);
  }

  static Properties stats(String drop) {
    Properties p = new Properties();
    Path f = Path.of(drop, "stats");
    if (Files.exists(f)) {
      try (var in = Files.newBufferedReader(f)) {
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return p;
  }

  List<Run> of(String drop, String kind) {
    return runs.stream().filter(r -> r.drop().equals(drop) && r.kind().equals(kind)).toList();
  }

  /** The drops of the runs, in the order first run. */
  public List<String> drops() {
    return runs.stream().map(Run::drop).distinct().toList();
  }

  /** Event and frame index lines of the drop: nightly's own count, else the I/O floor's. {-1,-1} if neither ran. */
  long[] lines(String drop) {
    for (Run r : of(drop, "nightly")) {
      for (String l : r.log()) {
        Matcher m = NIGHTLY_SUMMARY.matcher(l);
        if (m.find()) {
          return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
        }
      }
    }
    for (String kind : List.of("io", "decode", "event")) {
      for (Run r : of(drop, kind)) {
        Map<String, String> f = StageLog.fields(r.log(), "bench-floor");
        if (f.containsKey("event_lines")) {
          return new long[] {Long.parseLong(f.get("event_lines")), Long.parseLong(f.get("frame_lines"))};
        }
      }
    }
    return new long[] {-1, -1};
  }

  static double medianOf(List<Run> runs, ToDoubleFunction<Run> f) {
    List<Double> v = new ArrayList<>();
    for (Run r : runs) {
      double x = f.applyAsDouble(r);
      if (x >= 0) {
        v.add(x);
      }
    }
    return StageLog.median(v);
  }

  /** Per-run sum of the event stages (all but {@link #imageStages}); median over runs. */
  double eventStagesMs(List<Run> nightly) {
    return medianOf(nightly, r -> r.stages().entrySet().stream().filter(e -> !imageStages.contains(e.getKey()))
        .mapToLong(Map.Entry::getValue).sum());
  }

  double stagesMs(List<Run> nightly, Set<String> names) {
    return medianOf(nightly, r -> r.stages().entrySet().stream().filter(e -> names.contains(e.getKey()))
        .mapToLong(Map.Entry::getValue).sum());
  }

  /** The full report of one drop: table, stages, ratios. */
  public String day(String drop) {
    StringBuilder b = new StringBuilder();
    Properties st = stats(drop);
    long[] lines = lines(drop);
    long eventBytes = Long.parseLong(st.getProperty("event_bytes", "0"));
    long frameBytes = Long.parseLong(st.getProperty("frame_bytes", "0"));
    long imageBytes = Long.parseLong(st.getProperty("image_bytes", "0"));
    long images = Long.parseLong(st.getProperty("images", "-1"));
    b.append(String.format(Locale.ROOT, "drop %s: %s users at %sx%s; %,d event lines, %,d frame index lines, "
            + "%,d screenshot files; input %.1f MB (events %.1f, frame index %.1f, screenshots %.1f)%n",
        drop, st.getProperty("users", "?"), st.getProperty("width", "?"), st.getProperty("height", "?"),
        lines[0], lines[1], images, mb(eventBytes + frameBytes + imageBytes), mb(eventBytes), mb(frameBytes),
        mb(imageBytes)));
    b.append(String.format(Locale.ROOT, "machine: %d cores, %.1f GB memory; medians of the runs; wall = whole "
        + "process (JVM and Spark start included); frames/s = frame index lines/s; MB/s = bytes the run reads; "
        + "CPU s = user + system (/usr/bin/time)%n",
        Runtime.getRuntime().availableProcessors(), totalMemoryBytes() / 1e9));
    b.append(String.format(Locale.ROOT, "%-8s %4s %4s %9s %10s %9s %8s %8s %10s %12s%n",
        "run", "runs", "ok", "wall s", "events/s", "frames/s", "MB/s", "CPU s", "maxRSS MB", "peakHeap MB"));
    Map<String, Double> cpu = new LinkedHashMap<>();
    Map<String, Double> wall = new LinkedHashMap<>();
    for (String kind : KINDS) {
      List<Run> rs = of(drop, kind);
      if (rs.isEmpty()) {
        continue;
      }
      double w = medianOf(rs, r -> r.wallMs());
      wall.put(kind, w);
      long bytes = kind.equals("event") ? eventBytes + frameBytes : eventBytes + frameBytes + imageBytes;
      double rss = medianOf(rs, r -> StageLog.maxRssKb(r.log()));
      double cpuS = medianOf(rs, r -> StageLog.cpuSeconds(r.log()));
      cpu.put(kind, cpuS);
      b.append(String.format(Locale.ROOT, "%-8s %4d %4d %9.1f %10.0f %9.0f %8.1f %8s %10s %12s%n", kind, rs.size(),
          rs.stream().filter(Run::ok).count(), w / 1000, lines[0] / (w / 1000), lines[1] / (w / 1000),
          mb(bytes) / (w / 1000), fmt(cpuS), Double.isNaN(rss) ? "-" : String.format(Locale.ROOT, "%.0f", rss / 1024),
          fmt(medianOf(rs, Run::peakHeapMb))));
    }
    List<Run> nightly = of(drop, "nightly");
    if (!nightly.isEmpty()) {
      b.append("nightly stages (median ms over runs, pipeline order):\n");
      Set<String> names = new LinkedHashSet<>();
      nightly.forEach(r -> names.addAll(r.stages().keySet()));
      for (String n : names) {
        double ms = medianOf(nightly, r -> r.stages().getOrDefault(n, -1L));
        b.append(String.format(Locale.ROOT, "  %-32s %9.0f  %s%n", n, ms,
            REDACTION_STAGES.contains(n) ? "[screenshot redaction]"
                : imageStages.contains(n) ? "[image stage]" : "[event stage]"));
      }
      double redaction = stagesMs(nightly, REDACTION_STAGES);
      b.append(String.format(Locale.ROOT, "screenshot redaction (%s): %.1f s%n",
          String.join(" + ", sorted(REDACTION_STAGES)), redaction / 1000));
      List<String> eventNames = names.stream().filter(n -> !imageStages.contains(n)).toList();
      List<String> imageNames = names.stream().filter(imageStages::contains).toList();
      double eventMs = eventStagesMs(nightly);
      b.append(String.format(Locale.ROOT, "event stages = %s: %.1f s (%.0f events/s); excluded: %s%n",
          String.join(" + ", eventNames), eventMs / 1000, lines[0] / (eventMs / 1000), String.join(", ", imageNames)));
      b.append("ratios:\n");
      if (wall.containsKey("decode")) {
        b.append(String.format(Locale.ROOT, "  nightly / decode floor (process walls)          = %.2f%n",
            wall.get("nightly") / wall.get("decode")));
        b.append(String.format(Locale.ROOT, "  (nightly - redaction) / decode floor            = %.2f%n",
            (wall.get("nightly") - redaction) / wall.get("decode")));
        if (!Double.isNaN(cpu.get("nightly")) && !Double.isNaN(cpu.get("decode"))) {
          b.append(String.format(Locale.ROOT, "  nightly / decode floor (CPU seconds)            = %.2f%n",
              cpu.get("nightly") / cpu.get("decode")));
        }
      }
      List<Run> event = of(drop, "event");
      if (!event.isEmpty()) {
        double floorMs = medianOf(event, Run::floorWallMs);
        b.append(String.format(Locale.ROOT, "  event stages / event floor (Spark work walls)   = %.2f  (event floor %.1f s, "
            + "%.0f events/s)%n", eventMs / floorMs, floorMs / 1000, lines[0] / (floorMs / 1000)));
      }
    }
    return b.toString();
  }

  /** Nightly's median wall per drop, in the order run, and the growth from the first drop to the last. */
  public String scaling() {
    StringBuilder b = new StringBuilder("scaling (nightly median wall per drop):\n");
    List<String> drops = drops().stream().filter(d -> !of(d, "nightly").isEmpty()).toList();
    for (String d : drops) {
      List<Run> n = of(d, "nightly");
      b.append(String.format(Locale.ROOT, "  %-40s users %-6s runs %d ok %d  wall %.1f s  event lines %,d%n", d,
          stats(d).getProperty("users", "?"), n.size(), n.stream().filter(Run::ok).count(),
          medianOf(n, Run::wallMs) / 1000, lines(d)[0]));
    }
    if (drops.size() >= 2) {
      String first = drops.get(0);
      String last = drops.get(drops.size() - 1);
      double users = Double.parseDouble(stats(last).getProperty("users", "NaN"))
          / Double.parseDouble(stats(first).getProperty("users", "NaN"));
      b.append(String.format(Locale.ROOT, "  time ratio last/first = %.2f for %.2fx users (linear = %.2f)%n",
          medianOf(of(last, "nightly"), Run::wallMs) / medianOf(of(first, "nightly"), Run::wallMs), users, users));
    }
    return b.toString();
  }

  /** Whether each nightly run of each drop completed, with its wall and memory (the skew run). */
  public String outcomes() {
    StringBuilder b = new StringBuilder();
    for (Run r : runs) {
      if (!r.kind().equals("nightly")) {
        continue;
      }
      double rss = StageLog.maxRssKb(r.log());
      b.append(String.format(Locale.ROOT, "  %s run %d: %s in %.1f s, max RSS %s MB, peak heap %s MB%n", r.drop(),
          r.run(), r.ok() ? "completed" : "FAILED", r.wallMs() / 1000.0, rss < 0 ? "-" : fmt(rss / 1024),
          fmt(r.peakHeapMb())));
    }
    return b.toString();
  }

  private static List<String> sorted(Set<String> s) {
    return s.stream().sorted().collect(Collectors.toList());
  }

  private static String fmt(double v) {
    return Double.isNaN(v) || v < 0 ? "-" : String.format(Locale.ROOT, "%.0f", v);
  }

  private static double mb(long bytes) {
    return bytes / 1e6;
  }

  private static long totalMemoryBytes() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return -1;
  }
}
