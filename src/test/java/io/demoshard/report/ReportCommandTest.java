package io.demoshard.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demoshard.SparkTestBase;
import io.demoshard.cli.Main;
import io.demoshard.config.DemoshardConfig;
import io.demoshard.model.Counts;
import io.demoshard.model.Schemas;
import io.demoshard.publish.PublishFixtures;
import io.demoshard.publish.Publisher;
import io.demoshard.spark.HadoopConf;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The publisher writes report.html and stats.json into every version, and {@code demoshard report}
 * regenerates the same figures from the committed shards and the lineage's user keys.
 */
class ReportCommandTest extends SparkTestBase {
  static final int USERS = 16;

  @TempDir
  Path tmp;

  @Test
  void publishWritesTheReportAndTheCommandRegeneratesItFromTheShards() throws Exception {
    Path raw = tmp.resolve("raw");
    Path out = tmp.resolve("out");
    List<Row> rows = PublishFixtures.episodes(raw, USERS);
    DemoshardConfig cfg = PublishFixtures.config(20 * 1024);
    HadoopConf hadoop = new HadoopConf(new Configuration(spark().sparkContext().hadoopConfiguration()));
    Counts counts = new Counts().add("events.lines", 500).add("events.used", 300)
        .add("events.policy.not_included", 150).add("consent.events.no_consent", 100)
        .add("consent.events.excluded_region", 50).add("events.quarantined.bad_json", 50)
        .add("episodes.segmented", rows.size()).add("episodes.published", rows.size())
        .add("privacy.scrubbed.email", 7).add("redact.boxes.person", 3);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("stage_timings_ms", Map.of("ingest", 1200L, "dedup", 300L));
    new Publisher(spark(), cfg, hadoop).publish(PublishFixtures.dataset(spark(), raw, rows), out.toString(),
        LocalDate.parse(PublishFixtures.DAY), counts, extra);

    Path version = out.resolve(PublishFixtures.DAY);
    Path html = version.resolve(ReportFiles.HTML);
    Path json = version.resolve(ReportFiles.JSON);
    assertTrue(Files.exists(html) && Files.exists(json), "the publisher wrote the report");
    String published = Files.readString(json);
    JsonNode stats = new ObjectMapper().readTree(published);

    // figures from the episodes: 16 users x 3 episodes, all in "Code", 3 steps each (2 clicks, 1 type)
    JsonNode charts = stats.get("charts");
    assertEquals(bars("Code", 48), charts.get("episodes.app").get("bars").toString());
    assertEquals(bars("3-4", 48), charts.get("episodes.steps").get("bars").toString());
    assertEquals("[{\"label\":\"click\",\"value\":96},{\"label\":\"type\",\"value\":48}]",
        charts.get("episodes.actions").get("bars").toString());
    long frames = rows.stream().mapToLong(r -> r.getInt(Schemas.EPISODE.fieldIndex("num_frames"))).sum();
    long inHist = 0;
    for (JsonNode b : charts.get("episodes.frames").get("bars")) {
      inHist += b.get("value").asLong();
    }
    assertEquals(rows.size(), inHist, "every episode in the frames histogram (" + frames + " frames)");
    // figures from the manifest
    assertEquals(7, find(charts.get("privacy.text"), "email"));
    assertEquals(1200, find(charts.get("timings.stages"), "ingest"));
    assertEquals(100, find(charts.get("funnel.events"), "not included: no consent"));
    assertEquals(50, find(charts.get("funnel.events"), "quarantined: bad json"));
    // nothing that could name a person: no pseudonym, session or raw path
    String page = Files.readString(html);
    for (String leak : List.of(rowString(rows.get(0), "user_key"), "sess-0", "device-0", "screenshots/")) {
      assertFalse(page.contains(leak) || published.contains(leak), "the report holds " + leak);
    }

    // the command recomputes both from the committed shards and lineage: the same figures
    Files.delete(html);
    Files.writeString(json, "{}");
    int code = Main.execute("report", "--out", out.toString(), "--date", PublishFixtures.DAY);
    assertEquals(0, code);
    assertEquals(published, Files.readString(json), "stats.json regenerated from the shards");
    assertTrue(Files.readString(html).contains("id=\"chart-episodes.steps\""));
    try (var files = Files.list(version)) {
      assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
    }

    // k above the number of users: every episode figure is withheld, the manifest's stay
    assertEquals(0, Main.execute("report", "--out", out.toString(), "--date", PublishFixtures.DAY,
        "-D", "privacy.k-anonymity=17"));
    JsonNode strict = new ObjectMapper().readTree(Files.readString(json));
    assertFalse(strict.get("charts").has("episodes.app"));
    assertFalse(strict.get("charts").has("episodes.steps"));
    assertTrue(strict.get("charts").has("funnel.events"));
    assertTrue(strict.get("notes").toString().contains("fewer than 17 users"), strict.get("notes").toString());
    assertNotEquals(published, Files.readString(json));

    // a date without a version is refused
    assertEquals(Main.REFUSED, Main.execute("report", "--out", out.toString(), "--date", "2025-03-02"));
  }

  private static String rowString(Row r, String field) {
    return r.getString(Schemas.EPISODE.fieldIndex(field));
  }

  private static String bars(String label, long value) {
    return "[{\"label\":\"" + label + "\",\"value\":" + value + "}]";
  }

  private static long find(JsonNode chart, String label) {
    for (JsonNode b : chart.get("bars")) {
      if (b.get("label").asText().equals(label)) {
        return b.get("value").asLong();
      }
    }
    throw new AssertionError("no bar " + label + " in " + chart);
  }
}
