package io.demoshard.erase;

import io.demoshard.SparkTestBase;
import io.demoshard.model.Schemas;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuarantinePurgeTest extends SparkTestBase {
  @TempDir Path out;

  @Test
  void removesOnlyTheErasedUsersRowsFromEveryNight() throws Exception {
    String erased = "a".repeat(64);
    String kept = "b".repeat(64);
    for (String day : List.of("2026-11-19", "2026-11-20")) {
      List<Row> rows = List.of(
          RowFactory.create("events", "f", 1L, "{\"user_id\":\"" + erased + "\",\"ts\":\"x\"}", "wrong_type", null),
          RowFactory.create("events", "f", 2L, "{\"user_id\":\"" + kept + "\",\"ts\":\"x\"}", "wrong_type", null),
          RowFactory.create("frames", "f", 3L, "not json", "bad_json", null));
      spark().createDataFrame(rows, Schemas.QUARANTINE).write().partitionBy("kind")
          .parquet(out.resolve("_quarantine/" + day).toString());
      Files.writeString(out.resolve("_quarantine/" + day + "/_summary.json"), "{}");
    }
    assertEquals(2, QuarantinePurge.removeUsers(spark(), out.toUri().toString(), Set.of(erased)));
    for (String day : List.of("2026-11-19", "2026-11-20")) {
      List<Row> left = spark().read().parquet(out.resolve("_quarantine/" + day).toString()).collectAsList();
      assertEquals(2, left.size());
      assertTrue(left.stream().noneMatch(r -> r.<String>getAs("raw").contains(erased)));
      assertTrue(Files.exists(out.resolve("_quarantine/" + day + "/_summary.json")));
    }
    // idempotent
    assertEquals(0, QuarantinePurge.removeUsers(spark(), out.toUri().toString(), Set.of(erased)));
  }
}
