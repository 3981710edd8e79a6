package io.demoshard.ingest;

import io.demoshard.privacy.People;
import io.demoshard.privacy.UserIds;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

/**
 * Reads the optional people directory {@code RAW/directory/*.csv} (header
 * {@code user_id,display_name,email,aliases}, aliases {@code |}-separated; {@code ,}, {@code ;} or tab
 * delimited, header optional: {@link CsvRegistry}) into {@link #SCHEMA}. A missing folder is no
 * error: no names tonight. A row without {@code user_id} is quarantined {@code bad_csv_row} with the
 * reason. A malformed row that still names a user keeps what could be read (counted
 * {@code directory.malformed_row}): for redaction, a partial name list is safer than none.
 *
 * <p>The quarantine of directory rows keeps no raw text: every field of the directory is personal data.
 * Counts {@code directory.*}: {@code directory.rows = directory.valid + directory.quarantined.bad_csv_row}.
 */
public final class DirectoryReader {
  static final String[] HEADER = {"user_id", "display_name", "email", "aliases"};
  public static final StructType SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField("user_id", DataTypes.StringType, false),
      DataTypes.createStructField("display_name", DataTypes.StringType, true),
      DataTypes.createStructField("email", DataTypes.StringType, true),
      DataTypes.createStructField("aliases", DataTypes.StringType, true)});

  private final SparkSession spark;

  public DirectoryReader(SparkSession spark) {
    this.spark = spark;
  }

  public Result read(String rawRoot) {
    Result r = CsvRegistry.read(spark, rawRoot, "directory", HEADER, SCHEMA, DirectoryReader::check);
    // names and e-mails are personal data: quarantine says why, never what
    return new Result(r.valid(), r.quarantine().withColumn("raw", lit(null).cast(DataTypes.StringType))
        .withColumn("detail", concat(col("detail"), lit(" [raw withheld: directory rows name people]"))),
        r.counts(), r::unpersist);
  }

  static CsvRegistry.Checked check(String[] v, boolean malformed) throws CsvRegistry.Bad {
    String user = UserIds.canonical(malformed ? ConsentReader.beforeDelimiter(v[0]) : v[0]);
    if (user == null) {
      throw new CsvRegistry.Bad("missing user_id");
    }
    return new CsvRegistry.Checked(new Object[] {user, clean(v[1]), clean(v[2]), clean(v[3])},
        malformed ? "malformed_row" : null);
  }

  private static String clean(String s) {
    if (s == null) {
      return null;
    }
    String t = Normalizer.normalize(s, Normalizer.Form.NFKC).replaceAll("\\p{Cf}", "").strip();
    return t.isEmpty() ? null : t;
  }

  /** The directory rows (small: one per employee) as {@link People}, on the driver. */
  public static People people(List<Row> rows) {
    List<People.Person> out = new ArrayList<>();
    for (Row r : rows) {
      String aliases = r.isNullAt(3) ? null : r.getString(3);
      List<String> list = new ArrayList<>();
      if (aliases != null) {
        for (String a : aliases.split("\\|")) {
          if (!a.isBlank()) {
            list.add(a.strip());
          }
        }
      }
      out.add(new People.Person(r.isNullAt(1) ? null : r.getString(1), r.isNullAt(2) ? null : r.getString(2), list));
    }
    return People.of(out);
  }

  /** The directory's user ids (canonical), e.g. to find them typed as text. */
  public static Set<String> userIds(List<Row> rows) {
    Set<String> ids = new TreeSet<>();
    rows.forEach(r -> ids.add(r.getString(0)));
    return ids;
  }
}
