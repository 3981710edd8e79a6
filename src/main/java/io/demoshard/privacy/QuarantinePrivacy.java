package io.demoshard.privacy;

import io.demoshard.model.Schemas;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.nullif;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.replace;
import static org.apache.spark.sql.functions.when;

/**
 * Quarantine is rejected input kept for operators, written before the consent decision is
 * applied to it. So that it keeps no more than the published data would: the raw text of a
 * line attributable to a user who is not included tonight (no consent, excluded region,
 * erased) is withheld, and in the other lines the raw user id is replaced by the pseudonym.
 * Lines that name no user (text that is not JSON and has no {@code user_id}) keep their
 * (already redacted) text. Ids are pseudonymised in canonical form ({@link UserIds#canonical}),
 * as in the published data.
 *
 * <p>In and out: {@link Schemas#QUARANTINE}. The handful of user ids found in quarantine are
 * pseudonymised on the driver: the key never travels to executors.
 */
public final class QuarantinePrivacy {
  private static final String USER_ID_PATTERN = "\"user_id\"\\s*:\\s*\"([^\"]{1,256})\"";

  private QuarantinePrivacy() {}

  public static Dataset<Row> apply(Dataset<Row> quarantine, PseudonymKey key, Set<String> includedUserKeys) {
    SparkSession spark = quarantine.sparkSession();
    Column uid = coalesce(get_json_object(col("raw"), "$.user_id"),
        nullif(regexp_extract(col("raw"), USER_ID_PATTERN, 1), lit("")));
    Dataset<Row> withUid = quarantine.withColumn("_uid", uid);
    List<Row> mapping = new ArrayList<>();
    for (Row r : withUid.select("_uid").where(col("_uid").isNotNull()).distinct().collectAsList()) {
      String canonical = UserIds.canonical(r.getString(0));
      if (canonical == null) {
        continue;  // names nobody: attributed, not included, so withheld
      }
      String userKey = key.userKey(canonical);
      mapping.add(RowFactory.create(r.getString(0), userKey, includedUserKeys.contains(userKey)));
    }
    StructType schema = new StructType().add("_m_uid", DataTypes.StringType, false)
        .add("_m_key", DataTypes.StringType, false).add("_m_included", DataTypes.BooleanType, false);
    Dataset<Row> joined = withUid.join(broadcast(spark.createDataFrame(mapping, schema)),
        col("_uid").equalTo(col("_m_uid")), "left");
    Column attributed = col("_uid").isNotNull();
    Column included = coalesce(col("_m_included"), lit(false));
    Column raw = when(not(attributed), col("raw"))
        .when(included, replace(col("raw"), col("_uid"), col("_m_key")))
        .otherwise(lit(null).cast("string"));
    Column detail = when(attributed.and(not(included)),
        concat(coalesce(col("detail"), lit("")), lit(" [raw withheld: user not included]")))
        .otherwise(col("detail"));
    Column srcFile = when(attributed.and(included), replace(col("src_file"), col("_uid"), col("_m_key")))
        .otherwise(col("src_file"));
    return joined.select(col("kind"), srcFile.as("src_file"), col("src_line"), raw.as("raw"), col("reason"),
        detail.as("detail"));
  }
}
