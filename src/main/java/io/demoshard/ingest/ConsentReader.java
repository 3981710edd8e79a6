package io.demoshard.ingest;

import io.demoshard.model.Schemas;
import io.demoshard.privacy.UserIds;
import org.apache.spark.sql.SparkSession;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Reads {@code RAW/consent/*.csv} (header {@code user_id,status,region,updated_at}; {@code ,},
 * {@code ;} or tab delimited) into {@link Schemas#CONSENT}. Only {@code user_id} is required for a
 * row to take part, and it is read in canonical form ({@link UserIds#canonical}):
 * <ul>
 *   <li>{@code status}: any value, trimmed and lower-cased, null when empty (only {@code granted}
 *       is consent: the policy decides);</li>
 *   <li>{@code region}: any value, trimmed and upper-cased, null when empty (the policy excludes a
 *       missing or malformed region);</li>
 *   <li>{@code updated_at}: read leniently ({@link CsvRegistry#lenientMillis}: ISO-8601 with
 *       {@code T} or a space, with or without zone, a date, epoch ms or seconds).</li>
 * </ul>
 * A row without a user is quarantined {@code bad_csv_row}. A row that names a user but cannot be
 * used (no or unreadable {@code updated_at}, malformed CSV row) is quarantined {@code bad_csv_row}
 * <em>and</em> kept in {@code valid} with {@code unreadable} set to the reason, so that the consent
 * policy excludes that user for the night ({@code consent_unreadable}, fail closed). Counts
 * {@code consent.*}: {@code consent.rows = consent.valid + consent.quarantined.bad_csv_row}.
 */
public final class ConsentReader {
  static final String[] HEADER = {"user_id", "status", "region", "updated_at"};

  private final SparkSession spark;

  public ConsentReader(SparkSession spark) {
    this.spark = spark;
  }

  public Result read(String rawRoot) {
    return CsvRegistry.read(spark, rawRoot, "consent", HEADER, Schemas.CONSENT, ConsentReader::check);
  }

  static CsvRegistry.Checked check(String[] v, boolean malformed) throws CsvRegistry.Bad {
    String user = UserIds.canonical(malformed ? beforeDelimiter(v[0]) : v[0]);
    if (user == null) {
      throw new CsvRegistry.Bad("missing user_id");
    }
    String status = clean(v[1], false);
    String region = clean(v[2], true);
    Long updated = CsvRegistry.lenientMillis(v[3]);
    String problem = malformed ? "malformed CSV row (wrong number of fields or bad quoting)"
        : v[3] == null || v[3].isEmpty() ? "missing updated_at"
        : updated == null ? "updated_at is not a readable timestamp" : null;
    if (problem != null) {
      String reason = problem + "; the user is excluded tonight (consent_unreadable)";
      throw CsvRegistry.Bad.attributed(reason, user, new Object[] {user, status, region, updated, problem});
    }
    return new CsvRegistry.Checked(new Object[] {user, status, region, updated, null});
  }

  /** In a malformed row the whole line may sit in the first field (another delimiter): its first part. */
  static String beforeDelimiter(String s) {
    if (s == null) {
      return null;
    }
    int cut = s.length();
    for (char d : new char[] {';', '\t', ','}) {
      int i = s.indexOf(d);
      if (i >= 0 && i < cut) {
        cut = i;
      }
    }
    return s.substring(0, cut);
  }

  private static String clean(String s, boolean upper) {
    if (s == null) {
      return null;
    }
    String t = Normalizer.normalize(s, Normalizer.Form.NFKC).replaceAll("\\p{Cf}", "").strip();
    if (t.isEmpty()) {
      return null;
    }
    return upper ? t.toUpperCase(Locale.ROOT) : t.toLowerCase(Locale.ROOT);
  }
}
