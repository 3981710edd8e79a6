package io.demoshard.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StageLogTest {
  @Test
  void stageLinesAreParsedInOrderAndRepeatedStagesSummed() {
    List<String> log = List.of(
        "10:00:01 INFO  StageClock: stage: ingest",
        "10:00:05 INFO  StageClock: stage done: ingest in 4012 ms (events.lines=46023, frames.lines=9665)",
        "10:00:06 WARN  TaskSetManager: Stage 41 contains a task of very large size (11115 KiB)",
        "10:00:07 INFO  StageClock: stage done: privacy: consent and region in 950 ms",
        "10:00:09 INFO  StageClock: stage done: join, reduce, segment in 2000 ms",
        "10:00:10 INFO  StageClock: stage done: ingest in 10 ms");
    Map<String, Long> s = StageLog.stages(log);
    assertEquals(List.of("ingest", "privacy: consent and region", "join, reduce, segment"), List.copyOf(s.keySet()));
    assertEquals(4022L, s.get("ingest"));
    assertEquals(2000L, s.get("join, reduce, segment"));
  }

  @Test
  void taggedFieldsRssAndMedian() {
    List<String> log = List.of("bench-floor kind=io event_lines=7 wall_ms=1200",
        "bench-heap peak_heap_mb=812 rc=0 command_wall_ms=5000",
        "\tMaximum resident set size (kbytes): 204800", "\tUser time (seconds): 51.18",
        "\tSystem time (seconds): 11.32");
    assertEquals(Map.of("kind", "io", "event_lines", "7", "wall_ms", "1200"), StageLog.fields(log, "bench-floor"));
    assertEquals("812", StageLog.fields(log, "bench-heap").get("peak_heap_mb"));
    assertTrue(StageLog.fields(log, "absent").isEmpty());
    assertEquals(204800L, StageLog.maxRssKb(log));
    assertEquals(-1L, StageLog.maxRssKb(List.of("nothing")));
    assertEquals(62.5, StageLog.cpuSeconds(log), 1e-9);
    assertEquals(-1.0, StageLog.cpuSeconds(List.of("nothing")));
    assertEquals(3.0, StageLog.median(List.of(9, 1, 3)));
    assertEquals(2.5, StageLog.median(List.of(4L, 1L, 2L, 3L)));
    assertTrue(Double.isNaN(StageLog.median(List.of())));
  }

  @Test
  void reportSumsOnlyEventStagesAndTakesMediansOfRuns(@TempDir Path dir) throws IOException {
    Path drop = Files.createDirectories(dir.resolve("drop"));
    Files.writeString(drop.resolve("stats"), "users=10\nwidth=320\nheight=200\nevent_bytes=1000000\n"
        + "frame_bytes=0\nimage_bytes=3000000\nimages=50\n");
    StringBuilder tsv = new StringBuilder();
    // nightly runs: event stages 1000+2000 (+ x), image stages never summed; walls 10, 12, 30 s -> median 12 s
    long[][] nightly = {{1000, 2000, 5000, 700}, {1200, 2000, 4000, 900}, {3000, 9000, 5000, 900}};
    long[] walls = {10_000, 12_000, 30_000};
    for (int i = 0; i < 3; i++) {
      Path log = write(dir, "n" + i, "x INFO StageClock: stage done: ingest in " + nightly[i][0] + " ms",
          "x INFO StageClock: stage done: dedup in " + nightly[i][1] + " ms",
          "x INFO StageClock: stage done: redact screenshots in " + nightly[i][2] + " ms",
          "x INFO StageClock: stage done: publish in " + nightly[i][3] + " ms",
          "nightly 2026-11-20: 3 episodes published ({}) from 6000 event lines and 50 frame lines; x",
          "bench-heap peak_heap_mb=100 rc=0");
      tsv.append(drop).append("\tnightly\t").append(i + 1).append('\t').append(walls[i]).append('\t').append(log)
          .append('\n');
    }
    long[] decode = {6_000, 4_000, 5_000};
    long[] event = {1_000, 1_500, 2_000};
    for (int i = 0; i < 3; i++) {
      Path d = write(dir, "d" + i, "bench-floor kind=decode event_lines=6000 wall_ms=" + (decode[i] - 3000),
          "bench-heap peak_heap_mb=50 rc=0");
      Path e = write(dir, "e" + i, "bench-floor kind=event event_lines=6000 wall_ms=" + event[i],
          "bench-heap peak_heap_mb=50 rc=0");
      tsv.append(drop).append("\tdecode\t").append(i + 1).append('\t').append(decode[i]).append('\t').append(d)
          .append('\n');
      tsv.append(drop).append("\tevent\t").append(i + 1).append('\t').append(event[i] + 3000).append('\t').append(e)
          .append('\n');
    }
    Path runs = Files.writeString(dir.resolve("runs.tsv"), tsv);
    BenchReport r = BenchReport.load(runs);

    assertEquals(3200.0, r.eventStagesMs(r.of(drop.toString(), "nightly"))); // per-run sums 3000, 3200, 12000
    assertEquals(5000.0, r.stagesMs(r.of(drop.toString(), "nightly"), BenchReport.REDACTION_STAGES));
    String out = r.day(drop.toString());
    assertTrue(out.contains("nightly / decode floor (process walls)          = 2.40"), out); // 12 s / 5 s
    assertTrue(out.contains("(nightly - redaction) / decode floor            = 1.40"), out); // (12 - 5) / 5
    assertTrue(out.contains("event stages / event floor (Spark work walls)   = 2.13"), out); // 3200 / 1500
    assertTrue(out.contains("event stages = ingest + dedup: 3.2 s"), out);
    assertTrue(out.contains("excluded: redact screenshots, publish"), out);
    assertTrue(out.contains("6,000 event lines"), out);
    assertTrue(out.contains("screenshot redaction (privacy gate: pixels + redact screenshots): 5.0 s"), out);
  }

  @Test
  void reportKeepsImageStagesOutOfTheEventSum() {
    BenchReport.Run run = new BenchReport.Run("d", "nightly", 1, 10, List.of(
        "stage done: ingest: images in 500 ms", "stage done: privacy gate in 70 ms",
        "stage done: publish: commit in 30 ms", "stage done: accounting in 5 ms"));
    BenchReport r = new BenchReport(List.of(run), BenchReport.IMAGE_STAGES);
    assertEquals(5.0, r.eventStagesMs(List.of(run)));
    BenchReport none = new BenchReport(List.of(run), Set.of());
    assertEquals(605.0, none.eventStagesMs(List.of(run)));
  }

  private static Path write(Path dir, String name, String... lines) throws IOException {
    return Files.write(dir.resolve(name + ".log"), List.of(lines));
  }
}
