package io.demoshard.privacy;

import io.demoshard.SparkTestBase;
import io.demoshard.model.Schemas;
import io.demoshard.privacy.scrub.TextScrubber;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrivacyGateTest extends SparkTestBase {
  static final String EP = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  final PrivacyGate gate = new PrivacyGate(new TextScrubber(20, 3.5, List.of("US", "GB")),
      new TextScrubber(Integer.MAX_VALUE, 3.5, List.of("US", "GB")));

  static Row step(String text) {
    Object[] v = new Object[Schemas.STEP.size()];
    v[Schemas.STEP.fieldIndex("idx")] = 0;
    v[Schemas.STEP.fieldIndex("t_ms")] = 0L;
    v[Schemas.STEP.fieldIndex("action")] = "type";
    v[Schemas.STEP.fieldIndex("text")] = text;
    v[Schemas.STEP.fieldIndex("keys")] = List.of("shift");
    return RowFactory.create(v);
  }

  static Row shard(String episodeId, String text, String label, String imagePath) {
    Row image = RowFactory.create(new byte[] {1, 2, 3}, imagePath);
    Row frame = RowFactory.create(0, 0L, 10, 10, "png", image, 7L, 0);
    Map<String, Object> m = new HashMap<>();
    m.put("episode_id", episodeId);
    m.put("schema_version", 1);
    m.put("app", "Code");
    m.put("apps", List.of("Code", "<other>"));
    m.put("task_label", label);
    m.put("os", "linux");
    m.put("duration_ms", 0L);
    m.put("num_steps", 1);
    m.put("num_frames", 1);
    m.put("steps", List.of(step(text)));
    m.put("frames", List.of(frame));
    return Rows.of(Schemas.SHARD, m);
  }

  @Test
  void cleanRowsPassAndPlantedValuesFail() {
    var spark = spark();
    Dataset<Row> clean = spark.createDataFrame(List.of(
        shard(EP, "wrote to <EMAIL> about <CARD>", "fix the build", EP + "/0.png"),
        shard("a1b2c3d4e5f60718293a4b5c6d7e8f90", "hello", null, "a1b2c3d4e5f60718293a4b5c6d7e8f90/0.png"),
        // a generated id whose digits happen to form a Luhn-valid card number is still an id
        shard("4111111111111111abcdefabcdefabcd", "hi", null, "4111111111111111abcdefabcdefabcd/3.jpeg")),
        Schemas.SHARD);
    PrivacyGate.Report ok = gate.check(clean, Set.of(), null);
    assertTrue(ok.ok(), ok.reason());
    assertEquals(3, ok.rowsScanned());

    List<Row> dirty = new ArrayList<>();
    dirty.add(shard(EP, "clean text", "ask jane.doe@example.com", EP + "/0.png"));
    dirty.add(shard(EP + "0", "send to bob@example.org", null, "screenshots/dt=2024-01-01/dev7/s1/f1.png"));
    PrivacyGate.Report bad = gate.check(spark.createDataFrame(dirty, Schemas.SHARD), Set.of(), null);
    assertFalse(bad.ok());
    assertEquals(Map.of("email", 1L), bad.findingsByColumn().get("task_label"));
    assertEquals(Map.of("email", 1L), bad.findingsByColumn().get("steps.text"));
    assertEquals(Map.of("raw_path", 1L), bad.findingsByColumn().get("frames.image.path"));
    assertFalse(bad.reason().contains("jane") || bad.reason().contains("bob"), "values never reported: " + bad.reason());
    assertTrue(bad.reason().startsWith("FAILED"), bad.reason());
  }

  @Test
  void forbiddenLineageKeyAndLinkingColumnsFail() {
    var spark = spark();
    Dataset<Row> shards = spark.createDataFrame(List.of(shard(EP, "hi", null, EP + "/0.png")), Schemas.SHARD);
    Dataset<Row> lineage = spark.createDataFrame(List.of(
        RowFactory.create(EP, "key-erased", "s1", 0L, 1L, "train", "part-0"),
        RowFactory.create("e2", "key-ok", "s2", 0L, 1L, "train", "part-0")), Schemas.LINEAGE);
    PrivacyGate.Report r = gate.check(shards, Set.of("key-erased"), lineage);
    assertFalse(r.ok());
    assertEquals(Map.of("lineage.user_key", Map.of("forbidden_user_key", 1L)), r.findingsByColumn());
    assertTrue(gate.check(shards, Set.of("key-other"), lineage).ok());

    PrivacyGate.Report linked = gate.check(shards.withColumn("session_id", org.apache.spark.sql.functions.lit("s1")),
        null, null);
    assertEquals(Map.of("forbidden_column", 1L), linked.findingsByColumn().get("session_id"));
  }
}
