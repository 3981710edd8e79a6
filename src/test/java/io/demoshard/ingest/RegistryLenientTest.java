package io.demoshard.ingest;

import io.demoshard.SparkTestBase;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Consent and erasure rows are read leniently; what names a user but cannot be used fails closed. */
class RegistryLenientTest extends SparkTestBase {
  static final long AT = Instant.parse("2026-11-20T09:00:00Z").toEpochMilli();

  @TempDir
  Path root;

  @Test
  void timestampsAreReadLeniently() {
    assertEquals(AT, CsvRegistry.lenientMillis("2026-11-20T09:00:00Z"));
    assertEquals(AT, CsvRegistry.lenientMillis("2026-11-20 09:00:00"));
    assertEquals(AT, CsvRegistry.lenientMillis("2026-11-20 09:00:00 UTC"));
    assertEquals(AT, CsvRegistry.lenientMillis("2026-11-20T10:00:00+0100"));
    assertEquals(AT, CsvRegistry.lenientMillis("2026-11-20T09:00"));
    assertEquals(AT, CsvRegistry.lenientMillis(String.valueOf(AT)));          // epoch ms
    assertEquals(AT, CsvRegistry.lenientMillis(String.valueOf(AT / 1000)));   // epoch seconds
    assertEquals(AT + 500, CsvRegistry.lenientMillis((AT / 1000) + ".5"));
    long day = Instant.parse("2026-11-20T00:00:00Z").toEpochMilli();
    assertEquals(day, CsvRegistry.lenientMillis("2026-11-20"));
    assertEquals(day, CsvRegistry.lenientMillis("20261120"));
    assertNull(CsvRegistry.lenientMillis("yesterday"));
    assertNull(CsvRegistry.lenientMillis("20/11/2026"));
    assertNull(CsvRegistry.lenientMillis(""));
    assertNull(CsvRegistry.lenientMillis("12345"), "1970: not believed");
  }

  @Test
  void consentRowsNeedOnlyAUser() {
    Fixtures.lines(root, "consent/a.csv",
        "user_id,status,region,updated_at",
        "u1,granted,US,2026-11-10T09:00:00Z",
        "u1,revoked,,2026-11-20T09:00:00Z",            // no region
        "u2,Withdrawn,US,2026-11-20 09:00:00",          // other status, space-separated time
        "u3,granted,us," + AT,                          // epoch ms
        "u4,granted,US,",                               // undatable: names u4
        "\u00A0U005\u200B,granted,US,not a date");      // undatable, id canonicalised
    Fixtures.lines(root, "consent/b.csv",               // semicolon-delimited
        "user_id;status;region;updated_at",
        "u6;revoked;;2026-11-20 09:00:00");
    Result r = new ConsentReader(spark()).read(root.toUri().toString());
    assertEquals(Map.of("consent.files", 2L, "consent.rows", 7L, "consent.valid", 5L,
        "consent.quarantined.bad_csv_row", 2L), r.counts().asMap());
    List<Row> rows = r.valid().collectAsList();
    Map<String, List<Row>> byUser = rows.stream().collect(Collectors.groupingBy(x -> x.getAs("user_id")));
    Row revoke = byUser.get("u1").stream().filter(x -> "revoked".equals(x.getAs("status"))).findFirst().orElseThrow();
    assertNull(revoke.getAs("region"));
    assertEquals(AT, (long) revoke.<Long>getAs("updated_at"));
    assertEquals("withdrawn", byUser.get("u2").get(0).getAs("status"));
    assertEquals(AT, (long) byUser.get("u2").get(0).<Long>getAs("updated_at"));
    assertEquals(AT, (long) byUser.get("u3").get(0).<Long>getAs("updated_at"));
    assertEquals("US", byUser.get("u3").get(0).getAs("region"));
    assertNotNullUnreadable(byUser.get("u4").get(0));
    assertNotNullUnreadable(byUser.get("u005").get(0));
    Row semi = byUser.get("u6").get(0);
    assertEquals("revoked", semi.getAs("status"));
    assertEquals(AT, (long) semi.<Long>getAs("updated_at"));
    assertTrue(semi.isNullAt(semi.fieldIndex("unreadable")));

    List<Row> q = r.quarantine().collectAsList();
    assertEquals(2, q.size());
    for (Row x : q) {
      assertEquals("bad_csv_row", x.getAs("reason"));
      assertTrue(x.<String>getAs("raw").contains("\"user_id\""), "attributable, so quarantine privacy can withhold it");
    }
  }

  private static void assertNotNullUnreadable(Row row) {
    assertFalse(row.isNullAt(row.fieldIndex("unreadable")), row.toString());
    assertTrue(row.isNullAt(row.fieldIndex("updated_at")), row.toString());
  }

  @Test
  void consentFileWithoutHeaderLosesNoRow() {
    Fixtures.lines(root, "consent/noheader.csv", "u1,revoked,US,2026-11-20T09:00:00Z");
    Result r = new ConsentReader(spark()).read(root.toUri().toString());
    assertEquals(1, r.counts().get("consent.valid"));
    assertEquals("u1", r.valid().collectAsList().get(0).getAs("user_id"));
  }

  @Test
  void erasureNeedsOnlyAUser() {
    Fixtures.lines(root, "erasure/e.csv",
        "user_id,requested_at",
        "U004213 ,last tuesday",          // unreadable requested_at: kept, null, counted
        "u7,2026-11-20 09:00:00",
        "u8,2026-11-20,extra",            // malformed but names a user: quarantined and applied
        ",2026-11-20");                   // no user: quarantined only
    Result r = new ErasureReader(spark()).read(root.toUri().toString());
    assertEquals(4, r.counts().get("erasure.rows"));
    assertEquals(2, r.counts().get("erasure.valid"));
    assertEquals(1, r.counts().get("erasure.requested_at_unreadable"));
    assertEquals(2, r.counts().get("erasure.quarantined.bad_csv_row"));
    Map<String, Row> byUser = r.valid().collectAsList().stream()
        .collect(Collectors.toMap(x -> x.getAs("user_id"), x -> x));
    assertEquals(List.of("u004213", "u7", "u8"), byUser.keySet().stream().sorted().toList());
    assertTrue(byUser.get("u004213").isNullAt(1));
    assertEquals(AT, (long) byUser.get("u7").<Long>getAs("requested_at"));
  }
}
