package io.demoshard.pipeline;

import io.demoshard.SparkTestBase;
import io.demoshard.model.Counts;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest extends SparkTestBase {
  static final int TASKS = 40;

  /** Runs a job of {@link #TASKS} tasks in stage {@code name} with {@code p} listening; waits for its events. */
  private static void runStage(Progress p, String name) throws InterruptedException {
    spark().sparkContext().addSparkListener(p);
    try {
      spark().sparkContext().setJobGroup("demoshard", name, false);
      long before = p.done();
      spark().range(0, 4000, 1, TASKS).javaRDD().count();
      long deadline = System.currentTimeMillis() + 20_000;
      while (p.done() < before + TASKS && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);  // listener events arrive asynchronously
      }
      assertEquals(before + TASKS, p.done(), "task end events seen");
    } finally {
      spark().sparkContext().clearJobGroup();
      spark().sparkContext().removeSparkListener(p);
    }
  }

  @Test
  void printsAtMostEveryTenSecondsWithTheStageAndItsTasks() throws Exception {
    AtomicLong now = new AtomicLong(1_000_000);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    // a clock that advances 3 s at every reading: 40 task ends span 120 s of "stage time"
    Progress p = new Progress(new PrintStream(buf, true, StandardCharsets.UTF_8), () -> now.addAndGet(3_000), 10_000);
    runStage(p, "redact screenshots");
    List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
    assertTrue(lines.size() >= 9 && lines.size() <= 12, "about one line per 10 s of 120 s: " + lines);
    Pattern line = Pattern.compile("demoshard: redact screenshots: (\\d+) of up to (\\d+) tasks done, (\\d+) s");
    long lastSeconds = -10;
    long lastDone = 0;
    for (String l : lines) {
      Matcher m = line.matcher(l);
      assertTrue(m.matches(), l);
      long done = Long.parseLong(m.group(1));
      long s = Long.parseLong(m.group(3));
      assertTrue(s - lastSeconds >= 10, "lines at least 10 s apart: " + lines);
      assertTrue(done > lastDone && done <= TASKS && Long.parseLong(m.group(2)) >= TASKS, l);
      lastSeconds = s;
      lastDone = done;
    }
  }

  @Test
  void aShortStagePrintsNothing() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    AtomicLong now = new AtomicLong(5_000);
    Progress p = new Progress(new PrintStream(buf, true, StandardCharsets.UTF_8), () -> now.addAndGet(100), 10_000);
    runStage(p, "dedup");  // 40 task ends x 0.1 s = 4 s
    assertEquals("", buf.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aStageLineCarriesTheKeyCountsItChanged() {
    Counts c = new Counts().add("events.lines", 100).add("events.quarantined.bad_json", 2);
    Map<String, Long> before = new java.util.LinkedHashMap<>();
    before.put("events.lines", 100L);
    before.put("events.quarantined.", 2L);
    before.put("episodes.published", 0L);
    Map<String, Long> after = new java.util.LinkedHashMap<>(before);
    after.put("events.quarantined.", c.sumPrefix("events.quarantined") + 5);
    after.put("episodes.published", 48L);
    assertEquals(" (events.quarantined=5, episodes.published=48)", StageClock.changed(before, after));
    assertEquals("", StageClock.changed(before, before));
  }
}
