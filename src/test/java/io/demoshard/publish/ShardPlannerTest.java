package io.demoshard.publish;

import io.demoshard.config.DemoshardConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pure tests of the shard packing and the split function (no Spark). */
class ShardPlannerTest {

  @Test
  void everyShardButTheLastIsWithin25PercentOfTheTarget() {
    Random rnd = new Random(1);
    long target = 100_000;
    long overhead = 3_000;
    List<ShardPlanner.Item> items = new ArrayList<>();
    Map<String, Long> size = new HashMap<>();
    for (int i = 0; i < 2000; i++) {
      long b = 1 + rnd.nextInt(50_000);  // up to half the target
      String id = String.format("ep-%05d", rnd.nextInt(1_000_000)) + "-" + i;
      items.add(new ShardPlanner.Item(id, b));
      size.put(id, b);
    }
    List<List<String>> shards = new ShardPlanner(target, overhead).plan(items);
    assertTrue(shards.size() > 10);
    int total = 0;
    String last = "";
    for (int s = 0; s < shards.size(); s++) {
      List<String> ids = shards.get(s);
      total += ids.size();
      long bytes = overhead + ids.stream().mapToLong(size::get).sum();
      if (s < shards.size() - 1) {
        assertTrue(bytes >= target * 0.75 && bytes <= target * 1.25, "shard " + s + " has " + bytes);
      }
      for (String id : ids) {
        assertTrue(id.compareTo(last) > 0, "episode order");
        last = id;
      }
    }
    assertEquals(items.size(), total);
    // same input in another order: same plan
    List<ShardPlanner.Item> shuffled = new ArrayList<>(items);
    java.util.Collections.shuffle(shuffled, new Random(9));
    assertEquals(shards, new ShardPlanner(target, overhead).plan(shuffled));
  }

  @Test
  void emptyInputGivesOneEmptyShard() {
    assertEquals(List.of(List.of()), new ShardPlanner(10, 0).plan(List.of()));
  }

  @Test
  void splitsFollowTheRatiosAndAreStable() {
    DemoshardConfig.PublishConfig cfg = DemoshardConfig.defaults().publish();  // 0.90 / 0.05 / 0.05
    Map<String, Integer> n = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      String key = "user-key-" + i;
      String s = Splits.of(key, cfg);
      assertEquals(s, Splits.of(key, cfg));
      n.merge(s, 1, Integer::sum);
    }
    assertEquals(Set.of("train", "val", "test"), n.keySet());
    assertTrue(Math.abs(n.get("train") / 20_000.0 - 0.90) < 0.01, n.toString());
    assertTrue(Math.abs(n.get("val") / 20_000.0 - 0.05) < 0.01, n.toString());
    assertTrue(Math.abs(n.get("test") / 20_000.0 - 0.05) < 0.01, n.toString());
  }

  @Test
  void redactsKeysAndSecretsAtAnyDepth() throws Exception {
    var om = Publisher.mapper();
    var n = om.readTree("{\"privacy\":{\"key-file\":\"/k\",\"ratio\":1},\"spark\":{\"settings\":"
        + "{\"fs.s3a.secret.key\":\"abc\",\"x\":[{\"api_key\":\"z\"}]}}}");
    String out = Publisher.redact(n).toString();
    for (String leaked : List.of("/k", "abc", "\"z\"")) {
      assertTrue(!out.contains(leaked), out);
    }
    assertTrue(out.contains("\"ratio\":1"), out);
    assertEquals(3, out.split(java.util.regex.Pattern.quote(Publisher.REDACTED), -1).length - 1, out);
  }

  @Test
  void huggingFaceFeaturesMarkFrameImages() throws Exception {
    var om = Publisher.mapper();
    var f = om.readTree(ParquetShards.huggingFaceMetadata(io.demoshard.model.Schemas.SHARD)).get("info").get("features");
    assertTrue(f.get("frames").isArray());
    assertEquals("Image", f.get("frames").get(0).get("image").get("_type").asText());
    assertEquals("string", f.get("episode_id").get("dtype").asText());
    assertEquals("int64", f.get("steps").get(0).get("t_ms").get("dtype").asText());
    assertTrue(f.get("apps").isArray());
    assertEquals(io.demoshard.model.Schemas.SHARD.fieldNames().length, iterSize(f.fieldNames()));
  }

  private static int iterSize(java.util.Iterator<?> it) {
    int n = 0;
    while (it.hasNext()) {
      it.next();
      n++;
    }
    return n;
  }
}
