package io.demoshard.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.demoshard.model.Sha256;
import io.demoshard.publish.Publisher;
import io.demoshard.publish.Splits;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Read-only look at an output root, on the driver through the Hadoop FileSystem API (no Spark):
 * the published versions {@code OUT/<date>/} with their manifest summary and the state of their
 * commit marker, judged as {@link io.demoshard.publish.DatasetReader} judges it (a version is
 * readable iff {@code _SUCCESS} and {@code manifest.json} exist and the marker holds the
 * manifest's SHA-256; an empty marker is accepted, as older versions wrote one).
 */
public final class VersionInspector {
  private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  /** What {@code _SUCCESS} says about a version folder. */
  public enum Commit {
    VALID("valid"), EMPTY_MARKER("valid (empty marker)"), NO_MARKER("NO _SUCCESS: not committed"),
    NO_MANIFEST("NO manifest.json"), MISMATCH("MISMATCH: _SUCCESS does not hold the manifest's SHA-256"),
    UNREADABLE_MANIFEST("manifest.json is not JSON");

    private final String text;

    Commit(String text) {
      this.text = text;
    }

    /** Whether a reader (DatasetReader) accepts the version. */
    public boolean readable() {
      return this == VALID || this == EMPTY_MARKER;
    }

    public String text() {
      return text;
    }
  }

  /** Rows, bytes and shards of one split. */
  public record SplitSummary(long rows, long bytes, long shards) {}

  /**
   * One version folder. {@code manifest} is null when there is none or it is not JSON.
   *
   * @param redaction {@code yes}, {@code no} or {@code unknown} (manifest {@code frames_text_redacted})
   * @param erasures  erasure runs applied to this version (manifest {@code erasures})
   * @param kept      replaced versions of this date kept for rollback ({@code OUT/_trash/<date>/})
   */
  public record Version(String date, Path dir, Commit commit, JsonNode manifest, String runId, String created,
                        Map<String, SplitSummary> splits, String redaction, int erasures, int kept) {
    public long totalRows() {
      return splits.values().stream().mapToLong(SplitSummary::rows).sum();
    }

    public long totalBytes() {
      return splits.values().stream().mapToLong(SplitSummary::bytes).sum();
    }
  }

  /** A listed shard and what storage holds for it. */
  public record Shard(String split, String path, long rows, long bytes, String sha256, Long storedBytes) {
    /** {@code ok}, {@code MISSING} or {@code SIZE <n>} (size check only; {@code DatasetReader.verifyChecksums} hashes). */
    public String storage() {
      if (storedBytes == null) {
        return "MISSING";
      }
      return storedBytes == bytes ? "ok" : "SIZE " + storedBytes;
    }
  }

  private final FileSystem fs;
  private final Path out;

  public VersionInspector(FileSystem fs, Path out) {
    this.fs = fs;
    this.out = out;
  }

  /** Every {@code OUT/<YYYY-MM-DD>} folder, oldest date first (torn and uncommitted ones included). */
  public List<Version> list() throws IOException {
    List<Version> found = new ArrayList<>();
    if (!fs.exists(out)) {
      throw new FileNotFoundException("no output root " + out);
    }
    List<String> days = new ArrayList<>();
    for (FileStatus st : fs.listStatus(out)) {
      if (st.isDirectory() && DAY.matcher(st.getPath().getName()).matches()) {
        days.add(st.getPath().getName());
      }
    }
    days.sort(null);
    for (String d : days) {
      found.add(version(d));
    }
    return found;
  }

  /** One version folder; {@link FileNotFoundException} when {@code OUT/<date>} does not exist. */
  public Version version(String day) throws IOException {
    Path dir = new Path(out, day);
    if (!fs.exists(dir)) {
      throw new FileNotFoundException("no version " + day + " under " + out + " (see: inspect --out " + out + ")");
    }
    Path man = new Path(dir, Publisher.MANIFEST);
    Path success = new Path(dir, Publisher.SUCCESS);
    byte[] manBytes = fs.exists(man) ? read(man) : null;
    JsonNode m = null;
    Commit commit;
    if (manBytes == null) {
      commit = Commit.NO_MANIFEST;
    } else {
      try {
        m = io.demoshard.publish.VersionCommitter.mapper().readTree(manBytes);
      } catch (IOException e) {
        m = null;
      }
      if (m == null || !m.isObject()) {
        m = null;
        commit = Commit.UNREADABLE_MANIFEST;
      } else if (!fs.exists(success)) {
        commit = Commit.NO_MARKER;
      } else {
        String marker = new String(read(success), StandardCharsets.UTF_8).strip();
        commit = marker.isEmpty() ? Commit.EMPTY_MARKER
            : marker.equalsIgnoreCase(Sha256.hex(manBytes)) ? Commit.VALID : Commit.MISMATCH;
      }
    }
    Map<String, SplitSummary> splits = new LinkedHashMap<>();
    String runId = null;
    String created = null;
    String redaction = "unknown";
    int erasures = 0;
    if (m != null) {
      for (String s : Splits.ALL) {
        JsonNode so = m.path("splits").path(s);
        splits.put(s, new SplitSummary(so.path("rows").asLong(0), so.path("bytes").asLong(0),
            so.path("shards").asLong(0)));
      }
      runId = m.path("run_id").asText(null);
      created = m.path("created_at").asText(null);
      JsonNode red = m.get("frames_text_redacted");
      redaction = red == null ? "unknown" : red.asBoolean(false) ? "yes" : "no";
      erasures = m.path("erasures").isArray() ? m.get("erasures").size() : 0;
    }
    int kept = Trash.list(fs, out, day).size();
    return new Version(day, dir, commit, m, runId, created, splits, redaction, erasures, kept);
  }

  /** The shards the manifest lists, each with the size storage reports for it (no file is read). */
  public List<Shard> shards(Version v) throws IOException {
    List<Shard> shards = new ArrayList<>();
    if (v.manifest() == null || !v.manifest().path("shards").isArray()) {
      return shards;
    }
    for (JsonNode s : v.manifest().get("shards")) {
      Path p = new Path(v.dir(), s.path("path").asText());
      Long stored;
      try {
        stored = fs.getFileStatus(p).getLen();
      } catch (FileNotFoundException e) {
        stored = null;
      }
      shards.add(new Shard(s.path("split").asText(), s.path("path").asText(), s.path("rows").asLong(),
          s.path("bytes").asLong(), s.path("sha256").asText(), stored));
    }
    return shards;
  }

  // ------------------------------------------------------------------ rendering

  /** The version table of {@code inspect --out OUT}. */
  public static String renderList(Path out, List<Version> versions) {
    StringBuilder b = new StringBuilder();
    b.append("versions under ").append(out).append(": ").append(versions.size()).append('\n');
    if (versions.isEmpty()) {
      return b.toString();
    }
    String fmt = "%-10s  %-28s  %-20s  %-18s  %-18s  %-20s  %-9s  %-8s  %-4s  %s%n";
    b.append(String.format(Locale.ROOT, fmt, "date", "run id", "train rows/bytes", "val rows/bytes",
        "test rows/bytes", "created", "redacted", "erasures", "kept", "_SUCCESS"));
    for (Version v : versions) {
      b.append(String.format(Locale.ROOT, fmt, v.date(), v.runId() == null ? "-" : v.runId(),
          split(v, "train"), split(v, "val"), split(v, "test"), v.created() == null ? "-" : trimMillis(v.created()),
          v.redaction(), v.erasures(), v.kept(), v.commit().text()));
    }
    long unreadable = versions.stream().filter(v -> !v.commit().readable()).count();
    if (unreadable > 0) {
      b.append(unreadable).append(" folder(s) are not readable versions; the next publish of that date repairs"
          + " or replaces them\n");
    }
    b.append("details: inspect --out ").append(out).append(" --date YYYY-MM-DD\n");
    return b.toString();
  }

  /** The detail of {@code inspect --out OUT --date D}. */
  public static String renderDetail(Version v, List<Shard> shards) {
    StringBuilder b = new StringBuilder();
    JsonNode m = v.manifest();
    b.append("version     ").append(v.dir()).append('\n');
    b.append("_SUCCESS    ").append(v.commit().text()).append('\n');
    if (m == null) {
      return b.append("no readable manifest: nothing more to show\n").toString();
    }
    b.append("run id      ").append(v.runId()).append('\n');
    b.append("created     ").append(v.created()).append(" by ").append(m.path("created_by").path("name").asText("?"))
        .append(' ').append(m.path("created_by").path("version").asText("?")).append('\n');
    b.append("schema      ").append(m.path("schema_version").asText("?")).append(", ")
        .append(m.path("format").asText("?")).append(", ").append(m.path("writer_settings").path("compression")
            .asText("?")).append(", target shard ").append(human(m.path("writer_settings").path("target_shard_bytes")
            .asLong(0))).append('\n');
    b.append("redaction   frames_text_redacted=").append(v.redaction());
    if (m.has("screenshot_redaction")) {
      b.append(", screenshots: ").append(oneLine(m.get("screenshot_redaction")));
    }
    b.append('\n');
    b.append("config      digest ").append(m.path("config_digest").asText("?")).append('\n');
    b.append(String.format(Locale.ROOT, "%-6s %8s %12s %7s%n", "split", "rows", "bytes", "shards"));
    for (Map.Entry<String, SplitSummary> e : v.splits().entrySet()) {
      SplitSummary s = e.getValue();
      b.append(String.format(Locale.ROOT, "%-6s %8d %12s %7d%n", e.getKey(), s.rows(), human(s.bytes()), s.shards()));
    }
    b.append(String.format(Locale.ROOT, "%-6s %8d %12s%n", "total", v.totalRows(), human(v.totalBytes())));
    b.append("shards (").append(shards.size()).append("):\n");
    for (Shard s : shards) {
      b.append(String.format(Locale.ROOT, "  %-28s %6d rows %12s  sha256 %s  storage %s%n", s.path(), s.rows(),
          human(s.bytes()), s.sha256().length() > 12 ? s.sha256().substring(0, 12) : s.sha256(), s.storage()));
    }
    if (m.path("erasures").isArray() && m.get("erasures").size() > 0) {
      b.append("erasures applied (").append(m.get("erasures").size()).append("):\n");
      for (JsonNode e : m.get("erasures")) {
        b.append("  ").append(e.path("erased_at").asText("?")).append(": ").append(e.path("users").asLong())
            .append(" user(s), ").append(e.path("episodes_removed").asLong()).append(" episode(s) removed, ")
            .append(e.path("shards_rewritten").asLong()).append(" shard(s) rewritten\n");
      }
    } else {
      b.append("erasures applied: none\n");
    }
    b.append("kept for rollback: ").append(v.kept()).append('\n');
    JsonNode counts = m.path("counts");
    if (counts.isObject() && counts.size() > 0) {
      b.append("counts (").append(counts.size()).append("):\n");
      List<String> names = new ArrayList<>();
      counts.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      for (String n : names) {
        b.append("  ").append(n).append(" = ").append(counts.get(n).asText()).append('\n');
      }
    }
    JsonNode timings = m.path("stage_timings_ms");
    if (timings.isObject() && timings.size() > 0) {
      b.append("stage timings (ms): ").append(oneLine(timings)).append('\n');
    }
    return b.toString();
  }

  private static String split(Version v, String s) {
    SplitSummary x = v.splits().get(s);
    return x == null ? "-" : x.rows() + " / " + human(x.bytes());
  }

  private static String trimMillis(String instant) {
    int dot = instant.indexOf('.');
    return dot > 0 && instant.endsWith("Z") ? instant.substring(0, dot) + "Z" : instant;
  }

  private static String oneLine(JsonNode n) {
    String s = n.toString();
    return s.length() > 200 ? s.substring(0, 197) + "..." : s;
  }

  /** Bytes for people: {@code 812 B}, {@code 3.4 KB}, {@code 1.50 MB} (powers of 1000, as target-shard-bytes is set). */
  public static String human(long bytes) {
    if (bytes < 1000) {
      return bytes + " B";
    }
    if (bytes < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f KB", bytes / 1e3);
    }
    if (bytes < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
  }

  private byte[] read(Path p) throws IOException {
    try (FSDataInputStream in = fs.open(p)) {
      return in.readAllBytes();
    }
  }
}
