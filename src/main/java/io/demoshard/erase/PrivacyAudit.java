package io.demoshard.erase;

import com.fasterxml.jackson.databind.JsonNode;
import io.demoshard.config.DemoshardConfig;
import io.demoshard.ingest.ErasureReader;
import io.demoshard.ingest.Result;
import io.demoshard.pipeline.ErasureLedger;
import io.demoshard.privacy.PrivacyGate;
import io.demoshard.privacy.PseudonymKey;
import io.demoshard.privacy.UserIds;
import io.demoshard.publish.DatasetReader;
import io.demoshard.publish.ParquetShards;
import io.demoshard.publish.Publisher;
import io.demoshard.publish.Splits;
import io.demoshard.spark.HadoopConf;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Audits one published version: it must open and verify through its manifest, every shard row
 * must pass the {@link PrivacyGate}, the lineage must hold one row per published episode, and no
 * lineage {@code user_key} may belong to an erased user.
 *
 * <p>Erased users are the {@link ErasureLedger} (master-key pseudonyms) and, with {@code raw},
 * the requests in {@code RAW/erasure/*.csv} (pseudonyms under the master key and under the
 * version's derived key). A version built with {@code privacy.key-per-version} publishes
 * per-version pseudonyms, which the ledger alone cannot be matched against: without {@code raw}
 * such a version with a non-empty ledger gets the finding {@code erasure_check_unverifiable}
 * (the audit does not call unverifiable clean). Findings are counts by column and kind, never values.
 */
public final class PrivacyAudit {
  private final SparkSession spark;
  private final DemoshardConfig cfg;
  private final HadoopConf hadoop;
  private final Supplier<PseudonymKey> key;

  /** @param key the pseudonym key, asked for only when erasure requests are read ({@code raw} given) */
  public PrivacyAudit(SparkSession spark, DemoshardConfig cfg, Supplier<PseudonymKey> key) {
    this.spark = spark;
    this.cfg = cfg;
    this.hadoop = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    this.key = key;
  }

  /**
   * @param clean    no findings
   * @param line     the one-line verdict
   * @param findings column to kind to count
   */
  public record Verdict(boolean clean, String line, Map<String, Map<String, Long>> findings) {
    public int exitCode() {
      return clean ? 0 : 1;
    }

    /** The verdict line, then one line per finding: {@code column kind count}. */
    public List<String> lines() {
      List<String> out = new ArrayList<>();
      out.add(line);
      findings.forEach((c, m) -> m.forEach((k, n) -> out.add("  " + c + "\t" + k + "\t" + n)));
      return out;
    }
  }

  public Verdict run(String out, LocalDate date, String raw) {
    String day = date.toString();
    Map<String, Map<String, Long>> findings = new TreeMap<>();
    DatasetReader reader;
    try {
      reader = DatasetReader.open(spark, hadoop, new Path(new Path(out), day).toString()).verifyChecksums();
    } catch (RuntimeException e) {
      add(findings, "version", "not_verifiable", 1);
      return new Verdict(false, "FAIL " + day + ": the version does not open or verify: "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), findings);
    }
    JsonNode manifest = reader.manifest();

    Dataset<Row> shards = null;
    for (String s : Splits.ALL) {
      if (!reader.shards(s).isEmpty()) {
        shards = shards == null ? reader.read(s) : shards.unionByName(reader.read(s));
      }
    }
    if (shards == null) {
      add(findings, "version", "no_shards", 1);
      return new Verdict(false, "FAIL " + day + ": the manifest lists no shards", findings);
    }

    Path lineagePath = new Path(new Path(new Path(out, Publisher.LINEAGE), day), EraseJob.LINEAGE_FILE);
    Dataset<Row> lineage = null;
    try {
      if (ParquetShards.fs(hadoop, lineagePath).exists(lineagePath)) {
        lineage = spark.read().parquet(lineagePath.toString());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + lineagePath + ": " + e.getMessage(), e);
    }
    if (lineage == null) {
      add(findings, "lineage", "missing", 1);
    } else {
      long rows = lineage.count();
      long total = manifest.path("total_rows").asLong(-1);
      if (rows != total) {
        add(findings, "lineage", "row_count_mismatch", 1);
      }
    }

    Set<String> forbidden = new TreeSet<>(ErasureLedger.load(hadoop, out));
    // one master-key pseudonym per erased person: `forbidden` may hold two pseudonyms of each (master, per-version)
    Set<String> erasedUsers = new TreeSet<>(forbidden);
    boolean ledgerNonEmpty = !forbidden.isEmpty();
    boolean perVersion = manifest.path("pseudonym_key_per_version").asBoolean(false) || cfg.privacy().keyPerVersion();
    if (raw != null) {
      Result csv = new ErasureReader(spark).read(raw);
      try {
        List<Row> ids = csv.valid().select("user_id").distinct().collectAsList();
        if (!ids.isEmpty()) {
          PseudonymKey k = key.get();
          PseudonymKey vk = k.forVersion(day);
          for (Row r : ids) {
            String id = UserIds.canonical(r.getString(0));
            if (id != null) {
              forbidden.add(k.userKey(id));
              forbidden.add(vk.userKey(id));
              erasedUsers.add(k.userKey(id));
            }
          }
        }
        long bad = csv.counts().get("erasure.quarantined.bad_csv_row");
        if (bad > 0) {
          add(findings, "erasure.csv", "malformed_request", bad);
        }
      } finally {
        csv.unpersist();
      }
    } else if (perVersion && ledgerNonEmpty) {
      add(findings, "lineage.user_key", "erasure_check_unverifiable", 1);
    }

    PrivacyGate.Report report = PrivacyGate.from(cfg.privacy()).check(shards, forbidden, lineage);
    report.findingsByColumn().forEach((c, m) -> m.forEach((k, n) -> add(findings, c, k, n)));
    long total = findings.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
    if (findings.isEmpty()) {
      return new Verdict(true, "CLEAN " + day + ": " + report.rowsScanned() + " rows scanned, lineage checked against "
          + erasedUsers.size() + " erased user(s), no findings", findings);
    }
    List<String> parts = new ArrayList<>();
    findings.forEach((c, m) -> m.forEach((k, n) -> parts.add(k + " in " + c + " (" + n + ")")));
    String hint = findings.containsKey("lineage.user_key")
        && findings.get("lineage.user_key").containsKey("erasure_check_unverifiable")
        ? "; per-version pseudonyms: pass --raw to check erasure requests" : "";
    return new Verdict(false, "FAIL " + day + ": " + total + " finding(s) in " + report.rowsScanned() + " rows "
        + "checked against " + erasedUsers.size() + " erased user(s): " + String.join(", ", parts) + hint, findings);
  }

  private static void add(Map<String, Map<String, Long>> m, String column, String kind, long n) {
    m.computeIfAbsent(column, c -> new TreeMap<>()).merge(kind, n, Long::sum);
  }
}
