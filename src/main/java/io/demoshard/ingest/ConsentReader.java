package io.demoshard.ingest;

import io.demoshard.model.Schemas;
import org.apache.spark.sql.SparkSession;

import java.util.Locale;
import java.util.Set;

/**
 * Reads {@code RAW/consent/*.csv} (header {@code user_id,status,region,updated_at}) into
 * {@link Schemas#CONSENT}: status {@code granted}/{@code revoked} (lower-cased), region an
 * ISO 3166-1 alpha-2 code (upper-cased), {@code updated_at} ISO-8601 to epoch ms. Other rows
 * are quarantined {@code bad_csv_row} (kind {@code consent}). Counts {@code consent.*}.
 */
public final class ConsentReader {
  static final String[] HEADER = {"user_id", "status", "region", "updated_at"};
  static final Set<String> STATUS = Set.of("granted", "revoked");

  private final SparkSession spark;

  public ConsentReader(SparkSession spark) {
    this.spark = spark;
  }

  public Result read(String rawRoot) {
    return CsvRegistry.read(spark, rawRoot, "consent", HEADER, Schemas.CONSENT, ConsentReader::check);
  }

  static Object[] check(String[] v) throws CsvRegistry.Bad {
    String user = CsvRegistry.required(v, 0, "user_id");
    String status = CsvRegistry.required(v, 1, "status").toLowerCase(Locale.ROOT);
    if (!STATUS.contains(status)) {
      throw new CsvRegistry.Bad("status is not granted or revoked");
    }
    String region = CsvRegistry.required(v, 2, "region").toUpperCase(Locale.ROOT);
    if (!region.matches("[A-Z]{2}")) {
      throw new CsvRegistry.Bad("region is not a two-letter country code");
    }
    long updated = CsvRegistry.isoMillis(CsvRegistry.required(v, 3, "updated_at"), "updated_at");
    return new Object[] {user, status, region, updated};
  }
}
