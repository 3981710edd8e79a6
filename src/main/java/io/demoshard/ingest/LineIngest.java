package io.demoshard.ingest;

import io.demoshard.config.DemoshardConfig.IngestConfig;
import io.demoshard.model.Counts;
import io.demoshard.model.Schemas;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

/**
 * The shared body of {@link EventIngest} and {@link FrameIngest}: list, read, parse, check
 * clocks, drop duplicates, count. One read of the raw files per run: the parsed lines are
 * persisted until the classified lines (persisted until {@link Result#unpersist()}) exist.
 *
 * <p>Every line ends as exactly one of: {@code valid}, {@code duplicate} (same id, same
 * payload hash as the kept one) or quarantined with a reason, so
 * {@code <kind>.lines = <kind>.valid + <kind>.duplicate + sum(<kind>.quarantined.*)}.
 * {@code lines} counts complete lines plus one per reader fault row (half line at a gzip
 * cut, the unread rest of a cut gzip, an unreadable file).
 */
abstract class LineIngest {
  static final String OUTCOME_VALID = "valid";
  static final String OUTCOME_DUPLICATE = "duplicate";
  static final String OUTCOME_QUARANTINED = "quarantined";

  final SparkSession spark;
  final IngestConfig cfg;
  private final String kind;
  private final StructType schema;
  private final String idColumn;
  /** Parsed lines: the output schema made nullable, plus bookkeeping. */
  private final StructType parsedSchema;

  LineIngest(SparkSession spark, IngestConfig cfg, String kind, StructType schema, String idColumn) {
    this.spark = spark;
    this.cfg = cfg;
    this.kind = kind;
    this.schema = schema;
    this.idColumn = idColumn;
    List<StructField> fields = new ArrayList<>();
    for (StructField f : schema.fields()) {
      fields.add(DataTypes.createStructField(f.name(), f.dataType(), true));
    }
    fields.add(DataTypes.createStructField("_rec", DataTypes.StringType, false));
    fields.add(DataTypes.createStructField("_reason", DataTypes.StringType, true));
    fields.add(DataTypes.createStructField("_detail", DataTypes.StringType, true));
    fields.add(DataTypes.createStructField("_raw", DataTypes.StringType, true));
    fields.add(DataTypes.createStructField("_n_lines", DataTypes.LongType, true));
    fields.add(DataTypes.createStructField("_unknown_type", DataTypes.BooleanType, true));
    this.parsedSchema = new StructType(fields.toArray(new StructField[0]));
  }

  /** Creates the line parser on an executor. */
  interface ParserFactory extends Supplier<JsonLineParser>, java.io.Serializable {}

  abstract ParserFactory parserFactory();

  /** Fields whose text is personal or secret; blanked when a parsed row is rendered into quarantine. */
  abstract Set<String> sensitiveColumns();

  /** Lists the area's files for the run's upload days (driver; names only). */
  final List<RawListing.Listed> listFiles(String rawRoot, LocalDate day, Counts counts) {
    List<LocalDate> days = RawListing.days(day, cfg.lookbehindDays(), cfg.lookaheadDays());
    return RawListing.listSized(spark.sparkContext().hadoopConfiguration(), rawRoot, kind, days,
        RawListing::isNdjson, counts);
  }

  /** Reads and parses the files, row-level checks included (clock). Persisted. */
  final Dataset<Row> parse(List<RawListing.Listed> files) {
    Dataset<Row> raw = new RawLineReader(spark).read(files);
    return raw.mapPartitions(new ParseLines(parserFactory(), new ClockCheck(cfg), parsedSchema),
            Encoders.row(parsedSchema))
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  /** Devices whose share of clock failures is over the configured fraction (a tiny list). */
  final List<String> clockBadDevices(Dataset<Row> parsed) {
    Column clock = col("_reason").equalTo(Reasons.CLOCK);
    return parsed.filter(col("_rec").equalTo(RawLineReader.LINE).and(col("_reason").isNull().or(clock)))
        .groupBy("device_id")
        .agg(count(lit(1)).as("n"), sum(when(clock, 1).otherwise(0)).as("bad"))
        .filter(col("bad").gt(col("n").multiply(cfg.clockDeviceBadFraction())))
        .select("device_id").orderBy("device_id")
        .as(Encoders.STRING()).collectAsList();
  }

  /**
   * Classifies every line (device clocks, duplicates), counts exactly, and builds the
   * result. Unpersists {@code parsed} once the classification is materialised.
   */
  final Result classify(Dataset<Row> parsed, List<String> badDevices, Counts counts) {
    Dataset<Row> lines = parsed.filter(col("_rec").notEqual(RawLineReader.FILE));
    Dataset<Row> bad = broadcast(spark.createDataset(badDevices, Encoders.STRING()).toDF("bad_device"));
    Dataset<Row> marked = lines.join(bad, lines.col("device_id").equalTo(bad.col("bad_device")), "left_outer");
    Column demote = col("bad_device").isNotNull()
        .and(col("_reason").isNull().or(col("_reason").equalTo(Reasons.CLOCK)));
    Dataset<Row> checked = marked
        .withColumn("_raw", when(demote.and(col("_raw").isNull()), redactedJson()).otherwise(col("_raw")))
        .withColumn("_detail", when(demote, lit("device clock untrusted this run")).otherwise(col("_detail")))
        .withColumn("_reason", when(demote, lit(Reasons.CLOCK_DEVICE)).otherwise(col("_reason")))
        .drop("bad_device");

    Dataset<Row> rejected = checked.filter(col("_reason").isNotNull())
        .withColumn("_outcome", lit(OUTCOME_QUARANTINED));
    WindowSpec byId = Window.partitionBy(idColumn).orderBy("payload_hash", "src_file", "src_line");
    Dataset<Row> ranked = checked.filter(col("_reason").isNull())
        .withColumn("rn", row_number().over(byId))
        .withColumn("kept_hash", first("payload_hash").over(byId))
        .withColumn("kept_src", first(concat(col("src_file"), lit(":"), col("src_line"))).over(byId));
    Column conflict = col("rn").gt(1).and(col("payload_hash").notEqual(col("kept_hash")));
    Dataset<Row> deduped = ranked
        .withColumn("_outcome", when(col("rn").equalTo(1), lit(OUTCOME_VALID))
            .when(conflict, lit(OUTCOME_QUARANTINED)).otherwise(lit(OUTCOME_DUPLICATE)))
        .withColumn("_reason", when(conflict, lit(Reasons.DUPLICATE_CONFLICT)))
        .withColumn("_detail", when(conflict, concat(lit(idColumn + " also in "), col("kept_src"),
            lit(" with payload_hash "), col("kept_hash"), lit("; that one was kept"))))
        .withColumn("_raw", when(conflict, redactedJson()))
        .drop("rn", "kept_hash", "kept_src");
    Dataset<Row> classified = rejected.unionByName(deduped).persist(StorageLevel.MEMORY_AND_DISK());

    String k = kind + ".";
    Column valid = col("_outcome").equalTo(OUTCOME_VALID);
    for (Row r : classified.groupBy("_outcome", "_reason")
        .agg(count(lit(1)), sum(when(valid, col("unknown_fields")).otherwise(0)),
            sum(when(valid.and(col("_unknown_type")), 1).otherwise(0)))
        .collectAsList()) {
      String outcome = r.getString(0);
      long n = r.getLong(2);
      counts.add(k + "lines", n);
      counts.add(outcome.equals(OUTCOME_QUARANTINED) ? k + "quarantined." + r.getString(1) : k + outcome, n);
      counts.add(k + "unknown_fields", r.isNullAt(3) ? 0 : r.getLong(3));
      counts.add(k + "unknown_type", r.isNullAt(4) ? 0 : r.getLong(4));
    }
    counts.add(k + "duplicate_conflict", counts.get(k + "quarantined." + Reasons.DUPLICATE_CONFLICT));
    counts.add(k + "clock_bad_devices", badDevices.size());
    fileCounts(parsed, counts);
    parsed.unpersist();

    Column[] outCols = Arrays.stream(schema.fieldNames()).map(c -> col(c)).toArray(Column[]::new);
    Dataset<Row> validRows = Conform.to(spark, classified.filter(valid).select(outCols), schema);
    Dataset<Row> quarantine = Conform.to(spark, classified.filter(col("_outcome").equalTo(OUTCOME_QUARANTINED))
        .select(lit(kind).as("kind"), col("src_file"), col("src_line"), col("_raw").as("raw"), col("_reason").as("reason"),
            col("_detail").as("detail")),
        Schemas.QUARANTINE);
    return new Result(validRows, quarantine, counts, classified::unpersist);
  }

  private void fileCounts(Dataset<Row> parsed, Counts counts) {
    Column reason = col("_reason");
    Column readable = reason.isNull().or(reason.notEqual(Reasons.UNREADABLE_FILE));
    Row r = parsed.filter(col("_rec").equalTo(RawLineReader.FILE))
        .agg(count(lit(1)),
            sum(when(readable, 1).otherwise(0)),
            sum(when(reason.isNull().and(col("_n_lines").equalTo(0)), 1).otherwise(0)),
            sum(when(col("src_file").endsWith(".gz"), 1).otherwise(0)),
            sum(when(reason.equalTo(Reasons.UNREADABLE_FILE), 1).otherwise(0)),
            sum(when(reason.equalTo(Reasons.TRUNCATED_GZIP), 1).otherwise(0)))
        .first();
    String[] names = {"files.listed", "files.read", "files.empty", "files.gz", "files.unreadable",
        "files.truncated_gzip"};
    for (int i = 0; i < names.length; i++) {
      counts.add(names[i], r.isNullAt(i) ? 0 : r.getLong(i));
    }
  }

  /** The parsed payload as JSON, sensitive text replaced: the raw of set-level quarantines. */
  private Column redactedJson() {
    List<Column> cols = new ArrayList<>();
    for (String name : schema.fieldNames()) {
      if (name.equals("src_file") || name.equals("src_line") || name.equals("upload_day")) {
        continue;
      }
      Column c = col(name);
      if (sensitiveColumns().contains(name)) {
        c = when(c.isNotNull(), lit(Redactor.REDACTED));
      }
      cols.add(c.as(name));
    }
    return to_json(struct(cols.toArray(new Column[0])));
  }

  /** Executor side: raw reader rows to parsed rows. */
  static final class ParseLines implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final ParserFactory factory;
    private final ClockCheck clock;
    private final StructType parsedSchema;

    ParseLines(ParserFactory factory, ClockCheck clock, StructType parsedSchema) {
      this.factory = factory;
      this.clock = clock;
      this.parsedSchema = parsedSchema;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> in) {
      JsonLineParser parser = factory.get();
      int srcFile = parsedSchema.fieldIndex("src_file");
      int srcLine = parsedSchema.fieldIndex("src_line");
      int day = parsedSchema.fieldIndex("upload_day");
      int rec = parsedSchema.fieldIndex("_rec");
      int reason = parsedSchema.fieldIndex("_reason");
      int detail = parsedSchema.fieldIndex("_detail");
      int raw = parsedSchema.fieldIndex("_raw");
      int nLines = parsedSchema.fieldIndex("_n_lines");
      int unknownType = parsedSchema.fieldIndex("_unknown_type");
      int ts = parsedSchema.fieldIndex("ts");
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return in.hasNext();
        }

        @Override
        public Row next() {
          Row r = in.next();
          Object[] out = new Object[parsedSchema.size()];
          String kind = r.getString(0);
          out[rec] = kind;
          out[srcFile] = r.get(1);
          out[srcLine] = r.get(2);
          out[day] = r.get(3);
          if (!kind.equals(RawLineReader.LINE)) {
            out[raw] = r.get(4);
            out[reason] = r.get(5);
            out[detail] = r.get(6);
            out[nLines] = r.get(7);
            return RowFactory.create(out);
          }
          String text = r.getString(4);
          ParseResult p = parser.parse(text);
          if (!p.ok()) {
            out[reason] = p.reason();
            out[detail] = p.detail();
            out[raw] = p.raw();
            return RowFactory.create(out);
          }
          Object[] v = p.valuesUnsafe();
          for (int i = 0; i < v.length; i++) {
            if (v[i] != null) {
              out[i] = v[i] instanceof List<?> list ? list.toArray(new String[0]) : v[i];
            }
          }
          out[unknownType] = p.unknownType();
          String clockProblem = clock.check((Long) out[ts], (String) out[day]);
          if (clockProblem != null) {
            out[reason] = Reasons.CLOCK;
            out[detail] = clockProblem;
            out[raw] = parser.redactedRaw(text);
          }
          return RowFactory.create(out);
        }
      };
    }
  }
}
