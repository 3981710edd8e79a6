package io.demoshard.ingest;

import io.demoshard.model.Schemas;
import io.demoshard.privacy.UserIds;
import org.apache.spark.sql.SparkSession;

/**
 * Reads {@code RAW/erasure/*.csv} (header {@code user_id,requested_at}; {@code ,}, {@code ;} or tab
 * delimited) into {@link Schemas#ERASURE}. Only {@code user_id} is required, read in canonical form
 * ({@link UserIds#canonical}); {@code requested_at} is read leniently
 * ({@link CsvRegistry#lenientMillis}), null when empty or unreadable: the request holds either way
 * (an unreadable one is counted {@code erasure.requested_at_unreadable}, a subset of
 * {@code erasure.valid}). A row without a user is quarantined {@code bad_csv_row}; a malformed CSV
 * row that names a user is quarantined {@code bad_csv_row} and its request still kept in
 * {@code valid} (fail closed). Counts {@code erasure.*}: {@code erasure.rows = erasure.valid +
 * erasure.quarantined.bad_csv_row}.
 */
public final class ErasureReader {
  static final String[] HEADER = {"user_id", "requested_at"};
  static final String UNREADABLE_REQUESTED_AT = "requested_at_unreadable";

  private final SparkSession spark;

  public ErasureReader(SparkSession spark) {
    this.spark = spark;
  }

  public Result read(String rawRoot) {
    return CsvRegistry.read(spark, rawRoot, "erasure", HEADER, Schemas.ERASURE, ErasureReader::check);
  }

  static CsvRegistry.Checked check(String[] v, boolean malformed) throws CsvRegistry.Bad {
    String user = UserIds.canonical(malformed ? ConsentReader.beforeDelimiter(v[0]) : v[0]);
    if (user == null) {
      throw new CsvRegistry.Bad("missing user_id");
    }
    Long requested = CsvRegistry.lenientMillis(v[1]);
    if (malformed) {
      throw CsvRegistry.Bad.attributed("malformed CSV row (wrong number of fields or bad quoting);"
          + " the erasure request is applied", user, new Object[] {user, requested});
    }
    boolean unreadable = v[1] != null && !v[1].isEmpty() && requested == null;
    return new CsvRegistry.Checked(new Object[] {user, requested}, unreadable ? UNREADABLE_REQUESTED_AT : null);
  }
}
