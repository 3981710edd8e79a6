package io.demoshard.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demoshard.config.DemoshardConfig;
import io.demoshard.config.DemoshardConfig.PublishConfig;
import io.demoshard.model.Counts;
import io.demoshard.model.Schemas;
import io.demoshard.spark.HadoopConf;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

/**
 * The publish stage: splits episodes by user, attaches image bytes on the executors, packs
 * them into deterministic Parquet shards, writes the restricted lineage table, the manifest and
 * the dataset card, and commits the version atomically.
 *
 * <h2>Layout</h2>
 * <pre>
 * OUT/&lt;date&gt;/&lt;split&gt;/part-NNNNN.parquet   shards (split = train | val | test)
 * OUT/&lt;date&gt;/README.md                        dataset card
 * OUT/&lt;date&gt;/report.html, stats.json           run report (aggregates only; io.demoshard.report)
 * OUT/&lt;date&gt;/manifest.json                    the version's table of contents
 * OUT/&lt;date&gt;/_SUCCESS                         commit marker (holds the manifest's SHA-256)
 * OUT/_lineage/&lt;date&gt;/part-00000.parquet      restricted lineage, never shipped to training
 * OUT/_staging/, OUT/_trash/                    work folders; names starting with '_' are not versions
 * </pre>
 *
 * <h2>Commit protocol</h2>
 * Everything is written under {@code OUT/_staging/<date>-<run>/} and verified (every planned
 * shard present once, row counts from the Parquet footers, SHA-256 re-read from storage). Then:
 * the previous version and lineage (if any) are renamed aside into {@code OUT/_trash/<date>-<run>/},
 * the new lineage and version folders are renamed into place, {@code manifest.json} is written
 * (temporary name, then rename) and {@code _SUCCESS} last; only then is the old version deleted.
 * The protocol lives in {@link VersionCommitter}, which the erasure job shares. A version is
 * committed iff its {@code _SUCCESS} exists; {@link DatasetReader} refuses anything
 * else. Any failure rolls back: a folder without {@code _SUCCESS} is removed and the version in
 * the trash is renamed back. The same recovery runs at the start of every publish, so a crash
 * (no chance to roll back) is repaired by the next run. One publish per date at a time.
 *
 * <p>On file systems with atomic directory rename (local, HDFS) the swap leaves a short window in
 * which {@code OUT/<date>} is absent or uncommitted, never partial-and-committed. On object stores
 * (s3a, gcs) rename is a copy and not atomic: there the manifest plus {@code _SUCCESS} is the
 * commit point, and readers must read only the files the manifest lists (as {@link DatasetReader}
 * does), never list the folder.
 */
public final class Publisher {
  private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
  public static final String MANIFEST = "manifest.json";
  public static final String SUCCESS = "_SUCCESS";
  public static final String CARD = "README.md";
  public static final String STAGING = "_staging";
  public static final String TRASH = "_trash";
  public static final String LINEAGE = "_lineage";
  static final String REDACTED = "<redacted>";

  /**
   * Test-only fault injection: when set, called with the name of each step of a publish
   * ({@code shard-written:<path>} on executors in local mode, then {@code staged}, {@code verified},
   * {@code old-moved-aside}, {@code new-moved-in}, {@code manifest-written}, {@code committed});
   * throwing from it aborts the publish at that point. Null in production.
   */
  public static volatile Consumer<String> faultHook;

  static void fault(String point) {
    Consumer<String> h = faultHook;
    if (h != null) {
      h.accept(point);
    }
  }

  private final SparkSession spark;
  private final DemoshardConfig cfg;
  private final PublishConfig pub;
  private final HadoopConf hadoop;

  public Publisher(SparkSession spark, DemoshardConfig cfg, HadoopConf hadoop) {
    this.spark = spark;
    this.cfg = cfg;
    this.pub = cfg.publish();
    this.hadoop = hadoop;
  }

  /** Set by {@link #withPreCommitCheck}: runs on the staged version; throwing aborts the publish. */
  private java.util.function.BiConsumer<String, String> preCommitCheck;

  /**
   * A check of the staged, verified version (its folder and its lineage folder) before it
   * becomes visible, e.g. the privacy gate. Throwing from it leaves the previous version as it was.
   */
  public Publisher withPreCommitCheck(java.util.function.BiConsumer<String, String> check) {
    this.preCommitCheck = check;
    return this;
  }

  /** An episode as planned on the driver: its id, split and estimated size (nothing heavier). */
  record Planned(String episodeId, String split, long estBytes) {}

  /**
   * @param episodes      {@link Schemas#REDACTED_EPISODE} rows (privacy-scrubbed, deduplicated, frames redacted)
   * @param outRoot       the dataset root; the version goes to {@code outRoot/<date>}
   * @param counts        every stage's counts, written to the manifest
   * @param extraManifest more top-level manifest entries (must not collide with the stage's own)
   */
  public PublishResult publish(Dataset<Row> episodes, String outRoot, LocalDate date, Counts counts,
                               Map<String, Object> extraManifest) {
    requireSchema(episodes.schema());
    String day = date.toString();
    Path out = new Path(outRoot);
    VersionCommitter committer;
    FileSystem fs;
    try {
      committer = new VersionCommitter(spark, hadoop, outRoot, day, pub);
      fs = committer.fs();
      committer.recover();
    } catch (IOException e) {
      throw new IllegalStateException("cannot prepare " + out + ": " + e.getMessage(), e);
    }
    String runId = committer.runId();
    Path version = committer.version();

    // read twice (plan, then write): cache unless the caller already did, and only undo our own cache
    boolean cacheHere = !episodes.storageLevel().useMemory() && !episodes.storageLevel().useDisk();
    Dataset<Row> input = cacheHere ? episodes.persist(StorageLevel.MEMORY_AND_DISK()) : episodes;
    try {
      Path stagedVersion = committer.stagedVersion();
      Path stagedLineage = committer.stagedLineage();

      // 1. plan: split per user, each episode's size as written (metadata only reaches the driver).
      List<Planned> planned = plan(input);
      long overhead = fileOverhead();
      // 2. pack shards and write them on the executors. Episodes compress against their neighbours in a
      // shard too (e.g. screenshots of the same layout), which no per-episode size can see: when a split's
      // shards miss the target by more than 25%, its estimates are scaled by what was written and the
      // staged shards rewritten (at most SIZE_PASSES writes). Every step is a pure function of the input:
      // the same input gives the same passes and the same bytes.
      Map<String, Double> scale = new LinkedHashMap<>();
      Splits.ALL.forEach(sp -> scale.put(sp, 1.0));
      Layout layout;
      Map<Integer, ShardWriteTask.Written> written;
      int passes = 0;
      while (true) {
        layout = layout(planned, scale, overhead);
        written = write(input, layout, stagedVersion, fs);
        passes++;
        Map<String, Double> next = recalibrate(planned, layout, written, scale, overhead);
        if (next == null || passes >= SIZE_PASSES) {
          break;
        }
        LOG.info("shards off target after pass {}: size scale {} -> {}; rewriting", passes, scale, next);
        fs.delete(stagedVersion, true);  // staged only: nothing of it is visible yet
        scale.putAll(next);
      }
      List<String> shardPath = layout.shardPath();
      List<String> shardSplit = layout.shardSplit();
      List<Integer> shardRows = layout.shardRows();
      Map<String, Integer> gidOf = layout.gidOf();

      // 3. lineage, one row per planned episode, with where it went; written on an executor.
      ShardInfo lineageInfo = writeLineage(input, planned, gidOf, shardPath,
          new Path(stagedLineage, "part-00000.parquet"));

      // 4. the shard list, the card; then verify what is on storage.
      List<ShardInfo> shards = new ArrayList<>();
      for (int g = 0; g < shardPath.size(); g++) {
        ShardWriteTask.Written w = written.get(g);
        if (w == null) {
          throw new IllegalStateException("shard " + shardPath.get(g) + " was planned but not written");
        }
        if (w.rows() != shardRows.get(g)) {
          throw new IllegalStateException("shard " + shardPath.get(g) + " has " + w.rows() + " rows, planned "
              + shardRows.get(g) + " (episode_id not unique, or episodes changed between two reads)");
        }
        shards.add(new ShardInfo(shardSplit.get(g), shardPath.get(g), w.rows(), w.bytes(), w.sha256()));
      }
      Map<String, Long> rowsPerSplit = new LinkedHashMap<>();
      for (String s : Splits.ALL) {
        rowsPerSplit.put(s, shards.stream().filter(x -> x.split().equals(s)).mapToLong(ShardInfo::rows).sum());
      }
      long total = rowsPerSplit.values().stream().mapToLong(Long::longValue).sum();
      if (total != planned.size() || lineageInfo.rows() != total) {
        throw new IllegalStateException("row counts disagree: planned " + planned.size() + ", shards " + total
            + ", lineage " + lineageInfo.rows());
      }
      fault("staged");
      committer.verify(stagedVersion, shards);
      committer.verify(stagedLineage, List.of(lineageInfo));
      fault("verified");
      if (preCommitCheck != null) {
        preCommitCheck.accept(stagedVersion.toString(), stagedLineage.toString());
      }

      ObjectNode manifest = manifest(day, runId, shards, rowsPerSplit, total, counts, extraManifest, overhead);
      ObjectNode ws = (ObjectNode) manifest.get("writer_settings");
      ws.put("shard_size_passes", passes);
      ObjectNode sc = ws.putObject("shard_size_scale");
      scale.forEach(sc::put);
      writeString(fs, new Path(stagedVersion, CARD), DatasetCard.render(day, manifest));
      // the run report: aggregates of at least privacy.k-anonymity users, from the episodes in hand
      io.demoshard.report.ReportFiles.write(fs, stagedVersion,
          io.demoshard.report.ReportFiles.stats(input, manifest, cfg.privacy().kAnonymity()));

      // 5. commit.
      committer.commit(manifest, null);
      LOG.info("published {} episodes in {} shards to {}", total, shards.size(), version);
      return new PublishResult(version.toString(), new Path(version, MANIFEST).toString(), rowsPerSplit, total,
          List.copyOf(shards));
    } catch (RuntimeException | IOException | Error e) {
      try {
        committer.recover();
      } catch (IOException | RuntimeException re) {
        e.addSuppressed(re);
      }
      if (e instanceof RuntimeException re) {
        throw re;
      }
      if (e instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("publish of " + day + " failed: " + e.getMessage(), e);
    } finally {
      if (cacheHere) {
        input.unpersist(false);
      }
    }
  }

  // ------------------------------------------------------------------ planning

  private static void requireSchema(StructType s) {
    for (String c : Schemas.REDACTED_EPISODE.fieldNames()) {
      if (!Arrays.asList(s.fieldNames()).contains(c)) {
        throw new IllegalArgumentException("episodes lack column " + c + " (expected Schemas.REDACTED_EPISODE)");
      }
    }
    // Only redacted frames can be published: unredacted ones (Schemas.EPISODE) are refused here.
    if (!s.apply("frames").dataType().sameType(Schemas.REDACTED_EPISODE.apply("frames").dataType())
        || !s.apply("steps").dataType().sameType(Schemas.REDACTED_EPISODE.apply("steps").dataType())) {
      throw new IllegalArgumentException("episodes' steps/frames do not match Schemas.REDACTED_EPISODE"
          + " (frames must have gone through screenshot redaction)");
    }
  }

  private List<Planned> plan(Dataset<Row> input) {
    // each episode's bytes as the shard writer writes them (executors; images stay there)
    Column[] cols = new Column[ShardWriteTask.COLUMNS.length + 1];
    cols[0] = lit(-1).as("shard_gid");
    for (int i = 1; i < ShardWriteTask.COLUMNS.length; i++) {
      cols[i] = col(ShardWriteTask.COLUMNS[i]);
    }
    cols[cols.length - 1] = col("user_key");
    List<Row> meta = input.select(cols).mapPartitions(new ShardSizeEstimate(hadoop, pub),
        org.apache.spark.sql.Encoders.row(ShardSizeEstimate.OUT)).collectAsList();
    List<Planned> out = new ArrayList<>(meta.size());
    Set<String> seen = new HashSet<>();
    for (Row r : meta) {
      String id = r.getString(0);
      if (!seen.add(id)) {
        throw new IllegalArgumentException("episode_id " + id + " occurs twice: publish needs deduplicated episodes");
      }
      String userKey = r.getString(1);
      out.add(new Planned(id, Splits.of(userKey, pub), r.getLong(2)));
    }
    out.sort(Comparator.comparing(Planned::episodeId));
    return out;
  }

  /**
   * Bytes a shard costs besides its rows (magics, footer, footer length): measured on a one-row
   * shard written in memory, the complement of {@link ShardSizeEstimate}'s per-episode bytes.
   */
  long fileOverhead() {
    try {
      MessageType type = ParquetShards.shardMessageType(Schemas.SHARD);
      ParquetShards.MemoryFile mem = new ParquetShards.MemoryFile();
      Row step = RowFactory.create(0, 0L, "click", 1, 1, null, null, 0.5, 0.5, null, null, "left", null, null, null,
          null, null, 0);
      Row frame = RowFactory.create(0, 0L, 1, 1, "png", RowFactory.create(new byte[] {1}, "x/0.png"), 0L, 0);
      Row row = RowFactory.create("x", Schemas.SCHEMA_VERSION, "app", List.of("app"), null, "linux", 1, 1, 0L, 1, 1,
          List.of(step), List.of(frame));
      try (ParquetWriter<Group> w = ParquetShards.open(mem, type, pub, ParquetShards.shardMetadata(), hadoop.get())) {
        w.write(ParquetShards.toGroup(new SimpleGroupFactory(type), Schemas.SHARD, row));
      }
      return ShardSizeEstimate.fixedBytes(mem.bytes());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------ shard layout and writing

  /** Shard writes a publish may do: the first, then up to two rewrites after recalibrating the sizes. */
  static final int SIZE_PASSES = 3;

  /** Where every episode goes: shard {@code gid} has path, split and planned rows. */
  record Layout(List<String> shardPath, List<String> shardSplit, List<Integer> shardRows, Map<String, Integer> gidOf) {}

  private Layout layout(List<Planned> planned, Map<String, Double> scale, long overhead) {
    ShardPlanner planner = new ShardPlanner(pub.targetShardBytes(), overhead);
    List<String> shardPath = new ArrayList<>();      // gid -> relative path
    List<String> shardSplit = new ArrayList<>();
    List<Integer> shardRows = new ArrayList<>();
    Map<String, Integer> gidOf = new HashMap<>();
    for (String split : Splits.ALL) {
      double k = scale.get(split);
      List<ShardPlanner.Item> items = planned.stream().filter(p -> p.split().equals(split))
          .map(p -> new ShardPlanner.Item(p.episodeId(), Math.round(p.estBytes() * k))).toList();
      int n = 0;
      for (List<String> ids : planner.plan(items)) {
        int gid = shardPath.size();
        shardPath.add(split + "/" + String.format(Locale.ROOT, "part-%05d.parquet", n++));
        shardSplit.add(split);
        shardRows.add(ids.size());
        for (String id : ids) {
          gidOf.put(id, gid);
        }
      }
    }
    return new Layout(shardPath, shardSplit, shardRows, gidOf);
  }

  /** Writes the shards of {@code layout} into {@code stagedVersion} (executors; an empty shard on the driver). */
  private Map<Integer, ShardWriteTask.Written> write(Dataset<Row> input, Layout layout, Path stagedVersion,
                                                     FileSystem fs) throws IOException {
    Map<Integer, String> nonEmpty = new HashMap<>();
    for (int g = 0; g < layout.shardPath().size(); g++) {
      if (layout.shardRows().get(g) > 0) {
        nonEmpty.put(g, layout.shardPath().get(g));
      }
    }
    Map<Integer, ShardWriteTask.Written> written = new HashMap<>();
    if (!nonEmpty.isEmpty()) {
      List<Row> assign = new ArrayList<>(layout.gidOf().size());
      layout.gidOf().forEach((id, g) -> assign.add(RowFactory.create(id, g)));
      StructType assignSchema = new StructType()
          .add("episode_id", DataTypes.StringType, false).add("shard_gid", DataTypes.IntegerType, false);
      Dataset<Row> toWrite = input.join(broadcast(spark.createDataFrame(assign, assignSchema)), "episode_id")
          .repartition(nonEmpty.size(), col("shard_gid"))
          .sortWithinPartitions("shard_gid", "episode_id")
          .select(Arrays.stream(ShardWriteTask.COLUMNS).map(c -> col(c)).toArray(Column[]::new));
      List<ShardWriteTask.Written> results = toWrite.javaRDD()
          .mapPartitions(new ShardWriteTask(nonEmpty, stagedVersion.toString(), hadoop, pub))
          .collect();
      for (ShardWriteTask.Written w : results) {
        if (written.put(w.gid(), w) != null) {
          throw new IllegalStateException("shard " + layout.shardPath().get(w.gid()) + " written twice");
        }
      }
    }
    // an empty split still gets one (empty) shard, so every split has a file with the schema
    for (int g = 0; g < layout.shardPath().size(); g++) {
      if (layout.shardRows().get(g) == 0) {
        written.put(g, writeEmptyShard(fs, new Path(stagedVersion, layout.shardPath().get(g)), g));
      }
    }
    return written;
  }

  /**
   * Null when every shard but the last of each split is within 25% of the target; otherwise the new
   * size scale of every split, the off-target ones corrected by (bytes written / bytes estimated) of
   * their rows, so that the next packing aims at what the writer really produces.
   */
  private Map<String, Double> recalibrate(List<Planned> planned, Layout layout,
                                          Map<Integer, ShardWriteTask.Written> written, Map<String, Double> scale,
                                          long overhead) {
    long target = pub.targetShardBytes();
    Map<String, Long> estOf = new HashMap<>();
    planned.forEach(p -> estOf.put(p.episodeId(), p.estBytes()));
    Map<String, Double> next = new LinkedHashMap<>(scale);
    boolean changed = false;
    for (String split : Splits.ALL) {
      List<Integer> gids = new ArrayList<>();
      for (int g = 0; g < layout.shardPath().size(); g++) {
        if (layout.shardSplit().get(g).equals(split)) {
          gids.add(g);
        }
      }
      boolean off = false;
      for (int i = 0; i < gids.size() - 1; i++) {
        long b = written.get(gids.get(i)).bytes();
        off |= b < target - target / 4 || b > target + target / 4;
      }
      if (!off) {
        continue;
      }
      long actual = 0;
      long estimated = 0;
      for (int g : gids) {
        actual += Math.max(0, written.get(g).bytes() - overhead);
      }
      for (Map.Entry<String, Integer> e : layout.gidOf().entrySet()) {
        if (layout.shardSplit().get(e.getValue()).equals(split)) {
          estimated += Math.round(estOf.get(e.getKey()) * scale.get(split));
        }
      }
      if (actual > 0 && estimated > 0) {
        next.put(split, scale.get(split) * actual / estimated);
        changed = true;
      }
    }
    return changed ? next : null;
  }

  // ------------------------------------------------------------------ writing on the driver (no images)

  private ShardWriteTask.Written writeEmptyShard(FileSystem fs, Path p, int gid) throws IOException {
    fs.mkdirs(p.getParent());
    ParquetShards.DigestingFile f = new ParquetShards.DigestingFile(fs, p);
    MessageType type = ParquetShards.shardMessageType(Schemas.SHARD);
    ParquetShards.open(f, type, pub, ParquetShards.shardMetadata(), hadoop.get()).close();
    return new ShardWriteTask.Written(gid, 0, f.bytes(), f.sha256());
  }

  private ShardInfo writeLineage(Dataset<Row> input, List<Planned> planned, Map<String, Integer> gidOf,
                                 List<String> shardPath, Path dest) throws IOException {
    if (planned.isEmpty()) {
      return LineageWriteTask.write(dest, java.util.Collections.emptyIterator(), hadoop, pub);
    }
    List<Row> where = new ArrayList<>(planned.size());
    for (Planned p : planned) {
      String rel = shardPath.get(gidOf.get(p.episodeId()));
      where.add(RowFactory.create(p.episodeId(), p.split(), rel.substring(rel.lastIndexOf('/') + 1)));
    }
    StructType whereSchema = new StructType().add("episode_id", DataTypes.StringType, false)
        .add("split", DataTypes.StringType, false).add("shard", DataTypes.StringType, false);
    Dataset<Row> rows = input.join(broadcast(spark.createDataFrame(where, whereSchema)), "episode_id")
        .select(col("episode_id"), col("user_key"), col("session_id"), col("start_ts"), col("end_ts"), col("split"),
            col("shard"), col("step_event_ids"), col("frames.frame_id").as("frame_ids"))
        .repartition(1)
        .sortWithinPartitions("episode_id");
    return rows.javaRDD().mapPartitions(new LineageWriteTask(dest.toString(), hadoop, pub)).collect().get(0);
  }

  // ------------------------------------------------------------------ manifest

  private ObjectNode manifest(String day, String runId, List<ShardInfo> shards, Map<String, Long> rowsPerSplit,
                              long total, Counts counts, Map<String, Object> extra, long overhead) throws IOException {
    ObjectMapper om = mapper();
    ObjectNode m = om.createObjectNode();
    m.put("dataset", "demoshard");
    m.put("schema_version", Schemas.SCHEMA_VERSION);
    m.put("date", day);
    m.put("run_id", runId);
    m.put("created_at", Instant.now().toString());
    ObjectNode by = m.putObject("created_by");
    by.put("name", "demoshard");
    by.put("version", codeVersion());
    by.put("writer", "parquet-hadoop " + parquetVersion());
    m.set("shard_schema", om.readTree(Schemas.SHARD.json()));
    m.put("format", "parquet");
    ObjectNode w = m.putObject("writer_settings");
    w.put("compression", ParquetShards.codec(pub.compression()).name().toLowerCase(Locale.ROOT));
    w.put("zstd_level", ParquetShards.ZSTD_LEVEL);
    w.put("row_group_bytes", pub.rowGroupBytes());
    w.put("page_bytes", ParquetShards.PAGE_BYTES);
    w.put("target_shard_bytes", pub.targetShardBytes());
    w.put("file_overhead_bytes", overhead);
    w.put("row_order", "episode_id");
    ObjectNode splits = m.putObject("splits");
    for (String s : Splits.ALL) {
      ObjectNode so = splits.putObject(s);
      so.put("rows", rowsPerSplit.get(s));
      so.put("bytes", shards.stream().filter(x -> x.split().equals(s)).mapToLong(ShardInfo::bytes).sum());
      so.put("shards", shards.stream().filter(x -> x.split().equals(s)).count());
    }
    ObjectNode ratios = m.putObject("split_ratios");
    ratios.put("train", pub.trainRatio());
    ratios.put("val", pub.valRatio());
    ratios.put("test", pub.testRatio());
    m.put("split_by", "sha256(\"demoshard-split:\" + user_key)");
    m.put("total_rows", total);
    m.put("total_bytes", shards.stream().mapToLong(ShardInfo::bytes).sum());
    ArrayNode arr = m.putArray("shards");
    for (ShardInfo s : shards) {
      ObjectNode so = arr.addObject();
      so.put("split", s.split());
      so.put("path", s.path());
      so.put("rows", s.rows());
      so.put("bytes", s.bytes());
      so.put("sha256", s.sha256());
    }
    m.set("config", redact(om.readTree(cfg.renderedJson())));
    m.put("config_digest", cfg.digest());
    m.set("counts", om.valueToTree(counts == null ? Map.of() : counts.asMap()));
    if (extra != null) {
      for (Map.Entry<String, Object> e : new java.util.TreeMap<>(extra).entrySet()) {
        if (m.has(e.getKey())) {
          throw new IllegalArgumentException("extraManifest key " + e.getKey() + " collides with a manifest field");
        }
        m.set(e.getKey(), om.valueToTree(e.getValue()));
      }
    }
    return m;
  }

  static ObjectMapper mapper() {
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  /** Name segments that make a setting a credential when they end its name ({@code password}, {@code sas-token}). */
  private static final Set<String> CREDENTIALS = Set.of("key", "secret", "password", "passwd", "passphrase",
      "token", "credential", "credentials", "signature", "sas");
  /** Segments after a credential segment that still name it: where it is kept ({@code key-file}, {@code key-env}). */
  private static final Set<String> LOCATORS = Set.of("file", "path", "env", "ref", "uri", "url");

  /**
   * Whether a setting's value is (or locates) a credential. Matched on whole name segments (split at
   * {@code - _ .} and camelCase) at the end of the name, so {@code key-file}, {@code key-env},
   * {@code fs.s3a.secret.key} and {@code keyStorePassword} are, while {@code key-repeat-gap},
   * {@code secret-min-length} and {@code key-per-version} (settings about keys) are not.
   */
  static boolean isCredential(String name) {
    List<String> seg = java.util.Arrays.stream(name.split("[-_.]|(?<=[a-z0-9])(?=[A-Z])"))
        .filter(x -> !x.isEmpty()).map(x -> x.toLowerCase(Locale.ROOT)).toList();
    if (seg.isEmpty()) {
      return false;
    }
    String last = seg.get(seg.size() - 1);
    return CREDENTIALS.contains(last)
        || (seg.size() >= 2 && LOCATORS.contains(last) && CREDENTIALS.contains(seg.get(seg.size() - 2)));
  }

  /** Replaces the value of every setting named like a credential (see {@link #isCredential}), at any depth. */
  static JsonNode redact(JsonNode n) {
    if (n instanceof ObjectNode o) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      for (String k : names) {
        if (isCredential(k)) {
          o.put(k, REDACTED);
        } else {
          redact(o.get(k));
        }
      }
    } else if (n instanceof ArrayNode a) {
      a.forEach(Publisher::redact);
    }
    return n;
  }

  /** The project version, as {@code demoshard -V} prints it. */
  static String codeVersion() {
    return io.demoshard.BuildInfo.VERSION;
  }

  private static String parquetVersion() {
    Package p = ParquetWriter.class.getPackage();
    String v = p == null ? null : p.getImplementationVersion();
    return v == null ? "unknown" : v;
  }

  // ------------------------------------------------------------------ commit & recovery

  /** See {@link VersionCommitter#recover(FileSystem, Path, String)}. */
  static void recover(FileSystem fs, Path out, String day) throws IOException {
    VersionCommitter.recover(fs, out, day);
  }

  static void writeString(FileSystem fs, Path p, String s) throws IOException {
    writeBytes(fs, p, s.getBytes(StandardCharsets.UTF_8));
  }

  static void writeBytes(FileSystem fs, Path p, byte[] b) throws IOException {
    try (FSDataOutputStream os = fs.create(p, true)) {
      os.write(b);
    }
  }

  /** For callers that want the planned split of a user without publishing. */
  public String splitOf(String userKey) {
    return Splits.of(userKey, pub);
  }
}
