package io.demoshard.erase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demoshard.config.DemoshardConfig;
import io.demoshard.config.DemoshardConfig.PublishConfig;
import io.demoshard.ingest.ErasureReader;
import io.demoshard.ingest.Result;
import io.demoshard.pipeline.ErasureLedger;
import io.demoshard.privacy.PseudonymKey;
import io.demoshard.privacy.UserIds;
import io.demoshard.publish.DatasetReader;
import io.demoshard.publish.ParquetShards;
import io.demoshard.publish.Publisher;
import io.demoshard.report.ReportFiles;
import io.demoshard.publish.ShardInfo;
import io.demoshard.publish.Splits;
import io.demoshard.publish.VersionCommitter;
import io.demoshard.spark.HadoopConf;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;

/**
 * The right to be forgotten, applied to everything already published.
 *
 * <ol>
 *   <li>Reads {@code RAW/erasure/*.csv} ({@link ErasureReader}: only {@code user_id} is required, a
 *       request with an unreadable {@code requested_at} still holds, ids in canonical form
 *       {@link UserIds#canonical}); malformed rows are counted per file and reported (never
 *       dropped silently: they make the command exit 2), and those that name a user are applied
 *       all the same (fail closed).</li>
 *   <li>Computes each user's pseudonym under the master key and appends the new ones to the
 *       {@link ErasureLedger} first, so every later nightly excludes the user even if this run
 *       dies right after.</li>
 *   <li>For every committed version {@code OUT/YYYY-MM-DD} (after repairing interrupted swaps of
 *       that date): finds the episodes whose lineage {@code user_key} is an erased user's
 *       pseudonym under the master key <em>or</em> under that version's derived key
 *       ({@code privacy.key-per-version}; both are always tried, so a version built under either
 *       setting is covered), or any pseudonym already in the ledger; locates them in the shard
 *       files by reading every shard's {@code episode_id} column (not only where the lineage says),
 *       and rewrites only the shards that hold them and the lineage, without those rows.</li>
 *   <li>Each rewrite is committed like a publish ({@link VersionCommitter}): the whole version is
 *       staged (unaffected shards byte-copied, card re-rendered), every file verified against the new
 *       manifest, the rewritten shards re-scanned for the erased episodes, then swapped in through the
 *       trash with {@code manifest.json} and {@code _SUCCESS} last; the commit is refused when the
 *       version changed since it was read. A failure restores the old version; the other versions
 *       are still processed and the run fails at the end.</li>
 *   <li>Calls the dedup-state cleaner with every pseudonym of the erased users (master key and each
 *       version's key).</li>
 *   <li>Writes {@code OUT/_erasure/audit/<run>.jsonl}: one record per requested user (master-key
 *       pseudonym, request times, versions touched with episodes removed), one per ledger-only
 *       pseudonym that still matched, and a run record (rows, malformed rows, versions).</li>
 * </ol>
 * Running it again finds nothing, rewrites nothing and audits zero removals.
 */
public final class EraseJob {
  private static final Logger LOG = LoggerFactory.getLogger(EraseJob.class);
  public static final String AUDIT_DIR = "_erasure/audit";
  static final String LINEAGE_FILE = "part-00000.parquet";
  static final String LEDGER_OWNER = "ledger";
  private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SparkSession spark;
  private final DemoshardConfig cfg;
  private final PseudonymKey key;
  private final HadoopConf hadoop;
  private final Consumer<Set<String>> stateCleaner;

  public EraseJob(SparkSession spark, DemoshardConfig cfg, PseudonymKey key) {
    this(spark, cfg, key, null);
  }

  /**
   * @param stateCleaner removes the given pseudonyms from the dedup state (e.g.
   *     {@code keys -> DedupState.removeUsers(out, keys)}); null: nothing to clean, logged
   */
  public EraseJob(SparkSession spark, DemoshardConfig cfg, PseudonymKey key, Consumer<Set<String>> stateCleaner) {
    this.spark = spark;
    this.cfg = cfg;
    this.key = key;
    this.hadoop = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    this.stateCleaner = stateCleaner != null ? stateCleaner
        : keys -> LOG.info("no dedup-state cleaner wired: {} pseudonym(s) not removed from any dedup state",
            keys.size());
  }

  /** One requested user, on the driver only. */
  private static final class Request {
    final String userId;
    final String pseudonym;
    final TreeSet<Long> requestedAt = new TreeSet<>();
    int rows;
    final Map<String, Long> removed = new TreeMap<>();

    Request(String userId, String pseudonym) {
      this.userId = userId;
      this.pseudonym = pseudonym;
    }
  }

  public EraseResult run(String raw, String out) {
    Instant started = Instant.now();
    String runId = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC)
        .format(started) + "-" + UUID.randomUUID().toString().substring(0, 8);
    Path outPath = new Path(out);

    // 1. requests
    Result csv = new ErasureReader(spark).read(raw);
    Map<String, Request> byUser = new TreeMap<>();
    Map<String, Long> malformedByFile = new TreeMap<>();
    long csvRows;
    long malformed;
    try {
      for (Row r : csv.valid().select("user_id", "requested_at").collectAsList()) {
        String id = UserIds.canonical(r.getString(0));
        if (id == null) {
          continue;  // the reader keeps no row without a user
        }
        // pseudonyms are HMAC(key, canonical id), as the nightly computes them
        Request q = byUser.computeIfAbsent(id, u -> new Request(u, key.userKey(u)));
        q.rows++;
        if (!r.isNullAt(1)) {
          q.requestedAt.add(r.getLong(1));
        }
      }
      for (Row r : csv.quarantine().groupBy("src_file").count().collectAsList()) {
        malformedByFile.put(r.isNullAt(0) ? "(unknown)" : new Path(r.getString(0)).getName(), r.getLong(1));
      }
      dropUnknownFromMalformedRows(csv, byUser, raw);
      csvRows = csv.counts().get("erasure.rows");
      malformed = csv.counts().get("erasure.quarantined.bad_csv_row");
    } finally {
      csv.unpersist();
    }
    if (malformed > 0) {
      LOG.warn("{} malformed erasure row(s) could not be applied: {}", malformed, malformedByFile);
    }
    List<Request> requests = new ArrayList<>(byUser.values());
    byUser.clear();

    // 2. the ledger first: from now on every nightly excludes these users
    Set<String> ledger = ErasureLedger.load(hadoop, out);
    Set<String> fresh = new TreeSet<>();
    requests.forEach(q -> fresh.add(q.pseudonym));
    fresh.removeAll(ledger);
    ErasureLedger.add(hadoop, out, fresh);
    VersionCommitter.fault("erase:ledger-written");
    Set<String> ledgerOnly = new TreeSet<>(ledger);
    requests.forEach(q -> ledgerOnly.remove(q.pseudonym));

    // 3. every committed version
    List<EraseResult.VersionOutcome> outcomes = new ArrayList<>();
    Map<String, Long> ledgerRemoved = new TreeMap<>();
    Set<String> allKeys = new TreeSet<>();
    requests.forEach(q -> allKeys.add(q.pseudonym));
    FileSystem fs;
    List<String> days;
    try {
      fs = ParquetShards.fs(hadoop, outPath);
      days = versions(fs, outPath);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the versions under " + out, e);
    }
    for (String day : days) {
      PseudonymKey versionKey = key.forVersion(day);
      Map<String, String> owner = new HashMap<>();
      for (String k : ledgerOnly) {
        owner.put(k, LEDGER_OWNER);
      }
      for (Request q : requests) {
        owner.put(q.pseudonym, q.pseudonym);
        String vk = versionKey.userKey(q.userId);
        owner.put(vk, q.pseudonym);
        allKeys.add(vk);
      }
      EraseResult.VersionOutcome o;
      Map<String, Long> removedByOwner = new HashMap<>();
      try {
        o = eraseVersion(out, day, owner, removedByOwner, started, runId);
      } catch (RuntimeException | IOException e) {
        try {
          VersionCommitter.recover(fs, outPath, day);  // also drops a half-staged copy
        } catch (IOException | RuntimeException re) {
          e.addSuppressed(re);
        }
        LOG.error("erasure of version {} failed; the committed version is unchanged", day, e);
        o = new EraseResult.VersionOutcome(day, "failed", 0, List.of(), e.getClass().getSimpleName() + ": "
            + e.getMessage());
      }
      outcomes.add(o);
      for (Request q : requests) {
        long n = removedByOwner.getOrDefault(q.pseudonym, 0L);
        if (n > 0) {
          q.removed.put(day, n);
        }
      }
      long viaLedger = removedByOwner.getOrDefault(LEDGER_OWNER, 0L);
      if (viaLedger > 0) {
        LOG.warn("version {} still held {} episode(s) of users already in the erasure ledger", day, viaLedger);
        ledgerRemoved.put(day, viaLedger);
      }
    }

    // 4. dedup state
    String cleanerError = null;
    if (!allKeys.isEmpty()) {
      try {
        stateCleaner.accept(java.util.Collections.unmodifiableSet(allKeys));
      } catch (RuntimeException e) {
        cleanerError = e.getClass().getSimpleName() + ": " + e.getMessage();
        LOG.error("the dedup-state cleaner failed", e);
      }
    }

    // 5. audit
    EraseResult result = new EraseResult(runId, new Path(new Path(outPath, AUDIT_DIR), runId + ".jsonl").toString(),
        csvRows, malformed, malformedByFile, requests.size(), fresh.size(), outcomes);
    writeAudit(fs, result, requests, ledgerRemoved, started, cleanerError);
    LOG.info(result.summary());
    if (!result.failed().isEmpty() || cleanerError != null) {
      throw new IllegalStateException("erasure incomplete: " + (result.failed().isEmpty() ? ""
          : "versions " + result.failed().stream().map(EraseResult.VersionOutcome::version).toList()
          + " failed (they are unchanged; rerun erase) ") + (cleanerError == null ? "" : "dedup-state cleaner failed: "
          + cleanerError) + "; audit " + result.auditPath());
    }
    return result;
  }

  /**
   * A request that comes only from malformed CSV rows (its marker rows) is applied only when it
   * names a known employee (in the consent registry): junk such as a stray {@code not-a-valid-row}
   * line is counted malformed and never becomes a ledger entry. Nothing is lost for an unknown id:
   * it was never published, and every nightly re-reads {@code RAW/erasure/} itself. Well-formed
   * rows are always applied.
   */
  private void dropUnknownFromMalformedRows(Result csv, Map<String, Request> byUser, String raw) {
    Map<String, Long> markers = new HashMap<>();
    for (Row r : csv.quarantine().select(org.apache.spark.sql.functions.get_json_object(
        org.apache.spark.sql.functions.col("raw"), "$.user_id")).collectAsList()) {
      String id = r.isNullAt(0) ? null : UserIds.canonical(r.getString(0));
      if (id != null) {
        markers.merge(id, 1L, Long::sum);
      }
    }
    Set<String> onlyMalformed = new TreeSet<>();
    byUser.forEach((id, q) -> {
      if (q.rows <= markers.getOrDefault(id, 0L)) {
        onlyMalformed.add(id);
      }
    });
    if (onlyMalformed.isEmpty()) {
      return;
    }
    Result consent = new io.demoshard.ingest.ConsentReader(spark).read(raw);
    Set<String> known = new HashSet<>();
    try {
      for (Row r : consent.valid().select("user_id").collectAsList()) {
        if (!r.isNullAt(0)) {
          known.add(UserIds.canonical(r.getString(0)));
        }
      }
    } finally {
      consent.unpersist();
    }
    onlyMalformed.removeAll(known);
    if (!onlyMalformed.isEmpty()) {
      onlyMalformed.forEach(byUser::remove);
      LOG.warn("{} malformed erasure row(s) name no known employee and were not applied", onlyMalformed.size());
    }
  }

  /** Dates with a version folder or an aside copy in the trash; each is repaired, then kept if committed. */
  private static List<String> versions(FileSystem fs, Path out) throws IOException {
    Set<String> days = new TreeSet<>();
    if (!fs.exists(out)) {
      return List.of();
    }
    for (FileStatus st : fs.listStatus(out)) {
      if (st.isDirectory() && DAY.matcher(st.getPath().getName()).matches()) {
        days.add(st.getPath().getName());
      }
    }
    Path trash = new Path(out, Publisher.TRASH);
    if (fs.exists(trash)) {
      for (FileStatus st : fs.listStatus(trash)) {
        String n = st.getPath().getName();
        if (n.length() > 11 && DAY.matcher(n.substring(0, 10)).matches() && n.charAt(10) == '-') {
          days.add(n.substring(0, 10));
        }
      }
    }
    List<String> committed = new ArrayList<>();
    for (String d : days) {
      VersionCommitter.recover(fs, out, d);
      if (fs.exists(new Path(new Path(out, d), Publisher.SUCCESS))) {
        committed.add(d);
      }
    }
    return committed;
  }

  /**
   * Removes the episodes of the pseudonyms in {@code owner} (pseudonym to the request it stands for)
   * from one version; fills {@code removedByOwner}.
   */
  private EraseResult.VersionOutcome eraseVersion(String out, String day, Map<String, String> owner,
                                                  Map<String, Long> removedByOwner, Instant started, String runId)
      throws IOException {
    VersionCommitter vc = new VersionCommitter(spark, hadoop, out, day);
    FileSystem fs = vc.fs();
    DatasetReader reader = DatasetReader.open(spark, hadoop, vc.version().toString());
    String marker = vc.currentMarker();
    Path lineageFile = new Path(vc.lineage(), LINEAGE_FILE);
    if (!fs.exists(lineageFile)) {
      throw new IllegalStateException("version " + day + " has no lineage: its erased users cannot be found");
    }
    if (owner.isEmpty()) {
      return new EraseResult.VersionOutcome(day, "unchanged", 0, List.of(), null);
    }

    // episodes of erased users, by lineage
    List<Row> hits = spark.read().parquet(lineageFile.toString()).select("episode_id", "user_key")
        .join(broadcast(spark.createDataset(new ArrayList<>(owner.keySet()), Encoders.STRING()).toDF("__k")),
            col("user_key").equalTo(col("__k")), "left_semi")
        .collectAsList();
    if (hits.isEmpty()) {
      return new EraseResult.VersionOutcome(day, "unchanged", 0, List.of(), null);
    }
    Set<String> episodeIds = new HashSet<>();
    Set<String> hitKeys = new HashSet<>();
    for (Row r : hits) {
      episodeIds.add(r.getString(0));
      hitKeys.add(r.getString(1));
      removedByOwner.merge(owner.get(r.getString(1)), 1L, Long::sum);
    }

    // where they are: every shard's episode_id column, not only where the lineage points
    Map<String, ShardInfo> byFile = new HashMap<>();
    for (ShardInfo s : reader.shards()) {
      byFile.put(fs.makeQualified(new Path(reader.pathOf(s))).toUri().getPath(), s);
    }
    Map<String, Set<String>> dropByShard = locate(reader, byFile, episodeIds);
    long located = dropByShard.values().stream().mapToLong(Set::size).sum();
    if (located != episodeIds.size()) {
      LOG.warn("version {}: lineage names {} erased episode(s), the shards hold {}", day, episodeIds.size(), located);
    }

    // stage a complete copy: rewritten shards, byte copies of the rest, other files as they are
    JsonNode oldManifest = reader.manifest();
    PublishConfig writer = writerSettings(oldManifest);
    List<ShardRewrite.Job> jobs = new ArrayList<>();
    for (ShardInfo s : reader.shards()) {
      Set<String> drop = dropByShard.get(s.path());
      jobs.add(new ShardRewrite.Job(s.path(), drop == null ? null : new HashSet<>(drop), ShardRewrite.Kind.SHARD,
          drop == null ? -1 : drop.size()));
    }
    for (String rel : otherFiles(fs, vc.version(), reader)) {
      jobs.add(new ShardRewrite.Job(rel, null, ShardRewrite.Kind.SHARD, -1));
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<ShardRewrite.Done> done = jsc.parallelize(jobs, Math.max(1, Math.min(jobs.size(), jsc.defaultParallelism())))
        .map(new ShardRewrite(vc.version().toString(), vc.stagedVersion().toString(), hadoop, writer)).collect();
    Map<String, ShardRewrite.Done> doneByPath = new HashMap<>();
    done.forEach(d -> doneByPath.put(d.rel(), d));
    ShardRewrite.Done lineage = new ShardRewrite(vc.lineage().toString(), vc.stagedLineage().toString(), hadoop,
        writer).call(new ShardRewrite.Job(LINEAGE_FILE, hitKeys, ShardRewrite.Kind.LINEAGE, hits.size()));

    // the new manifest
    ObjectNode manifest = oldManifest.deepCopy();
    List<ShardInfo> shards = new ArrayList<>();
    List<String> rewritten = new ArrayList<>();
    long removed = 0;
    for (JsonNode n : manifest.get("shards")) {
      ObjectNode so = (ObjectNode) n;
      String rel = so.get("path").asText();
      ShardRewrite.Done d = doneByPath.get(rel);
      if (d == null) {
        throw new IllegalStateException("shard " + rel + " was not staged");
      }
      if (dropByShard.containsKey(rel)) {
        so.put("rows", d.rows());
        so.put("bytes", d.bytes());
        so.put("sha256", d.sha256());
        rewritten.add(rel);
        removed += d.dropped();
      } else if (!d.sha256().equalsIgnoreCase(so.get("sha256").asText()) || d.bytes() != so.get("bytes").asLong()) {
        throw new IllegalStateException("shard " + rel + " does not match its manifest entry (damaged?): not copied");
      }
      shards.add(new ShardInfo(so.get("split").asText(), rel, so.get("rows").asLong(), so.get("bytes").asLong(),
          so.get("sha256").asText()));
    }
    if (removed != located) {
      throw new IllegalStateException("removed " + removed + " rows, located " + located);
    }
    long total = 0;
    ObjectNode splits = (ObjectNode) manifest.get("splits");
    for (String s : Splits.ALL) {
      long rows = shards.stream().filter(x -> x.split().equals(s)).mapToLong(ShardInfo::rows).sum();
      total += rows;
      if (splits != null && splits.get(s) instanceof ObjectNode so) {
        so.put("rows", rows);
        so.put("bytes", shards.stream().filter(x -> x.split().equals(s)).mapToLong(ShardInfo::bytes).sum());
      }
    }
    if (total != lineage.rows()) {
      throw new IllegalStateException("after erasure the shards hold " + total + " episodes, the lineage "
          + lineage.rows());
    }
    manifest.put("total_rows", total);
    manifest.put("total_bytes", shards.stream().mapToLong(ShardInfo::bytes).sum());
    if (manifest.get("counts") instanceof ObjectNode counts && counts.has("episodes.published")) {
      // the build's counts stay as built, except what is published now; `erase.episodes.removed` says why
      counts.put("episodes.published", counts.get("episodes.published").asLong() - removed);
      counts.put("erase.episodes.removed", counts.path("erase.episodes.removed").asLong(0) + removed);
    }
    ArrayNode erasures = manifest.has("erasures") && manifest.get("erasures").isArray()
        ? (ArrayNode) manifest.get("erasures") : manifest.putArray("erasures");
    ObjectNode e = erasures.addObject();
    e.put("erase_run", runId);
    e.put("erased_at", started.toString());
    e.put("users", hitKeys.size());
    e.put("episodes_removed", removed);
    e.put("lineage_rows_removed", lineage.dropped());
    e.put("shards_rewritten", rewritten.size());
    VersionCommitter.writeString(fs, new Path(vc.stagedVersion(), Publisher.CARD),
        VersionCommitter.renderCard(day, manifest));
    // the run report again, without the erased users' episodes (the old one is not copied)
    List<String> stagedShards = shards.stream().map(s -> new Path(vc.stagedVersion(), s.path()).toString()).toList();
    ReportFiles.write(fs, vc.stagedVersion(), ReportFiles.stats(
        ReportFiles.withUsers(spark, stagedShards, vc.stagedLineage().toString()), manifest,
        cfg.privacy().kAnonymity()));

    // verify the staged version, then make sure the erased episodes are gone from what will be visible
    vc.verify(vc.stagedVersion(), shards);
    vc.verify(vc.stagedLineage(), List.of(new ShardInfo("lineage", LINEAGE_FILE, lineage.rows(), lineage.bytes(),
        lineage.sha256())));
    String[] staged = rewritten.stream().map(r -> new Path(vc.stagedVersion(), r).toString()).toArray(String[]::new);
    long left = staged.length == 0 ? 0 : spark.read().schema(ID_ONLY).parquet(staged)
        .join(broadcast(spark.createDataset(new ArrayList<>(episodeIds), Encoders.STRING()).toDF("__e")),
            col("episode_id").equalTo(col("__e")), "left_semi").count();
    if (left != 0) {
      throw new IllegalStateException("staged shards of " + day + " still hold " + left + " erased episode(s)");
    }
    VersionCommitter.fault("erase-staged:" + day);

    vc.commit(manifest, marker);  // on failure the caller recovers
    LOG.info("version {}: removed {} episode(s) of {} user(s), rewrote {} shard(s)", day, removed, hitKeys.size(),
        rewritten.size());
    return new EraseResult.VersionOutcome(day, "rewritten", removed, List.copyOf(rewritten), null);
  }

  private static final StructType ID_ONLY = new StructType().add("episode_id", DataTypes.StringType, false);

  /** Shard path (relative) to the erased episode ids it holds. */
  private Map<String, Set<String>> locate(DatasetReader reader, Map<String, ShardInfo> byFile, Set<String> ids) {
    String[] paths = reader.shards().stream().map(reader::pathOf).toArray(String[]::new);
    List<Row> found = spark.read().schema(ID_ONLY).parquet(paths)
        .select(col("episode_id"), input_file_name().as("__file"))
        .join(broadcast(spark.createDataset(new ArrayList<>(ids), Encoders.STRING()).toDF("__e")),
            col("episode_id").equalTo(col("__e")), "left_semi")
        .collectAsList();
    Map<String, Set<String>> out = new TreeMap<>();
    for (Row r : found) {
      ShardInfo s = byFile.get(new Path(r.getString(1)).toUri().getPath());
      if (s == null) {
        throw new IllegalStateException("an erased episode was found in a file the manifest does not list");
      }
      if (!out.computeIfAbsent(s.path(), k -> new HashSet<>()).add(r.getString(0))) {
        throw new IllegalStateException("shard " + s.path() + " holds an episode twice");
      }
    }
    return out;
  }

  /** Files of the version folder besides the listed shards, the card, the manifest, the marker and the run report. */
  private static List<String> otherFiles(FileSystem fs, Path version, DatasetReader reader) throws IOException {
    Set<String> known = new HashSet<>(List.of(Publisher.CARD, Publisher.MANIFEST, Publisher.SUCCESS,
        ReportFiles.HTML, ReportFiles.JSON));
    reader.shards().forEach(s -> known.add(s.path()));
    String base = fs.makeQualified(version).toUri().getPath();
    List<String> other = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(version, true);
    while (it.hasNext()) {
      String p = it.next().getPath().toUri().getPath();
      String rel = p.substring(base.length() + 1);
      if (!known.contains(rel) && !new Path(p).getName().startsWith(".")) {
        other.add(rel);
      }
    }
    return other;
  }

  /** The writer settings the version was published with (from its manifest), over this job's defaults. */
  static PublishConfig writerSettings(JsonNode manifest) {
    JsonNode w = manifest.path("writer_settings");
    if (w.has("zstd_level") && w.get("zstd_level").asInt() != ParquetShards.ZSTD_LEVEL
        || w.has("page_bytes") && w.get("page_bytes").asInt() != ParquetShards.PAGE_BYTES) {
      throw new IllegalStateException("the version was written with other fixed writer settings than this job's");
    }
    if (!w.has("compression") || !w.has("row_group_bytes")) {
      throw new IllegalStateException("the manifest does not record the writer settings");
    }
    return new PublishConfig(1, 0, 0, Math.max(1, w.path("target_shard_bytes").asLong(1)),
        w.get("row_group_bytes").asLong(), w.get("compression").asText());
  }

  private void writeAudit(FileSystem fs, EraseResult result, List<Request> requests, Map<String, Long> ledgerRemoved,
                          Instant started, String cleanerError) {
    StringBuilder b = new StringBuilder();
    String now = Instant.now().toString();
    try {
      for (Request q : requests) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "request");
        o.put("run_id", result.runId());
        o.put("erased_at", started.toString());
        o.put("pseudonym", q.pseudonym);
        ArrayNode at = o.putArray("requested_at");
        q.requestedAt.forEach(t -> at.add(Instant.ofEpochMilli(t).toString()));
        o.put("request_rows", q.rows);
        o.put("episodes_removed", q.removed.values().stream().mapToLong(Long::longValue).sum());
        ArrayNode vs = o.putArray("versions");
        q.removed.forEach((v, n) -> vs.addObject().put("version", v).put("episodes_removed", n));
        b.append(JSON.writeValueAsString(o)).append('\n');
      }
      if (!ledgerRemoved.isEmpty()) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "ledger");
        o.put("run_id", result.runId());
        o.put("erased_at", started.toString());
        o.put("note", "episodes of users erased earlier (already in the ledger) that were still published");
        ArrayNode vs = o.putArray("versions");
        ledgerRemoved.forEach((v, n) -> vs.addObject().put("version", v).put("episodes_removed", n));
        b.append(JSON.writeValueAsString(o)).append('\n');
      }
      ObjectNode run = JSON.createObjectNode();
      run.put("type", "run");
      run.put("run_id", result.runId());
      run.put("started_at", started.toString());
      run.put("finished_at", now);
      run.put("csv_rows", result.csvRows());
      run.put("malformed_rows", result.malformedRows());
      run.set("malformed_by_file", JSON.valueToTree(result.malformedByFile()));
      run.put("users", result.users());
      run.put("ledger_added", result.ledgerAdded());
      run.put("episodes_removed", result.episodesRemoved());
      ArrayNode vs = run.putArray("versions");
      for (EraseResult.VersionOutcome v : result.versions()) {
        ObjectNode vo = vs.addObject().put("version", v.version()).put("status", v.status())
            .put("episodes_removed", v.episodesRemoved()).put("shards_rewritten", v.shardsRewritten().size());
        if (v.error() != null) {
          vo.put("error", v.error());
        }
      }
      if (cleanerError != null) {
        run.put("dedup_state_cleaner_error", cleanerError);
      }
      b.append(JSON.writeValueAsString(run)).append('\n');
      Path dst = new Path(result.auditPath());
      Path tmp = new Path(dst.getParent(), "." + dst.getName() + ".tmp");
      fs.mkdirs(dst.getParent());
      VersionCommitter.writeBytes(fs, tmp, b.toString().getBytes(StandardCharsets.UTF_8));
      if (!fs.rename(tmp, dst)) {
        throw new IOException("cannot rename " + tmp + " to " + dst);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the erasure audit " + result.auditPath(), e);
    }
  }
}
