package io.demoshard.ingest;

import io.demoshard.model.Counts;
import io.demoshard.model.Schemas;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;

/**
 * Reads a registry folder of CSV files ({@code RAW/<kind>/*.csv}) with Spark's CSV reader:
 * header, every column read as a string, PERMISSIVE with a corrupt-record column; each row is
 * then validated by a {@link Check} into the output schema or quarantined
 * {@code bad_csv_row}. A missing folder or no files gives empty datasets. Counts:
 * {@code <kind>.files}, {@code <kind>.rows} = {@code <kind>.valid} +
 * {@code <kind>.quarantined.bad_csv_row}.
 */
final class CsvRegistry {
  static final String CORRUPT = "_corrupt_record";

  /** Validates one row's string values (header order) into output values, or throws {@link Bad}. */
  interface Check extends Serializable {
    Object[] apply(String[] values) throws Bad;
  }

  static final class Bad extends Exception {
    private static final long serialVersionUID = 1L;

    Bad(String message) {
      super(message, null, false, false);
    }
  }

  private CsvRegistry() {}

  static Result read(SparkSession spark, String rawRoot, String kind, String[] header, StructType out, Check check) {
    Counts counts = new Counts();
    Path glob = new Path(new Path(rawRoot, kind), "*.csv");
    String[] files;
    try {
      FileStatus[] found = glob.getFileSystem(spark.sparkContext().hadoopConfiguration()).globStatus(glob);
      files = found == null ? new String[0]
          : Arrays.stream(found).filter(FileStatus::isFile).map(f -> f.getPath().toString()).sorted()
              .toArray(String[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + glob, e);
    }
    counts.add(kind + ".files", files.length);
    if (files.length == 0) {
      counts.add(kind + ".rows", 0);
      return new Result(spark.createDataFrame(List.of(), out), spark.createDataFrame(List.of(), Schemas.QUARANTINE),
          counts);
    }
    List<StructField> in = new ArrayList<>();
    for (String h : header) {
      in.add(DataTypes.createStructField(h, DataTypes.StringType, true));
    }
    in.add(DataTypes.createStructField(CORRUPT, DataTypes.StringType, true));
    Dataset<Row> rows = spark.read()
        .schema(new StructType(in.toArray(new StructField[0])))
        .option("header", "true")
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT)
        .csv(files)
        .withColumn("_src_file", input_file_name());

    List<StructField> checkedFields = new ArrayList<>();
    for (StructField f : out.fields()) {
      checkedFields.add(DataTypes.createStructField(f.name(), f.dataType(), true));
    }
    checkedFields.add(DataTypes.createStructField("_src_file", DataTypes.StringType, true));
    checkedFields.add(DataTypes.createStructField("_raw", DataTypes.StringType, true));
    checkedFields.add(DataTypes.createStructField("_detail", DataTypes.StringType, true));
    StructType checkedSchema = new StructType(checkedFields.toArray(new StructField[0]));
    int n = header.length;
    int width = out.size();
    Dataset<Row> checked = rows.map((MapFunction<Row, Row>) r -> {
      String[] values = new String[n];
      for (int i = 0; i < n; i++) {
        values[i] = r.isNullAt(i) ? null : r.getString(i).trim();
      }
      String corrupt = r.isNullAt(n) ? null : r.getString(n);
      Object[] o = new Object[width + 3];
      o[width] = r.getString(n + 1);
      try {
        if (corrupt != null) {
          throw new Bad("malformed CSV row (wrong number of fields or bad quoting)");
        }
        System.arraycopy(check.apply(values), 0, o, 0, width);
      } catch (Bad e) {
        o[width + 1] = Redactor.cap(corrupt != null ? corrupt : String.join(",", Arrays.stream(values)
            .map(v -> v == null ? "" : v).toList()));
        o[width + 2] = e.getMessage();
      }
      return RowFactory.create(o);
    }, Encoders.row(checkedSchema)).persist(StorageLevel.MEMORY_AND_DISK());

    Column bad = col("_detail").isNotNull();
    long total = 0;
    for (Row r : checked.groupBy(bad.as("bad")).agg(count(lit(1))).collectAsList()) {
      total += r.getLong(1);
      counts.add(r.getBoolean(0) ? kind + ".quarantined." + Reasons.BAD_CSV_ROW : kind + ".valid", r.getLong(1));
    }
    counts.add(kind + ".rows", total);
    Dataset<Row> valid = Conform.to(spark, checked.filter(bad.unary_$bang())
        .select(Arrays.stream(out.fieldNames()).map(c -> col(c)).toArray(Column[]::new)), out);
    Dataset<Row> quarantine = Conform.to(spark, checked.filter(bad).select(lit(kind).as("kind"),
        col("_src_file").as("src_file"), lit(null).cast(DataTypes.LongType).as("src_line"), col("_raw").as("raw"),
        lit(Reasons.BAD_CSV_ROW).as("reason"), col("_detail").as("detail")), Schemas.QUARANTINE);
    return new Result(valid, quarantine, counts, checked::unpersist);
  }

  static String required(String[] v, int i, String name) throws Bad {
    if (v[i] == null || v[i].isEmpty()) {
      throw new Bad("missing " + name);
    }
    return v[i];
  }

  /** ISO-8601 date-time with an offset ({@code Z} included) or, taken as UTC, without; or a date. */
  static long isoMillis(String s, String name) throws Bad {
    try {
      return OffsetDateTime.parse(s).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new Bad(name + " is not an ISO-8601 timestamp");
    }
  }
}
