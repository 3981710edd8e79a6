package io.demoshard.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demoshard.SparkTestBase;
import io.demoshard.config.DemoshardConfig;
import io.demoshard.model.Counts;
import io.demoshard.privacy.PseudonymKey;
import io.demoshard.sim.Simulator;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A day with every recorder fault injected: the night still publishes, and every fault is accounted for. */
class NightlyFaultsEndToEndTest extends SparkTestBase {
  static final LocalDate DAY = LocalDate.parse("2026-11-20");

  @TempDir static Path dir;
  static Path out;
  static NightlyResult result;
  static Counts counts = new Counts();

  @BeforeAll
  static void runNight() throws Exception {
    Path raw = dir.resolve("raw");
    out = dir.resolve("out");
    DemoshardConfig cfg = NightlyEndToEndTest.config(Map.of("demoshard.privacy.k-anonymity", "2"));
    new Simulator(new DemoshardConfig.SimulateConfig(8, 5, 320, 200, 3000), new Configuration())
        .run(raw.toUri().toString(), DAY, true);
    result = new NightlyJob(spark(), cfg, PseudonymKey.of("fedcba9876543210-test-key".getBytes(StandardCharsets.UTF_8)))
        .run(raw.toUri().toString(), out.toUri().toString(), DAY);
    JsonNode manifest = new ObjectMapper().readTree(out.resolve(DAY + "/manifest.json").toFile());
    manifest.get("counts").fields().forEachRemaining(e -> counts.add(e.getKey(), e.getValue().asLong()));
  }

  @Test
  void publishesAndTheCountsAddUp() {
    assertTrue(result.episodes() > 0);
    for (Accounting.Check check : Accounting.checks(counts)) {
      assertTrue(check.ok(), check.toString());
    }
  }

  @Test
  void lineFaultsAreQuarantinedWithTheirReason() {
    Set<String> reasons = spark().read().parquet(out.resolve("_quarantine/" + DAY).toString())
        .select("reason").distinct().collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toSet());
    assertTrue(reasons.containsAll(List.of("bad_json", "missing_field", "wrong_type", "truncated_gzip",
        "duplicate_conflict")), reasons.toString());
    assertEquals(counts.sumPrefix("events.quarantined") + counts.sumPrefix("frames.quarantined"),
        counts.get("quarantine.rows") - counts.sumPrefix("consent.quarantined") - counts.sumPrefix("erasure.quarantined")
            - counts.sumPrefix("directory.quarantined")
            - counts.get(io.demoshard.privacy.EpisodeGate.WITHHELD) - counts.get(io.demoshard.redact.PixelGate.WITHHELD));
  }

  @Test
  void toleratedFaultsAreCounted() {
    assertTrue(counts.get("events.duplicate") > 0, "redelivered lines");
    assertTrue(counts.get("events.unknown_type") > 0, "unknown event types");
    assertTrue(counts.get("events.unknown_fields") > 0, "unknown fields");
    assertTrue(counts.get("files.empty") > 0, "empty files");
    assertTrue(counts.get("frames.orphan_image") > 0, "images with no index line");
  }

  @Test
  void episodesBelongToTheDayTheyStart() {
    long start = DAY.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    long end = DAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    List<Row> lineage = spark().read().parquet(out.resolve("_lineage/" + DAY).toString())
        .select("start_ts").collectAsList();
    assertEquals(result.episodes(), lineage.size());
    for (Row r : lineage) {
      assertTrue(r.getLong(0) >= start && r.getLong(0) < end, "episode starting outside the day");
    }
    // Sessions crossing midnight contribute events to the neighbouring days' runs, counted here.
    assertTrue(counts.get("events.policy.other_day") > 0);
  }
}
