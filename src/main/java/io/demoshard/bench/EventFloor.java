package io.demoshard.bench;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.List;

/**
 * Event floor: the event and frame index lines parsed by Spark's built-in JSON reader with the
 * explicit schema of RAW_FORMAT.md and written to Parquet; no image is touched. Lines that are not
 * valid JSON stay as rows with {@code _corrupt_record} set (PERMISSIVE), as a real job must keep them.
 */
public final class EventFloor {
  static final String CORRUPT = "_corrupt_record";

  /** Every event field of RAW_FORMAT.md, all types' fields in one flat row. */
  static final StructType EVENT = new StructType()
      .add("v", DataTypes.IntegerType).add("event_id", DataTypes.StringType)
      .add("user_id", DataTypes.StringType).add("device_id", DataTypes.StringType)
      .add("session_id", DataTypes.StringType).add("seq", DataTypes.LongType).add("ts", DataTypes.LongType)
      .add("type", DataTypes.StringType)
      .add("screen_w", DataTypes.IntegerType).add("screen_h", DataTypes.IntegerType)
      .add("scale", DataTypes.DoubleType).add("os", DataTypes.StringType).add("recorder", DataTypes.StringType)
      .add("reason", DataTypes.StringType)
      .add("app", DataTypes.StringType).add("title", DataTypes.StringType).add("url", DataTypes.StringType)
      .add("key", DataTypes.StringType).add("modifiers", new ArrayType(DataTypes.StringType, true))
      .add("secure", DataTypes.BooleanType).add("repeat", DataTypes.BooleanType)
      .add("x", DataTypes.IntegerType).add("y", DataTypes.IntegerType).add("button", DataTypes.StringType)
      .add("dx", DataTypes.IntegerType).add("dy", DataTypes.IntegerType)
      .add("task_id", DataTypes.StringType).add("label", DataTypes.StringType).add("status", DataTypes.StringType)
      .add(CORRUPT, DataTypes.StringType);

  /** The screenshot index line of RAW_FORMAT.md. */
  static final StructType FRAME = new StructType()
      .add("v", DataTypes.IntegerType).add("frame_id", DataTypes.StringType)
      .add("user_id", DataTypes.StringType).add("device_id", DataTypes.StringType)
      .add("session_id", DataTypes.StringType).add("ts", DataTypes.LongType).add("path", DataTypes.StringType)
      .add("width", DataTypes.IntegerType).add("height", DataTypes.IntegerType)
      .add("format", DataTypes.StringType).add("trigger", DataTypes.StringType)
      .add(CORRUPT, DataTypes.StringType);

  private final SparkSession spark;

  public EventFloor(SparkSession spark) {
    this.spark = spark;
  }

  public FloorResult run(RawDay day, String out) {
    var conf = spark.sparkContext().hadoopConfiguration();
    long start = System.nanoTime();
    json(day.dirs(conf, RawDay.EVENTS), EVENT).write().mode(SaveMode.Overwrite).parquet(out + "/events");
    json(day.dirs(conf, RawDay.FRAMES), FRAME).write().mode(SaveMode.Overwrite).parquet(out + "/frames");
    long wallMs = (System.nanoTime() - start) / 1_000_000L;
    return new FloorResult("event", FloorInput.rows(spark, out + "/events"), FloorInput.rows(spark, out + "/frames"),
        0, 0, 0, wallMs);
  }

  private Dataset<Row> json(List<String> dirs, StructType schema) {
    if (dirs.isEmpty()) {
      return spark.createDataFrame(List.of(), schema);
    }
    return spark.read().schema(schema).option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT)
        .option("recursiveFileLookup", "true").option("pathGlobFilter", FloorInput.NDJSON_GLOB)
        .option("ignoreCorruptFiles", "true")
        .json(dirs.toArray(new String[0]));
  }
}
