package io.demoshard.privacy;

import io.demoshard.config.DemoshardConfig.PrivacyConfig;
import io.demoshard.model.Counts;
import io.demoshard.privacy.ConsentPolicy.ConsentRow;
import io.demoshard.privacy.ConsentPolicy.Decision;
import io.demoshard.privacy.ConsentPolicy.Reason;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.replace;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

/**
 * The consent stage: keeps only the events and frames of included users (see {@link ConsentPolicy})
 * and swaps the raw {@code user_id} for its pseudonym {@code user_key}.
 *
 * <p>The consent and erasure tables are small metadata: they are collected on the driver, decided
 * there in plain Java, and the resulting decision table (user id, pseudonym, reason) is broadcast-joined
 * to events and frames. Users without any consent row are {@code no_consent}.
 *
 * <p>User ids are matched and pseudonymised in their canonical form ({@link UserIds#canonical}) on
 * both sides: {@code U004213} in the events and {@code u004213\u00A0} in the erasure file are one
 * person, and {@code user_key = HMAC(key, canonical id)}. A consent row whose {@code unreadable}
 * column is set (or that has no {@code updated_at}) excludes the user it names:
 * {@code consent_unreadable} (fail closed).
 *
 * <p>Output: the input columns in their order, with {@code user_id} replaced by {@code user_key} at the
 * same position. The raw user id never leaves this stage: where it occurs inside another top-level
 * string column (a file path, a device or session id, a title), it is replaced there too by the
 * pseudonym (only for ids of 3 or more characters, so short ids do not corrupt text).
 *
 * <p>Counts (totals only, never per user): {@code events.policy.not_included},
 * {@code frames.policy.not_included}, and the same totals broken down by reason:
 * {@code consent.events.no_consent|revoked|excluded_region|erased|consent_unreadable} and
 * {@code consent.frames.*}. The
 * per-reason counters add up to {@code not_included}; do not sum the whole {@code events.policy}
 * prefix.
 *
 * <p>Counting runs one small aggregation job over events and one over frames.
 */
public final class ConsentFilter {
  public static final String NOT_INCLUDED = "not_included";
  private static final String UID = "__consent_user_id";
  private static final String UKEY = "__consent_user_key";
  private static final String REASON = "__consent_reason";
  private static final String CANON = "__consent_canonical_id";
  private static final int MIN_ID_LENGTH_TO_REPLACE = 3;

  private final ConsentPolicy policy;

  /** The image path locates raw input: rewriting it would break the image read. */
  private static final Set<String> LOCATORS = Set.of("path");

  public ConsentFilter(ConsentPolicy policy) {
    this.policy = policy;
  }

  public static ConsentFilter from(PrivacyConfig cfg) {
    return new ConsentFilter(new ConsentPolicy(cfg.excludedRegions()));
  }

  /**
   * @param includedUserKeys pseudonyms (under the output key) of every user who may be
   *     published this night: the privacy gate's allowlist
   */
  public record Result(Dataset<Row> events, Dataset<Row> frames, Counts counts, Set<String> includedUserKeys) {}

  /**
   * @param events rows of {@code Schemas.EVENT}
   * @param frames rows of {@code Schemas.FRAME_INDEX} or {@code Schemas.FRAME}
   * @param consent rows of {@code Schemas.CONSENT}
   * @param erasure rows of {@code Schemas.ERASURE}
   * @param erasedUserKeys persistent denylist of pseudonyms of erased users (may be empty)
   * @param endOfDayMs end of the processed day, epoch ms (consent rows after it are ignored)
   */
  public Result apply(Dataset<Row> events, Dataset<Row> frames, Dataset<Row> consent, Dataset<Row> erasure,
                      Set<String> erasedUserKeys, long endOfDayMs, PseudonymKey key) {
    return apply(events, frames, consent, erasure, erasedUserKeys, endOfDayMs, key, key);
  }

  /**
   * As above, with the published pseudonyms taken from {@code outputKey} (a per-version key)
   * while the persistent erasure denylist is matched under the master {@code key}.
   */
  public Result apply(Dataset<Row> events, Dataset<Row> frames, Dataset<Row> consent, Dataset<Row> erasure,
                      Set<String> erasedUserKeys, long endOfDayMs, PseudonymKey key, PseudonymKey outputKey) {
    Map<String, Decision> decisions = decide(consent, erasure, erasedUserKeys, endOfDayMs, key);
    Dataset<Row> table = decisionTable(events.sparkSession(), decisions, outputKey);
    Counts counts = new Counts();
    Dataset<Row> keptEvents = filter(events, table, "events", counts);
    Dataset<Row> keptFrames = filter(frames, table, "frames", counts);
    Set<String> included = new java.util.TreeSet<>();
    decisions.values().stream().filter(Decision::included).forEach(d -> included.add(outputKey.userKey(d.userId())));
    return new Result(keptEvents, keptFrames, counts, java.util.Collections.unmodifiableSet(included));
  }

  Map<String, Decision> decide(Dataset<Row> consent, Dataset<Row> erasure, Set<String> erasedUserKeys,
                               long endOfDayMs, PseudonymKey key) {
    List<ConsentRow> rows = new ArrayList<>();
    Set<String> unreadable = new HashSet<>();
    boolean marked = List.of(consent.columns()).contains("unreadable");
    Column flag = marked ? col("unreadable") : lit(null).cast(DataTypes.StringType);
    for (Row r : consent.select(col("user_id"), col("status"), col("region"), col("updated_at"), flag)
        .collectAsList()) {
      String user = r.isNullAt(0) ? null : UserIds.canonical(r.getString(0));
      if (user == null) {
        continue; // cannot be attributed: it grants nothing
      }
      if (r.isNullAt(3) || !r.isNullAt(4)) {
        unreadable.add(user); // names a user but cannot be dated or understood: fail closed
        continue;
      }
      rows.add(new ConsentRow(user, r.getString(1), r.getString(2), r.getLong(3)));
    }
    Set<String> erasedIds = new HashSet<>();
    for (Row r : erasure.select("user_id").where(col("user_id").isNotNull()).distinct().collectAsList()) {
      String user = UserIds.canonical(r.getString(0));
      if (user != null) {
        erasedIds.add(user);
      }
    }
    return policy.decideAll(rows, unreadable, erasedIds, erasedUserKeys == null ? Set.of() : erasedUserKeys,
        key::userKey, endOfDayMs);
  }

  private static Dataset<Row> decisionTable(SparkSession spark, Map<String, Decision> decisions, PseudonymKey key) {
    StructType schema = new StructType(new StructField[] {
        DataTypes.createStructField(UID, DataTypes.StringType, false),
        DataTypes.createStructField(UKEY, DataTypes.StringType, true),
        DataTypes.createStructField(REASON, DataTypes.StringType, false)});
    List<Row> rows = new ArrayList<>(decisions.size());
    for (Decision d : decisions.values()) {
      // pseudonyms are computed for included users only: nobody else's key leaves the driver
      rows.add(RowFactory.create(d.userId(), d.included() ? key.userKey(d.userId()) : null, d.reason().code()));
    }
    return spark.createDataFrame(rows, schema);
  }

  private static Dataset<Row> filter(Dataset<Row> input, Dataset<Row> table, String prefix, Counts counts) {
    Column canonical = udf((UDF1<String, String>) UserIds::canonical, DataTypes.StringType).apply(input.col("user_id"));
    Dataset<Row> withCanonical = input.withColumn(CANON, canonical);
    Dataset<Row> joined = withCanonical.join(broadcast(table), withCanonical.col(CANON).equalTo(table.col(UID)), "left")
        .withColumn(REASON, coalesce(col(REASON), lit(Reason.NO_CONSENT.code())));
    for (Row r : joined.groupBy(REASON).count().collectAsList()) {
      String reason = r.getString(0);
      if (!Reason.INCLUDED.code().equals(reason)) {
        // Per reason outside the accounting buckets (no double count), totals only, never per user.
        counts.add("consent." + prefix + "." + reason, r.getLong(1));
        counts.add(prefix + ".policy." + NOT_INCLUDED, r.getLong(1));
      }
    }
    counts.add(prefix + ".policy." + NOT_INCLUDED, 0);
    Column uid = withCanonical.col("user_id");
    Column cid = withCanonical.col(CANON);
    Column ukey = col(UKEY);
    List<Column> out = new ArrayList<>();
    for (StructField f : input.schema().fields()) {
      if (f.name().equals("user_id")) {
        out.add(ukey.as("user_key"));
      } else if (f.dataType().equals(DataTypes.StringType) && !LOCATORS.contains(f.name())) {
        Column c = withCanonical.col(f.name());
        // the id as written in the event, then its canonical form (U004213 and u004213 are one person)
        Column once = when(length(uid).geq(MIN_ID_LENGTH_TO_REPLACE), replace(c, uid, ukey)).otherwise(c);
        out.add(when(length(cid).geq(MIN_ID_LENGTH_TO_REPLACE), replace(once, cid, ukey)).otherwise(once)
            .as(f.name()));
      } else {
        out.add(withCanonical.col(f.name()));
      }
    }
    return joined.where(col(REASON).equalTo(Reason.INCLUDED.code())).select(out.toArray(new Column[0]));
  }
}
