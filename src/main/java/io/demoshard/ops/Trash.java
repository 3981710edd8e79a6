package io.demoshard.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demoshard.publish.Publisher;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Replaced versions kept for rollback: {@code OUT/_trash/<date>/<run_id>/} holds {@code version/}
 * (with its manifest and {@code _SUCCESS}), {@code lineage/}, {@code state/} (the night's dedup
 * state, when it had one) and {@code _kept_at} (epoch ms of the replacement, the order pruning
 * uses). {@code run_id} is the kept version's own run id (its manifest's). In-flight swap folders
 * {@code OUT/_trash/<date>-<run>/} are the committer's and are never listed here.
 */
public final class Trash {
  private static final Logger LOG = LoggerFactory.getLogger(Trash.class);
  private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  static final String KEPT_AT = "_kept_at";

  private Trash() {}

  /** One kept version. */
  public record Entry(String day, String runId, Path dir, long keptAt) {
    public Path version() {
      return new Path(dir, "version");
    }

    public Path lineage() {
      return new Path(dir, "lineage");
    }

    public Path state() {
      return new Path(dir, "state");
    }
  }

  public static Path dayDir(Path out, String day) {
    return new Path(new Path(out, Publisher.TRASH), day);
  }

  /**
   * Moves the committer's aside folder ({@code version/}, {@code lineage/}) to
   * {@code OUT/_trash/<day>/<runId>/} and {@code state} (the replaced version's dedup state, if it
   * exists) into it as {@code state/}; returns the entry folder.
   */
  public static Path keep(FileSystem fs, Path out, String day, String runId, Path aside, Path state)
      throws IOException {
    Path dir = dayDir(out, day);
    fs.mkdirs(dir);
    Path entry = new Path(dir, runId);
    for (int i = 2; fs.exists(entry); i++) {
      entry = new Path(dir, runId + "~" + i);
    }
    move(fs, aside, entry);
    if (state != null && fs.exists(state)) {
      move(fs, state, new Path(entry, "state"));
    }
    try (FSDataOutputStream os = fs.create(new Path(entry, KEPT_AT), true)) {
      os.write(Long.toString(System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8));
    }
    return entry;
  }

  /** The kept versions of {@code day}, oldest replacement first. */
  public static List<Entry> list(FileSystem fs, Path out, String day) throws IOException {
    Path dir = dayDir(out, day);
    List<Entry> found = new ArrayList<>();
    if (!fs.exists(dir)) {
      return found;
    }
    for (FileStatus st : fs.listStatus(dir)) {
      if (st.isDirectory()) {
        found.add(new Entry(day, st.getPath().getName(), st.getPath(), keptAt(fs, st.getPath())));
      }
    }
    found.sort(Comparator.comparingLong(Entry::keptAt).thenComparing(Entry::runId));
    return found;
  }

  /** Every date with kept versions. */
  public static List<String> days(FileSystem fs, Path out) throws IOException {
    Path trash = new Path(out, Publisher.TRASH);
    List<String> days = new ArrayList<>();
    if (fs.exists(trash)) {
      for (FileStatus st : fs.listStatus(trash)) {
        if (st.isDirectory() && DAY.matcher(st.getPath().getName()).matches()) {
          days.add(st.getPath().getName());
        }
      }
    }
    days.sort(null);
    return days;
  }

  /** Deletes all but the {@code keep} most recently replaced versions of {@code day}. */
  public static int prune(FileSystem fs, Path out, String day, int keep) throws IOException {
    List<Entry> entries = list(fs, out, day);
    int deleted = 0;
    for (int i = 0; i < entries.size() - keep; i++) {
      fs.delete(entries.get(i).dir(), true);
      deleted++;
    }
    if (list(fs, out, day).isEmpty()) {
      fs.delete(dayDir(out, day), true);
    }
    return deleted;
  }

  /**
   * Erasure: deletes every kept version that holds any of {@code userKeys} (pseudonyms, under the
   * master or a version key) or any user of the erasure ledger, and every one that cannot be
   * checked (unreadable lineage, or pseudonyms under a per-version key the ledger cannot match).
   * Returns the number of kept versions deleted.
   */
  public static int purgeForErasure(SparkSession spark, FileSystem fs, Path out, Set<String> userKeys,
                                    Set<String> ledger) throws IOException {
    Set<String> erased = new HashSet<>(userKeys);
    erased.addAll(ledger);
    int deleted = 0;
    for (String day : days(fs, out)) {
      for (Entry e : list(fs, out, day)) {
        String why = erasedIn(spark, fs, e, erased);
        if (why != null) {
          fs.delete(e.dir(), true);
          deleted++;
          LOG.info("erase: deleted the kept version {} ({})", e.dir(), why);
        }
      }
      prune(fs, out, day, Integer.MAX_VALUE);  // removes the day folder when empty
    }
    return deleted;
  }

  /**
   * Why a kept version must not be restored or kept given the erased pseudonyms (null when it
   * holds none of them).
   */
  static String erasedIn(SparkSession spark, FileSystem fs, Entry e, Set<String> erased) throws IOException {
    JsonNode manifest = manifest(fs, e);
    if (manifest == null) {
      return "no manifest";
    }
    if (manifest.path("pseudonym_key_per_version").asBoolean(false) && !erased.isEmpty()) {
      return "pseudonyms under a per-version key cannot be checked against the erasure ledger";
    }
    if (!fs.exists(e.lineage())) {
      return "no lineage";
    }
    long hits;
    try {
      List<Row> keys = spark.read().parquet(e.lineage().toString()).select("user_key").distinct().collectAsList();
      hits = keys.stream().filter(r -> !r.isNullAt(0) && erased.contains(r.getString(0))).count();
    } catch (RuntimeException ex) {
      return "unreadable lineage: " + ex.getMessage().lines().findFirst().orElse("");
    }
    return hits == 0 ? null : hits + " erased user(s)";
  }

  static JsonNode manifest(FileSystem fs, Entry e) throws IOException {
    Path m = new Path(e.version(), Publisher.MANIFEST);
    if (!fs.exists(m) || !fs.exists(new Path(e.version(), Publisher.SUCCESS))) {
      return null;
    }
    try (FSDataInputStream in = fs.open(m)) {
      return new ObjectMapper().readTree(in);
    }
  }

  private static long keptAt(FileSystem fs, Path entry) {
    Path p = new Path(entry, KEPT_AT);
    try (FSDataInputStream in = fs.open(p)) {
      return Long.parseLong(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
    } catch (IOException | NumberFormatException e) {
      return 0L;
    }
  }

  static void move(FileSystem fs, Path from, Path to) throws IOException {
    if (fs.exists(to)) {
      throw new IOException("cannot move " + from + ": " + to + " exists");
    }
    if (!fs.rename(from, to)) {
      throw new IOException("rename " + from + " -> " + to + " failed");
    }
  }
}
