package io.demoshard.privacy;

import io.demoshard.SparkTestBase;
import io.demoshard.model.Schemas;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuarantinePrivacyTest extends SparkTestBase {
  static final PseudonymKey KEY = PseudonymKey.of("quarantine-test-key-123".getBytes(StandardCharsets.UTF_8));

  @Test
  void withholdsRawTextOfUsersNotIncludedAndPseudonymisesTheRest() {
    List<Row> rows = List.of(
        RowFactory.create("events", "events/dt=2026-11-20/u000001/a.jsonl", 1L,
            "{\"v\":1,\"user_id\":\"u000001\",\"ts\":\"abc\"}", "wrong_type", "ts"),
        RowFactory.create("events", "events/dt=2026-11-20/d/b.jsonl", 2L,
            "{\"v\":1,\"user_id\":\"u000002\",\"ts\":\"abc\"}", "wrong_type", "ts"),
        RowFactory.create("events", "events/dt=2026-11-20/d/c.jsonl", 3L,
            "{\"v\":1,\"user_id\":\"u000002\",\"x\":1", "bad_json", null),
        RowFactory.create("events", "events/dt=2026-11-20/d/c.jsonl", 4L, "not json at all", "bad_json", null));
    Map<Long, Row> out = QuarantinePrivacy.apply(spark().createDataFrame(rows, Schemas.QUARANTINE), KEY,
            Set.of(KEY.userKey("u000001"))).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<Long>getAs("src_line"), r -> r));
    String k1 = KEY.userKey("u000001");
    // included: kept, raw id replaced by the pseudonym (in the text and in the file name)
    assertEquals("{\"v\":1,\"user_id\":\"" + k1 + "\",\"ts\":\"abc\"}", out.get(1L).getAs("raw"));
    assertTrue(out.get(1L).<String>getAs("src_file").contains(k1));
    // not included: raw withheld, whether the line parses or not
    assertNull(out.get(2L).getAs("raw"));
    assertNull(out.get(3L).getAs("raw"));
    assertTrue(out.get(3L).<String>getAs("detail").contains("withheld"));
    assertEquals("bad_json", out.get(3L).getAs("reason"));
    // no user named: kept as it is
    assertEquals("not json at all", out.get(4L).getAs("raw"));
    for (Row r : out.values()) {
      assertFalse(String.valueOf(r.<String>getAs("raw")).contains("u000001"));
    }
  }
}
