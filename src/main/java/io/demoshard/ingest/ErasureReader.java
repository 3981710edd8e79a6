package io.demoshard.ingest;

import io.demoshard.model.Schemas;
import org.apache.spark.sql.SparkSession;

/**
 * Reads {@code RAW/erasure/*.csv} (header {@code user_id,requested_at}) into
 * {@link Schemas#ERASURE}; {@code requested_at} is ISO-8601 to epoch ms, or null when empty.
 * Other rows are quarantined {@code bad_csv_row} (kind {@code erasure}). Counts {@code erasure.*}.
 */
public final class ErasureReader {
  static final String[] HEADER = {"user_id", "requested_at"};

  private final SparkSession spark;

  public ErasureReader(SparkSession spark) {
    this.spark = spark;
  }

  public Result read(String rawRoot) {
    return CsvRegistry.read(spark, rawRoot, "erasure", HEADER, Schemas.ERASURE, ErasureReader::check);
  }

  static Object[] check(String[] v) throws CsvRegistry.Bad {
    String user = CsvRegistry.required(v, 0, "user_id");
    Long requested = v[1] == null || v[1].isEmpty() ? null : CsvRegistry.isoMillis(v[1], "requested_at");
    return new Object[] {user, requested};
  }
}
