package io.demoshard.ingest;

import io.demoshard.model.Counts;
import io.demoshard.model.Schemas;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;

/**
 * Reads a registry folder of CSV files ({@code RAW/<kind>/*.csv}) with Spark's CSV reader:
 * every column read as a string, PERMISSIVE with a corrupt-record column. The delimiter
 * ({@code ,}, {@code ;} or tab) and whether the file starts with the header are detected per
 * file from its first line (a file without the header loses no row). Each row is then validated
 * by a {@link Check} into the output schema, or rejected with {@link Bad}:
 * <ul>
 *   <li>{@link Bad#Bad(String)}: quarantined {@code bad_csv_row}, not in {@code valid};</li>
 *   <li>{@link Bad#attributed}: the row names a user but cannot be used as it is. It is
 *       quarantined {@code bad_csv_row} (so it is visible) <em>and</em> its marker row is kept
 *       in {@code valid} so that the consumer can fail closed for that user. Its quarantine
 *       {@code raw} is a JSON object with {@code user_id}, so that quarantine privacy can
 *       withhold it.</li>
 * </ul>
 * A {@link Check} may also tag a valid row with a note, counted {@code <kind>.<note>}
 * (informational, a subset of {@code <kind>.valid}). A missing folder or no files gives empty
 * datasets. Counts: {@code <kind>.files}, {@code <kind>.rows} = {@code <kind>.valid} +
 * {@code <kind>.quarantined.bad_csv_row}; {@code valid} holds the {@code <kind>.valid} rows plus
 * the marker rows of attributed quarantined rows.
 */
final class CsvRegistry {
  static final String CORRUPT = "_corrupt_record";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Validates one row's string values (header order) into output values, or throws {@link Bad}. */
  interface Check extends Serializable {
    /**
     * @param values the row's values, trimmed, null when absent
     * @param malformed whether the CSV row was malformed (wrong number of fields, bad quoting);
     *     {@code values} then holds what could be parsed
     */
    Checked apply(String[] values, boolean malformed) throws Bad;
  }

  /** A valid row's output values and an optional note (a counter suffix, e.g. {@code requested_at_unreadable}). */
  record Checked(Object[] values, String note) {
    Checked(Object[] values) {
      this(values, null);
    }
  }

  static final class Bad extends Exception {
    private static final long serialVersionUID = 1L;
    final Object[] marker;
    final String user;

    Bad(String message) {
      this(message, null, null);
    }

    private Bad(String message, String user, Object[] marker) {
      super(message, null, false, false);
      this.user = user;
      this.marker = marker;
    }

    /** Quarantined, and {@code marker} (output values naming {@code user}) kept in {@code valid}. */
    static Bad attributed(String message, String user, Object[] marker) {
      return new Bad(message, user, marker);
    }
  }

  private CsvRegistry() {}

  static Result read(SparkSession spark, String rawRoot, String kind, String[] header, StructType out, Check check) {
    Counts counts = new Counts();
    Path glob = new Path(new Path(rawRoot, kind), "*.csv");
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    String[] files;
    Map<Layout, List<String>> byLayout = new TreeMap<>();
    try {
      FileSystem fs = glob.getFileSystem(conf);
      FileStatus[] found = fs.globStatus(glob);
      files = found == null ? new String[0]
          : Arrays.stream(found).filter(FileStatus::isFile).map(f -> f.getPath().toString()).sorted()
              .toArray(String[]::new);
      for (String f : files) {
        byLayout.computeIfAbsent(Layout.of(firstLine(fs, new Path(f)), header[0]), l -> new ArrayList<>()).add(f);
      }
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
    Dataset<Row> rows = null;
    for (Map.Entry<Layout, List<String>> e : byLayout.entrySet()) {
      Dataset<Row> part = spark.read()
          .schema(new StructType(in.toArray(new StructField[0])))
          .option("header", String.valueOf(e.getKey().header()))
          .option("sep", e.getKey().sep())
          .option("mode", "PERMISSIVE")
          .option("columnNameOfCorruptRecord", CORRUPT)
          .csv(e.getValue().toArray(new String[0]))
          .withColumn("_src_file", input_file_name());
      rows = rows == null ? part : rows.unionByName(part);
    }

    List<StructField> checkedFields = new ArrayList<>();
    for (StructField f : out.fields()) {
      checkedFields.add(DataTypes.createStructField(f.name(), f.dataType(), true));
    }
    checkedFields.add(DataTypes.createStructField("_src_file", DataTypes.StringType, true));
    checkedFields.add(DataTypes.createStructField("_raw", DataTypes.StringType, true));
    checkedFields.add(DataTypes.createStructField("_detail", DataTypes.StringType, true));
    checkedFields.add(DataTypes.createStructField("_marker", DataTypes.BooleanType, false));
    checkedFields.add(DataTypes.createStructField("_note", DataTypes.StringType, true));
    StructType checkedSchema = new StructType(checkedFields.toArray(new StructField[0]));
    int n = header.length;
    int width = out.size();
    Dataset<Row> checked = rows.map((MapFunction<Row, Row>) r -> {
      String[] values = new String[n];
      for (int i = 0; i < n; i++) {
        values[i] = r.isNullAt(i) ? null : r.getString(i).trim();
      }
      String corrupt = r.isNullAt(n) ? null : r.getString(n);
      Object[] o = new Object[width + 5];
      o[width] = r.getString(n + 1);
      o[width + 3] = false;
      try {
        Checked c = check.apply(values, corrupt != null);
        System.arraycopy(c.values(), 0, o, 0, width);
        o[width + 4] = c.note();
      } catch (Bad e) {
        String line = corrupt != null ? corrupt : String.join(",", Arrays.stream(values)
            .map(v -> v == null ? "" : v).toList());
        if (e.user != null) {
          // attributable: JSON with user_id, so that quarantine privacy can withhold or pseudonymise it
          ObjectNode j = JSON.createObjectNode();
          j.put("user_id", e.user);
          j.put("line", Redactor.cap(line));
          o[width + 1] = JSON.writeValueAsString(j);
        } else {
          o[width + 1] = Redactor.cap(line);
        }
        o[width + 2] = e.getMessage();
        if (e.marker != null) {
          System.arraycopy(e.marker, 0, o, 0, width);
          o[width + 3] = true;
        }
      }
      return RowFactory.create(o);
    }, Encoders.row(checkedSchema)).persist(StorageLevel.MEMORY_AND_DISK());

    Column bad = col("_detail").isNotNull();
    long total = 0;
    for (Row r : checked.groupBy(bad.as("bad"), col("_note")).agg(count(lit(1))).collectAsList()) {
      total += r.getLong(2);
      counts.add(r.getBoolean(0) ? kind + ".quarantined." + Reasons.BAD_CSV_ROW : kind + ".valid", r.getLong(2));
      if (!r.getBoolean(0) && !r.isNullAt(1)) {
        counts.add(kind + "." + r.getString(1), r.getLong(2));
      }
    }
    counts.add(kind + ".rows", total);
    Dataset<Row> valid = Conform.to(spark, checked.filter(bad.unary_$bang().or(col("_marker")))
        .select(Arrays.stream(out.fieldNames()).map(c -> col(c)).toArray(Column[]::new)), out);
    Dataset<Row> quarantine = Conform.to(spark, checked.filter(bad).select(lit(kind).as("kind"),
        col("_src_file").as("src_file"), lit(null).cast(DataTypes.LongType).as("src_line"), col("_raw").as("raw"),
        lit(Reasons.BAD_CSV_ROW).as("reason"), col("_detail").as("detail")), Schemas.QUARANTINE);
    return new Result(valid, quarantine, counts, checked::unpersist);
  }

  /** How one file is laid out: its delimiter and whether its first line is the header. */
  record Layout(String sep, boolean header) implements Comparable<Layout> {
    /** From the first line: the delimiter that splits the line into the most fields; header when its first field is {@code firstColumn}. */
    static Layout of(String firstLine, String firstColumn) {
      if (firstLine == null) {
        return new Layout(",", true);
      }
      String line = firstLine.startsWith("\uFEFF") ? firstLine.substring(1) : firstLine;
      String sep = ",";
      int best = count(line, ',');
      for (String d : List.of(";", "\t")) {
        int c = count(line, d.charAt(0));
        if (c > best) {
          best = c;
          sep = d;
        }
      }
      String first = line.split(java.util.regex.Pattern.quote(sep), -1)[0].trim().replace("\"", "");
      return new Layout(sep, first.equalsIgnoreCase(firstColumn));
    }

    private static int count(String s, char c) {
      return (int) s.chars().filter(x -> x == c).count();
    }

    @Override
    public int compareTo(Layout o) {
      int c = sep.compareTo(o.sep);
      return c != 0 ? c : Boolean.compare(header, o.header);
    }
  }

  private static String firstLine(FileSystem fs, Path p) throws IOException {
    try (InputStream in = fs.open(p);
         BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return r.readLine();
    }
  }

  private static final java.util.regex.Pattern SPACE_T =
      java.util.regex.Pattern.compile("^(\\d{4}-\\d{2}-\\d{2})[ tT]+(\\d.*)$");
  private static final java.util.regex.Pattern OFFSET_NO_COLON =
      java.util.regex.Pattern.compile("^(.*T[0-9:.,]+)\\s*([+-])(\\d{2}):?(\\d{2})?$");
  /** Registry dates before this are not believed (a misread revoke must not become "old"). */
  static final long MIN_PLAUSIBLE_MS = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();

  /**
   * A timestamp read leniently, or null when it cannot be read: ISO-8601 date-time with {@code T}
   * or a space, with an offset, {@code Z}, {@code UTC} or none (UTC assumed), fraction with
   * {@code .} or {@code ,}; a date alone ({@code 2026-11-20} or {@code 20261120}, start of the day
   * UTC); epoch milliseconds or seconds (fraction allowed; 11 digits or more are milliseconds).
   * Anything dated before 2000 is not believed (null).
   */
  static Long lenientMillis(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.strip().replace("\"", "").strip();
    if (s.isEmpty()) {
      return null;
    }
    Long ms = parse(s);
    return ms == null || ms < MIN_PLAUSIBLE_MS ? null : ms;
  }

  private static Long parse(String s) {
    if (s.matches("\\d{8}")) {
      try {
        return LocalDate.parse(s, DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay(ZoneOffset.UTC).toInstant()
            .toEpochMilli();
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    if (s.matches("\\d{1,18}")) {
      long v = Long.parseLong(s);
      return s.length() >= 11 ? v : Math.multiplyExact(v, 1000L);
    }
    if (s.matches("\\d{1,12}[.,]\\d{1,9}")) {
      return new java.math.BigDecimal(s.replace(',', '.')).movePointRight(3).longValue();
    }
    String t = s;
    java.util.regex.Matcher m = SPACE_T.matcher(t);
    if (m.matches()) {
      t = m.group(1) + "T" + m.group(2).strip();
    }
    t = t.replaceAll("(?i)\\s*(UTC|GMT)$", "Z").replaceAll("(?<=\\d)\\s+Z$", "Z").replaceAll("(?<=\\d)z$", "Z");
    t = t.replaceAll("(?<=T\\d{2}:\\d{2}:\\d{2}),", ".");
    java.util.regex.Matcher off = OFFSET_NO_COLON.matcher(t);
    if (off.matches() && t.indexOf('T') > 0) {
      t = off.group(1) + off.group(2) + off.group(3) + ":" + (off.group(4) == null ? "00" : off.group(4));
    }
    try {
      return OffsetDateTime.parse(t).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return ZonedDateTime.parse(t).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
