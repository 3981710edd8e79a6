package io.demoshard.ingest;

import io.demoshard.SparkTestBase;
import io.demoshard.model.Counts;
import io.demoshard.model.Schemas;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryAndQuarantineTest extends SparkTestBase {
  @TempDir
  Path root;

  @Test
  void consentErasureAndQuarantineWriter() throws Exception {
    Fixtures.lines(root, "consent/2026-11-26.csv",
        "user_id,status,region,updated_at",
        "u1,granted,us,2026-11-20T10:00:00Z",
        "u2,REVOKED,DE,2026-11-21T10:00:00.500+01:00",
        "u3,granted,US,2026-11-22T10:00:00",
        "u4,granted,US,2026-11-22T10:00:00Z,extra",   // too many fields: quarantined, u4 unreadable
        "u5,maybe,US,2026-11-22T10:00:00Z",           // any status is read (only granted consents)
        "u6,granted,USA,2026-11-22T10:00:00Z",        // any region is read (the policy excludes it)
        "u7,granted,US,yesterday",                    // bad timestamp: quarantined, u7 unreadable
        ",granted,US,2026-11-22T10:00:00Z");          // no user: quarantined only
    Fixtures.lines(root, "erasure/e.csv", "user_id,requested_at", "u1,2026-11-25T08:00:00Z", "u9,", ",2026-11-25");

    Result consent = new ConsentReader(spark()).read(root.toUri().toString());
    Counts c = consent.counts();
    assertEquals(Map.of("consent.files", 1L, "consent.rows", 8L, "consent.valid", 5L,
        "consent.quarantined.bad_csv_row", 3L), c.asMap());
    assertEquals(Schemas.CONSENT, consent.valid().schema());
    Map<String, Row> byUser = consent.valid().collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs("user_id"), r -> r));
    // the 5 valid rows and the markers of the 2 quarantined rows that name a user
    assertEquals(7, byUser.size());
    assertEquals("maybe", byUser.get("u5").getAs("status"));
    assertEquals("USA", byUser.get("u6").getAs("region"));
    for (String u : List.of("u1", "u2", "u3", "u5", "u6")) {
      assertTrue(byUser.get(u).isNullAt(byUser.get(u).fieldIndex("unreadable")), u);
    }
    assertTrue(byUser.get("u4").<String>getAs("unreadable").contains("malformed"));
    assertTrue(byUser.get("u7").<String>getAs("unreadable").contains("updated_at"));
    assertEquals("US", byUser.get("u1").getAs("region"));
    assertEquals("revoked", byUser.get("u2").getAs("status"));
    assertEquals(Instant.parse("2026-11-21T09:00:00.500Z").toEpochMilli(), (long) byUser.get("u2").<Long>getAs("updated_at"));
    assertEquals(Instant.parse("2026-11-22T10:00:00Z").toEpochMilli(), (long) byUser.get("u3").<Long>getAs("updated_at"));
    List<Row> cq = consent.quarantine().collectAsList();
    assertEquals(3, cq.size());
    assertTrue(cq.stream().allMatch(r -> r.getAs("kind").equals("consent") && r.getAs("reason").equals("bad_csv_row")));
    assertTrue(cq.stream().anyMatch(r -> r.<String>getAs("raw").contains("extra")), cq.toString());
    assertTrue(cq.stream().allMatch(r -> r.<String>getAs("src_file").endsWith("2026-11-26.csv")));

    Result erasure = new ErasureReader(spark()).read(root.toUri().toString());
    assertEquals(2, erasure.counts().get("erasure.valid"));
    assertEquals(1, erasure.counts().get("erasure.quarantined.bad_csv_row"));
    Map<String, Row> erased = erasure.valid().collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs("user_id"), r -> r));
    assertTrue(erased.get("u9").isNullAt(1));

    Result none = new ConsentReader(spark()).read(root.resolve("nowhere").toUri().toString());
    assertEquals(0, none.valid().count());
    assertEquals(0, none.counts().get("consent.files"));

    var lineQuarantine = spark().createDataFrame(List.of(
        RowFactory.create("events", "f.jsonl", 3L, "{not json", "bad_json", "x"),
        RowFactory.create("events", "f.jsonl", 4L, "{}", "missing_field", "v")), Schemas.QUARANTINE);
    QuarantineWriter writer = new QuarantineWriter(spark());
    String out = root.resolve("out").toUri().toString();
    LocalDate day = LocalDate.of(2026, 11, 26);
    for (int run = 0; run < 2; run++) {  // a rerun replaces, never doubles
      Counts q = writer.write(out, day, List.of(lineQuarantine, consent.quarantine(), erasure.quarantine()));
      assertEquals(Map.of("quarantine.rows", 6L, "quarantine.events.bad_json", 1L,
          "quarantine.events.missing_field", 1L, "quarantine.consent.bad_csv_row", 3L,
          "quarantine.erasure.bad_csv_row", 1L), q.asMap());
    }
    Path dir = root.resolve("out/_quarantine/2026-11-26");
    assertTrue(Files.isDirectory(dir.resolve("kind=consent")));
    assertTrue(Files.readString(dir.resolve("_summary.json")).contains("\"quarantine.consent.bad_csv_row\": 3"));
  }
}
