package io.demoshard.publish;

import io.demoshard.model.Sha256;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demoshard.config.DemoshardConfig.PublishConfig;
import io.demoshard.spark.HadoopConf;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Stages, verifies and atomically swaps in one dataset version ({@code OUT/<date>} plus its
 * lineage {@code OUT/_lineage/<date>}): the commit protocol shared by {@link Publisher} (a new
 * build) and the erasure job (a rewrite of a published version). See {@link Publisher} for the
 * protocol; in short: everything is staged under {@code OUT/_staging/<runId>/{version,lineage}},
 * verified, the old folders are renamed into {@code OUT/_trash/<runId>/}, the staged ones renamed
 * into place, {@code manifest.json} written (temporary name, then rename) and {@code _SUCCESS}
 * (the manifest's SHA-256) last; the trash is deleted only after that. {@link #recover} repairs an
 * interrupted swap. Fault points (through {@link Publisher#faultHook}): {@code old-moved-aside},
 * {@code new-moved-in}, {@code manifest-written}, {@code committed}.
 */
public final class VersionCommitter {
  private static final Logger LOG = LoggerFactory.getLogger(VersionCommitter.class);

  private final SparkSession spark;
  private final HadoopConf hadoop;
  private final FileSystem fs;
  private final String day;
  private final String runId;
  private final Path out;
  private final Path version;
  private final Path lineage;
  private final Path staging;
  private final Path trash;
  /** Null for a rewrite (erasure): nothing replaced is kept, no shrink check. */
  private final PublishConfig publish;

  /** A rewrite of a published version (erasure): replaced files are deleted, never kept. */
  public VersionCommitter(SparkSession spark, HadoopConf hadoop, String outRoot, String day) throws IOException {
    this(spark, hadoop, outRoot, day, null);
  }

  /**
   * A publish: replacing a version is refused below {@code publish.max-shrink} of its rows, and the
   * replaced version is kept for {@code publish.keep-replaced} runs.
   */
  public VersionCommitter(SparkSession spark, HadoopConf hadoop, String outRoot, String day, PublishConfig publish)
      throws IOException {
    this.publish = publish;
    this.spark = spark;
    this.hadoop = hadoop;
    this.day = day;
    this.runId = newRunId(day);
    this.out = new Path(outRoot);
    this.fs = ParquetShards.fs(hadoop, out);
    this.version = new Path(out, day);
    this.lineage = new Path(new Path(out, Publisher.LINEAGE), day);
    this.staging = new Path(new Path(out, Publisher.STAGING), runId);
    this.trash = new Path(new Path(out, Publisher.TRASH), runId);
  }

  /** {@code <day>-<epoch ms base 36>-<8 hex>}: sorts by time within a day, as {@link #recover} relies on. */
  public static String newRunId(String day) {
    return day + "-" + Long.toString(System.currentTimeMillis(), 36) + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public String runId() {
    return runId;
  }

  public FileSystem fs() {
    return fs;
  }

  /** The committed location {@code OUT/<date>}. */
  public Path version() {
    return version;
  }

  /** The committed lineage folder {@code OUT/_lineage/<date>}. */
  public Path lineage() {
    return lineage;
  }

  /** Where the new version folder is built. */
  public Path stagedVersion() {
    return new Path(staging, "version");
  }

  /** Where the new lineage folder is built. */
  public Path stagedLineage() {
    return new Path(staging, "lineage");
  }

  /** Repairs {@code OUT/<date>} after an interrupted publish or rewrite (see {@link #recover(FileSystem, Path, String)}). */
  public void recover() throws IOException {
    recover(fs, out, day);
  }

  /** Re-reads every file from storage (on the executors): size, SHA-256 and footer row count must match. */
  public void verify(Path base, List<ShardInfo> files) {
    verify(spark, hadoop, base, files);
  }

  static void verify(SparkSession spark, HadoopConf hadoop, Path base, List<ShardInfo> files) {
    if (files.isEmpty()) {
      return;
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    HadoopConf h = hadoop;
    String b = base.toString();
    List<String> problems = jsc.parallelize(files, Math.max(1, Math.min(files.size(), jsc.defaultParallelism())))
        .map(s -> DatasetReader.check(h, new Path(b, s.path()), s))
        .filter(msg -> msg != null)
        .collect();
    if (!problems.isEmpty()) {
      throw new IllegalStateException("staged files failed verification: " + problems);
    }
  }

  /** The dataset card of a version, rendered from its manifest. */
  public static String renderCard(String day, JsonNode manifest) {
    return DatasetCard.render(day, manifest);
  }

  /** The manifest's JSON writer (indented), as every manifest is written. */
  public static ObjectMapper mapper() {
    return Publisher.mapper();
  }

  /** Calls {@link Publisher#faultHook} (test-only fault injection) with {@code point}. */
  public static void fault(String point) {
    Publisher.fault(point);
  }

  /** The content of {@code _SUCCESS} of a committed version, stripped, or null when there is none. */
  public String currentMarker() throws IOException {
    Path success = new Path(version, Publisher.SUCCESS);
    if (!fs.exists(success)) {
      return null;
    }
    try (FSDataInputStream in = fs.open(success)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
  }

  /**
   * Swaps the staged folders in and commits them with {@code manifest}.
   *
   * @param expectedMarker when not null, the {@code _SUCCESS} content the current version must still
   *     have (the version this rewrite was derived from); otherwise the commit is refused before
   *     anything moves, so a concurrent publish is never overwritten by a stale rewrite
   */
  public void commit(ObjectNode manifest, String expectedMarker) throws IOException {
    if (expectedMarker != null) {
      String now = currentMarker();
      if (!expectedMarker.equalsIgnoreCase(now == null ? "" : now)) {
        throw new IllegalStateException("version " + version + " changed while it was being rewritten; not committed");
      }
    }
    io.demoshard.ops.Lease.checkActive();
    Replacement replacing = publish == null ? null : checkShrink(manifest);
    fs.mkdirs(trash);
    if (fs.exists(version)) {
      rename(fs, version, new Path(trash, "version"));
    }
    if (fs.exists(lineage)) {
      rename(fs, lineage, new Path(trash, "lineage"));
    }
    fault("old-moved-aside");
    fs.mkdirs(lineage.getParent());
    rename(fs, stagedLineage(), lineage);
    rename(fs, stagedVersion(), version);
    fault("new-moved-in");
    byte[] json = mapper().writeValueAsBytes(manifest);
    Path tmp = new Path(version, "." + Publisher.MANIFEST + ".tmp");
    writeBytes(fs, tmp, json);
    rename(fs, tmp, new Path(version, Publisher.MANIFEST));
    fault("manifest-written");
    writeString(fs, new Path(version, Publisher.SUCCESS), marker(json) + "\n");
    fault("committed");
    if (replacing != null && publish.keepReplaced() > 0 && fs.exists(new Path(trash, "version"))) {
      // committed: keep the replaced version (with its dedup state) for rollback
      Path kept = io.demoshard.ops.Trash.keep(fs, out, day, replacing.oldRunId(), trash,
          io.demoshard.dedup.DedupState.nightDir(out.toString(), java.time.LocalDate.parse(day)));
      io.demoshard.ops.Trash.prune(fs, out, day, publish.keepReplaced());
      System.err.println("demoshard: replaced version " + day + "; the previous one is kept in " + kept
          + " (undo: scripts/demoshard rollback --out " + out + " --date " + day + " --run " + kept.getName() + ")");
    } else if (replacing != null) {
      System.err.println("demoshard: replaced version " + day + "; the previous one is deleted"
          + " (publish.keep-replaced = 0)");
    }
    // committed: the old version is no longer needed (or was moved to the kept trash above)
    fs.delete(trash, true);
    fs.delete(staging, true);
  }

  /** Old and new rows per split of a version being replaced. */
  public record Replacement(String day, String oldRunId, Map<String, Long> oldRows, Map<String, Long> newRows) {
    public long oldTotal() {
      return oldRows.values().stream().mapToLong(Long::longValue).sum();
    }

    public long newTotal() {
      return newRows.values().stream().mapToLong(Long::longValue).sum();
    }

    public String describe() {
      StringBuilder b = new StringBuilder("replacing version " + day + " (run " + oldRunId + "): rows");
      for (String s : Splits.ALL) {
        b.append(' ').append(s).append(' ').append(oldRows.getOrDefault(s, 0L)).append(" -> ")
            .append(newRows.getOrDefault(s, 0L)).append(',');
      }
      return b.append(" total ").append(oldTotal()).append(" -> ").append(newTotal()).toString();
    }
  }

  /**
   * Null when no committed version exists; otherwise the row counts, after refusing a new version
   * with fewer than {@code publish.max-shrink} of the old rows (all splits together).
   */
  private Replacement checkShrink(ObjectNode manifest) throws IOException {
    Path oldManifest = new Path(version, Publisher.MANIFEST);
    if (currentMarker() == null || !fs.exists(oldManifest)) {
      return null;
    }
    JsonNode old;
    try (FSDataInputStream in = fs.open(oldManifest)) {
      old = mapper().readTree(in);
    }
    Replacement r = new Replacement(day, old.path("run_id").asText(runId), rows(old), rows(manifest));
    System.err.println("demoshard: " + r.describe());
    if (r.oldTotal() > 0 && r.newTotal() < publish.maxShrink() * r.oldTotal()) {
      throw new IllegalStateException("refusing to replace version " + day + " (" + r.oldTotal() + " rows) with "
          + r.newTotal() + " rows, fewer than publish.max-shrink = " + publish.maxShrink() + " of them: check --raw and"
          + " --date; rerun with --force to replace it anyway");
    }
    return r;
  }

  private static Map<String, Long> rows(JsonNode manifest) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (String s : Splits.ALL) {
      m.put(s, manifest.path("splits").path(s).path("rows").asLong(0));
    }
    return m;
  }

  /** The commit marker's content for manifest bytes: their lower-case hex SHA-256. */
  public static String marker(byte[] manifestJson) {
    return Sha256.hex(manifestJson);
  }

  /**
   * Brings {@code OUT/<date>} back to a committed state (or absent) after a failed or crashed
   * publish or rewrite: a version folder without {@code _SUCCESS} (and the lineage that came with
   * it) is removed, and a version left in the trash by the interrupted swap is renamed back.
   * Staging and trash folders of the date are then deleted.
   */
  public static void recover(FileSystem fs, Path out, String day) throws IOException {
    Path version = new Path(out, day);
    Path lineage = new Path(new Path(out, Publisher.LINEAGE), day);
    List<Path> trashes = list(fs, new Path(out, Publisher.TRASH), day + "-");
    if (!fs.exists(new Path(version, Publisher.SUCCESS))) {
      Path restore = null;
      for (Path t : trashes) {  // run ids sort by time; the newest aside holds the last committed version
        if (fs.exists(new Path(t, "version/" + Publisher.SUCCESS))) {
          restore = t;
        }
      }
      boolean hadTorn = fs.exists(version);
      if (hadTorn) {
        fs.delete(version, true);
      }
      if (restore != null) {
        if (fs.exists(lineage) && fs.exists(new Path(restore, "lineage"))) {
          fs.delete(lineage, true);
        }
        if (fs.exists(new Path(restore, "lineage"))) {
          fs.mkdirs(lineage.getParent());
          rename(fs, new Path(restore, "lineage"), lineage);
        }
        rename(fs, new Path(restore, "version"), version);
        LOG.warn("restored the committed version of {} from {}", day, restore);
      } else if (fs.exists(lineage)) {
        // no committed version of this date exists: any lineage is from a torn run
        fs.delete(lineage, true);
      }
      if (hadTorn) {
        LOG.warn("removed an uncommitted version folder {}", version);
      }
    }
    for (Path t : trashes) {
      fs.delete(t, true);
    }
    for (Path s : list(fs, new Path(out, Publisher.STAGING), day + "-")) {
      fs.delete(s, true);
    }
  }

  private static List<Path> list(FileSystem fs, Path dir, String prefix) throws IOException {
    List<Path> found = new ArrayList<>();
    if (!fs.exists(dir)) {
      return found;
    }
    for (FileStatus st : fs.listStatus(dir)) {
      if (st.getPath().getName().startsWith(prefix)) {
        found.add(st.getPath());
      }
    }
    found.sort(Comparator.comparing(Path::getName));
    return found;
  }

  static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (fs.exists(to)) {
      throw new IOException("cannot rename " + from + ": " + to + " exists");
    }
    if (!fs.rename(from, to)) {
      throw new IOException("rename " + from + " -> " + to + " failed");
    }
  }

  public static void writeString(FileSystem fs, Path p, String s) throws IOException {
    writeBytes(fs, p, s.getBytes(StandardCharsets.UTF_8));
  }

  public static void writeBytes(FileSystem fs, Path p, byte[] b) throws IOException {
    try (FSDataOutputStream os = fs.create(p, true)) {
      os.write(b);
    }
  }
}
