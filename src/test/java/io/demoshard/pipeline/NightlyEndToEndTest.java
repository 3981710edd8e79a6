package io.demoshard.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demoshard.SparkTestBase;
import io.demoshard.config.ConfigLoader;
import io.demoshard.config.DemoshardConfig;
import io.demoshard.model.Counts;
import io.demoshard.model.Schemas;
import io.demoshard.privacy.PseudonymKey;
import io.demoshard.sim.Simulator;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.to_json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Simulates a small clean day, runs the whole nightly job and checks what it published. */
class NightlyEndToEndTest extends SparkTestBase {
  static final LocalDate DAY = LocalDate.parse("2026-11-20");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static Path raw;
  static Path out;
  static NightlyResult result;
  static JsonNode manifest;

  /**
   * The test days are 320x200 frames with 6-8 px text, far below what the OCR is tuned for: the pixel
   * gate's whole-frame re-read differs from the redaction's often enough there that its night-level
   * refusal would make these tests about OCR noise. It still withholds what it finds; its refusal is
   * exercised at real sizes (demo, evaluate).
   */
  static DemoshardConfig config(Map<String, String> overrides) {
    Map<String, String> all = new java.util.HashMap<>(overrides);
    all.putIfAbsent("demoshard.redact.gate-max-share", "1.0");
    return DemoshardConfig.from(ConfigLoader.load("local", "nightly", null, all));
  }

  @BeforeAll
  static void runNight() throws Exception {
    raw = dir.resolve("raw");
    out = dir.resolve("out");
    DemoshardConfig cfg = config(Map.of("demoshard.privacy.k-anonymity", "2"));
    new Simulator(new DemoshardConfig.SimulateConfig(6, 11, 320, 200, 3000), new Configuration())
        .run(raw.toUri().toString(), DAY, false);
    result = new NightlyJob(spark(), cfg, PseudonymKey.of("0123456789abcdef-test-key".getBytes(StandardCharsets.UTF_8)))
        .run(raw.toUri().toString(), out.toUri().toString(), DAY);
    manifest = JSON.readTree(out.resolve(DAY + "/manifest.json").toFile());
  }

  static Dataset<Row> shards() {
    return spark().read().schema(Schemas.SHARD).parquet(Stream.of("train", "val", "test")
        .map(s -> out.resolve(DAY + "/" + s).toString()).toArray(String[]::new));
  }

  @Test
  void publishesAVersionWithTheContractColumns() {
    assertTrue(Files.exists(out.resolve(DAY + "/_SUCCESS")));
    Dataset<Row> shards = shards();
    assertEquals(List.of(Schemas.SHARD.fieldNames()), List.of(spark().read()
        .parquet(out.resolve(DAY + "/train").toString()).schema().fieldNames()));
    long rows = shards.count();
    assertTrue(rows > 5, "episodes published: " + rows);
    assertEquals(result.episodes(), rows);
    // Episodes carry steps and frames, and every step's frame index points into its frames.
    assertTrue(shards.where(col("num_steps").geq(3).and(col("num_frames").geq(1))).count() > 0);
    assertEquals(0, shards.where(expr("exists(steps, s -> s.frame >= num_frames)")).count());
    assertEquals(0, shards.where(expr("size(steps) != num_steps or size(frames) != num_frames")).count());
  }

  @Test
  void manifestRowsEqualShardRowsAndDuckDbReadsEveryShard() throws Exception {
    long total = 0;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      for (JsonNode shard : manifest.get("shards")) {
        Path file = out.resolve(DAY + "/" + shard.get("path").asText());
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet('" + file + "')")) {
          rs.next();
          assertEquals(shard.get("rows").asLong(), rs.getLong(1), file.toString());
          total += rs.getLong(1);
        }
      }
    }
    assertEquals(shards().count(), total);
  }

  @Test
  void countsAddUpInTheManifest() {
    Counts counts = new Counts();
    manifest.get("counts").fields().forEachRemaining(e -> counts.add(e.getKey(), e.getValue().asLong()));
    assertTrue(counts.get("events.lines") > 1000);
    for (Accounting.Check check : Accounting.checks(counts)) {
      assertTrue(check.ok(), check.toString());
    }
    assertEquals(result.episodes(), counts.get("episodes.published"));
  }

  @Test
  void framesAreTextRedactedAndTheManifestSaysHow() {
    assertTrue(manifest.get("frames_text_redacted").asBoolean());
    assertTrue(manifest.get("screenshot_redaction").get("engine").asText().startsWith("tesseract 5"),
        manifest.get("screenshot_redaction").toString());
    JsonNode c = manifest.get("counts");
    long published = shards().select(expr("aggregate(frames, 0L, (a, f) -> a + 1L)").as("n"))
        .agg(org.apache.spark.sql.functions.sum("n")).first().getLong(0);
    long painted = shards().select(expr("aggregate(frames, 0L, (a, f) -> a + f.redactions)").as("n"))
        .agg(org.apache.spark.sql.functions.sum("n")).first().getLong(0);
    assertTrue(c.get("redact.frames_in").asLong() >= published, c.toString());
    assertTrue(published >= c.get("frames.kept").asLong() && published > 0, "published frames " + published);
    assertTrue(c.get("redact.gate.frames_checked").asLong() >= Math.min(20, published));
    if (c.get("redact.gate.withheld_episodes").asLong() == 0) {
      assertEquals(c.get("redact.boxes").asLong(), painted, "frames[].redactions add up to the boxes counted");
    }
  }

  @Test
  void noRawIdentifierAppearsInAnyShard() throws Exception {
    Set<String> ids = new HashSet<>();
    for (String file : List.of("users.jsonl", "episodes.jsonl")) {
      for (String line : Files.readAllLines(raw.resolve("_truth/" + file))) {
        JsonNode n = JSON.readTree(line);
        for (String f : List.of("user_id", "device_id", "session_id")) {
          if (n.hasNonNull(f)) {
            ids.add(n.get(f).asText());
          }
        }
      }
    }
    assertTrue(ids.size() > 6);
    for (String row : shardText()) {
      for (String id : ids) {
        assertFalse(row.contains(id), "raw identifier in a shard row");
      }
    }
  }

  /** Every string of every shard row (image bytes aside), as JSON text. */
  static List<String> shardText() {
    return shards().withColumn("frames", expr("transform(frames, f -> struct(f.idx, f.t_ms, f.width,"
        + " f.height, f.format, f.image.path, f.phash))")).select(to_json(expr("struct(*)")))
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
  }

  @Test
  void noInjectedPiiValueAndNoSecureKeystrokeIsStored() throws Exception {
    List<JsonNode> pii = Files.readAllLines(raw.resolve("_truth/pii.jsonl")).stream().map(l -> {
      try {
        return JSON.readTree(l);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).toList();
    assertTrue(pii.size() > 5, "the simulator injects PII");
    List<String> shardRows = shardText();
    // Quarantine is operator-only, but secure keystrokes must not reach it either.
    List<String> quarantine = spark().read().schema(Schemas.QUARANTINE).parquet(out.resolve("_quarantine/" + DAY).toString())
        .select(to_json(expr("struct(*)"))).as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    for (JsonNode n : pii) {
      String value = n.get("value").asText();
      for (String row : shardRows) {
        assertFalse(row.contains(value), n.get("kind").asText() + " value in a shard (" + n.get("where") + ")");
      }
      if (n.get("where").asText().equals("secure")) {
        for (String row : quarantine) {
          assertFalse(row.contains(value), "secure keystrokes in quarantine");
        }
      }
    }
  }

  @Test
  void onlyPublishableUsersAreInTheLineage() throws Exception {
    Set<String> publishable = Files.readAllLines(raw.resolve("_truth/episodes.jsonl")).stream()
        .map(l -> {
          try {
            return JSON.readTree(l);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        })
        .filter(n -> n.get("publishable").asBoolean())
        .map(n -> n.get("session_id").asText()).collect(Collectors.toSet());
    List<Row> lineage = spark().read().parquet(out.resolve("_lineage/" + DAY).toString()).collectAsList();
    assertEquals(result.episodes(), lineage.size());
    for (Row r : lineage) {
      assertTrue(publishable.contains(r.<String>getAs("session_id")), "episode of a non-publishable session");
    }
  }
}
