package io.demoshard.ingest;

import io.demoshard.model.Counts;
import io.demoshard.model.Schemas;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

/**
 * Writes quarantine rows ({@link Schemas#QUARANTINE}) as Parquet under
 * {@code OUT/_quarantine/<date>/}, partitioned by {@code kind}, replacing an earlier run of
 * the same date. The summary is counted from what was written (read back, so it is exactly
 * what is on disk): {@code quarantine.rows} and {@code quarantine.<kind>.<reason>}, also
 * stored as {@code _summary.json} beside the data.
 */
public final class QuarantineWriter {
  private final SparkSession spark;

  public QuarantineWriter(SparkSession spark) {
    this.spark = spark;
  }

  public static String location(String outRoot, LocalDate date) {
    return new Path(new Path(outRoot, "_quarantine"), date.toString()).toString();
  }

  public Counts write(String outRoot, LocalDate date, List<Dataset<Row>> quarantines) {
    Dataset<Row> all = spark.createDataFrame(List.of(), Schemas.QUARANTINE);
    for (Dataset<Row> q : quarantines) {
      all = all.unionByName(q);
    }
    String dir = location(outRoot, date);
    all.write().mode(SaveMode.Overwrite).partitionBy("kind").parquet(dir);

    Counts counts = new Counts();
    counts.add("quarantine.rows", 0);
    for (Row r : spark.read().schema(Schemas.QUARANTINE).parquet(dir).groupBy("kind", "reason")
        .agg(count(lit(1))).collectAsList()) {
      counts.add("quarantine.rows", r.getLong(2));
      counts.add("quarantine." + r.getString(0) + "." + r.getString(1), r.getLong(2));
    }
    writeSummary(new Path(dir, "_summary.json"), counts.asMap());
    return counts;
  }

  private void writeSummary(Path file, Map<String, Long> counts) {
    String json = counts.entrySet().stream()
        .map(e -> "  \"" + e.getKey() + "\": " + e.getValue())
        .collect(Collectors.joining(",\n", "{\n", "\n}\n"));
    try (FSDataOutputStream out = file.getFileSystem(spark.sparkContext().hadoopConfiguration()).create(file, true)) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + file, e);
    }
  }
}
