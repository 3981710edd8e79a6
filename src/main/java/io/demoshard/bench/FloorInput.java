package io.demoshard.bench;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.List;

/**
 * Spark's own file sources over a {@link RawDay}: what any Spark job would use to read the drop,
 * so the floors measure the platform, not demoshard's code.
 */
final class FloorInput {
  /** The raw contract's line files; anything else in those folders is not input (RAW_FORMAT.md). */
  static final String NDJSON_GLOB = "*.{jsonl,jsonl.gz}";
  static final StructType LINE = new StructType().add("value", DataTypes.StringType);
  static final StructType BINARY = new StructType()
      .add("path", DataTypes.StringType).add("modificationTime", DataTypes.TimestampType)
      .add("length", DataTypes.LongType).add("content", DataTypes.BinaryType);

  private FloorInput() {}

  /** Every line of the NDJSON files under {@code dirs} (gzip inflated by the text source). */
  static Dataset<Row> lines(SparkSession spark, List<String> dirs) {
    if (dirs.isEmpty()) {
      return spark.createDataFrame(List.of(), LINE);
    }
    return spark.read().option("recursiveFileLookup", "true").option("pathGlobFilter", NDJSON_GLOB)
        .option("ignoreCorruptFiles", "true")
        .text(dirs.toArray(new String[0]));
  }

  /** Every file under {@code dirs}, bytes included (Spark's binaryFile source). */
  static Dataset<Row> files(SparkSession spark, List<String> dirs) {
    if (dirs.isEmpty()) {
      return spark.createDataFrame(List.of(), BINARY);
    }
    return spark.read().format("binaryFile").option("recursiveFileLookup", "true")
        .load(dirs.toArray(new String[0]));
  }

  /** Rows of a Parquet folder the floor wrote, from the footers. */
  static long rows(SparkSession spark, String dir) {
    return spark.read().parquet(dir).count();
  }
}
