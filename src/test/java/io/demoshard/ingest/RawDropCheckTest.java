package io.demoshard.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demoshard.SparkTestBase;
import io.demoshard.cli.Main;
import io.demoshard.config.ConfigLoader;
import io.demoshard.config.DemoshardConfig;
import io.demoshard.model.Counts;
import io.demoshard.sim.Simulator;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * validate on a simulated day with every recorder fault: its counters must be the ones the nightly
 * ingest stages (Spark) count on the same day, under the same names, and its consent decisions the
 * simulator's ground truth.
 */
class RawDropCheckTest extends SparkTestBase {
  static final LocalDate DAY = LocalDate.parse("2025-03-12");

  @TempDir
  static Path tmp;
  static Path raw;
  static DemoshardConfig cfg;
  static RawDropCheck.Report report;

  @BeforeAll
  static void simulate() throws Exception {
    raw = tmp.resolve("raw");
    // nightly reads the days around D too; validate reads D only: compare them on D only
    cfg = DemoshardConfig.from(ConfigLoader.load("local", null, null, Map.of(
        "demoshard.ingest.lookbehind-days", "0", "demoshard.ingest.lookahead-days", "0")));
    new Simulator(new DemoshardConfig.SimulateConfig(4, 11, 320, 200, 3000), new Configuration())
        .run(raw.toUri().toString(), DAY, true);
    report = new RawDropCheck(new Configuration(), cfg.ingest(), cfg.privacy().excludedRegions(), true)
        .run(raw.toUri().toString(), DAY);
  }

  @Test
  void countsWhatTheNightlyIngestCountsUnderTheSameNames() {
    String root = raw.toUri().toString();
    EventIngest.Output ev = new EventIngest(spark(), cfg.ingest()).run(root, DAY);
    Result frames = new FrameIngest(spark(), cfg.ingest()).run(root, DAY, ev.clockBadDevices());
    ImageCheck images = new ImageCheck(spark(), cfg.ingest());
    Dataset<Row> indexed = frames.valid().select(col("path")).union(frames.quarantine()
        .select(get_json_object(col("raw"), "$.path").as("path")).where(col("path").isNotNull()));
    Counts nightly = new Counts().addAll(ev.result().counts()).addAll(frames.counts())
        .addAll(images.run(root, frames.valid(), DAY).counts()).addAll(images.countOrphans(root, indexed, DAY));

    Map<String, Long> mine = report.counts().asMap();
    Map<String, String> differ = new TreeMap<>();
    nightly.asMap().forEach((k, v) -> {
      if (!v.equals(mine.getOrDefault(k, 0L))) {
        differ.put(k, "nightly " + v + ", validate " + mine.get(k));
      }
    });
    System.out.println("validate:\n" + RawDropCheck.render(report));
    assertEquals(Map.of(), differ);
    // the simulated faults are there to be found (so the comparison above compares something)
    for (String k : Set.of("events.quarantined.bad_json", "events.duplicate", "events.quarantined.clock_device",
        "frames.quarantined.missing_image", "frames.quarantined.undecodable_image", "frames.size_mismatch",
        "frames.orphan_image", "files.truncated_gzip")) {
      assertTrue(report.counts().get(k) > 0, k + " in " + mine);
    }
    assertTrue(report.counts().get("sessions") > 0 && report.counts().get("users") > 0);
  }

  @Test
  void consentDecisionsAreTheGroundTruths() throws Exception {
    ObjectMapper om = new ObjectMapper();
    Set<String> excluded = new TreeSet<>(cfg.privacy().excludedRegions());
    Map<String, String> decisions = report.consentByUser();
    assertTrue(decisions.size() >= 3, decisions.toString());
    int checked = 0;
    for (String line : Files.readAllLines(raw.resolve("_truth/users.jsonl"))) {
      JsonNode u = om.readTree(line);
      String id = u.get("user_id").asText();
      if (!decisions.containsKey(id)) {
        continue;  // no valid event on D (e.g. a device whose clock is off by days)
      }
      boolean included = u.get("consent").asText().equals("granted") && !u.get("erased").asBoolean()
          && !excluded.contains(u.path("region").asText(""));
      assertEquals(included, decisions.get(id).equals("included"), id + " " + u + " -> " + decisions.get(id));
      checked++;
    }
    assertEquals(decisions.size(), checked);
    Counts c = report.counts();
    assertEquals(c.get("users"), c.sumPrefix("consent.users"), "one decision per user with events");
  }

  @Test
  void theCommandPrintsTheSummaryWithoutSpark() {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
      code = Main.execute("validate", "--raw", raw.toString(), "--date", DAY.toString(), "--skip-images",
          "-D", "ingest.lookahead-days=0");
    } finally {
      System.setOut(old);
    }
    String text = buf.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, text);
    assertTrue(text.contains("events.quarantined.bad_json"), text);
    assertTrue(text.contains("users with events have a consent row"), text);
    assertTrue(text.contains("not decoded (--skip-images)"), text);
  }
}
