package io.demoshard.ops;

import io.demoshard.config.DemoshardConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/**
 * Checks a command's inputs before any Spark work (metadata calls only, well under 5 s), so a
 * typo in a path, a day without uploads, an unwritable output or a missing key is refused in one
 * line naming what to fix, instead of after minutes of work (or, worse, by publishing nothing
 * over a good version). Every check throws {@link Refused}.
 */
public final class Preflight {
  /** A check failed; the message is one line saying what to fix. */
  public static final class Refused extends RuntimeException {
    public Refused(String message) {
      super(message);
    }
  }

  /** Same minimum as PseudonymKey: an HMAC key shorter than 128 bits is guessable. */
  static final int MIN_KEY_BYTES = 16;

  private final Configuration conf;

  public Preflight(Configuration conf) {
    this.conf = conf;
  }

  /**
   * A Hadoop configuration for the checks, before any SparkSession exists: the defaults
   * (core-site.xml and friends on the classpath) plus the {@code spark.hadoop.*} settings of
   * the job's configuration, as Spark would pass them on.
   */
  public static Preflight from(DemoshardConfig cfg) {
    Configuration c = new Configuration();
    for (Map.Entry<String, String> e : cfg.spark().settings().entrySet()) {
      if (e.getKey().startsWith("spark.hadoop.")) {
        c.set(e.getKey().substring("spark.hadoop.".length()), e.getValue());
      }
    }
    return new Preflight(c);
  }

  public Configuration conf() {
    return conf;
  }

  /** The raw root exists, is a directory and can be listed. */
  public void rawRoot(String raw) {
    Path p = new Path(raw);
    try {
      FileSystem fs = p.getFileSystem(conf);
      FileStatus st;
      try {
        st = fs.getFileStatus(p);
      } catch (java.io.FileNotFoundException e) {
        throw new Refused("--raw " + raw + " does not exist: check the path");
      }
      if (!st.isDirectory()) {
        throw new Refused("--raw " + raw + " is a file, not a raw root directory");
      }
      fs.listStatus(p);
    } catch (IOException e) {
      throw new Refused("cannot read --raw " + raw + ": " + oneLine(e));
    }
  }

  /**
   * The upload days of {@code date} (with the look-behind/ahead days) hold at least one event
   * file; otherwise the night would publish an empty version. Returns the number of event files
   * seen (listing stops early, so this is a lower bound). {@code allowEmpty} turns the refusal
   * into a warning on stderr.
   */
  public long uploads(String raw, LocalDate date, DemoshardConfig.IngestConfig ingest, boolean allowEmpty) {
    LocalDate from = date.minusDays(ingest.lookbehindDays());
    LocalDate to = date.plusDays(ingest.lookaheadDays());
    long found = 0;
    try {
      for (LocalDate d = from; !d.isAfter(to) && found == 0; d = d.plusDays(1)) {
        Path dir = new Path(new Path(raw, "events"), "dt=" + d);
        FileSystem fs = dir.getFileSystem(conf);
        if (fs.exists(dir)) {
          found += countNdjson(fs, dir, 1);
        }
      }
    } catch (IOException e) {
      throw new Refused("cannot list " + raw + "/events: " + oneLine(e));
    }
    if (found == 0) {
      String msg = "no uploads for " + date + ": " + raw + "/events/dt=" + from + " .. dt=" + to
          + " hold no *.jsonl[.gz] file (check --raw and --date";
      if (!allowEmpty) {
        throw new Refused(msg + ", or pass --allow-empty to publish an empty night)");
      }
      System.err.println("demoshard: warning: " + msg + "); --allow-empty: publishing an empty night");
    }
    return found;
  }

  private static long countNdjson(FileSystem fs, Path dir, long enough) throws IOException {
    long n = 0;
    for (FileStatus st : fs.listStatus(dir)) {
      String name = st.getPath().getName();
      if (name.startsWith(".") || name.startsWith("_")) {
        continue;
      }
      if (st.isDirectory()) {
        n += countNdjson(fs, st.getPath(), enough - n);
      } else if (name.endsWith(".jsonl") || name.endsWith(".jsonl.gz")) {
        n++;
      }
      if (n >= enough) {
        break;
      }
    }
    return n;
  }

  /**
   * The output root is a directory we can write: created when missing, then a probe file is
   * created (overwrite=false) and deleted, so permissions and quotas fail here, not at publish.
   */
  public void writableOut(String out) {
    Path p = new Path(out);
    try {
      FileSystem fs = p.getFileSystem(conf);
      if (fs.exists(p) && !fs.getFileStatus(p).isDirectory()) {
        throw new Refused("--out " + out + " is a file, not a directory: point --out at a folder");
      }
      if (!fs.exists(p) && !fs.mkdirs(p)) {
        throw new Refused("cannot create --out " + out);
      }
      Path probe = new Path(p, "_preflight-" + UUID.randomUUID());
      try (var os = fs.create(probe, false)) {
        os.write("probe".getBytes(StandardCharsets.UTF_8));
      }
      if (!fs.delete(probe, false)) {
        throw new Refused("cannot delete in --out " + out + " (probe " + probe.getName() + " left behind)");
      }
    } catch (IOException e) {
      throw new Refused("cannot write to --out " + out + ": " + oneLine(e));
    }
  }

  /** The output root exists (for commands that read or rewrite published versions). */
  public void existingOut(String out) {
    Path p = new Path(out);
    try {
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        throw new Refused("--out " + out + " does not exist: check the path");
      }
      if (!fs.getFileStatus(p).isDirectory()) {
        throw new Refused("--out " + out + " is a file, not a directory");
      }
    } catch (IOException e) {
      throw new Refused("cannot read --out " + out + ": " + oneLine(e));
    }
  }

  /** {@code OUT/<date>} is a committed version (has {@code _SUCCESS}). */
  public void committedVersion(String out, LocalDate date) {
    existingOut(out);
    Path success = new Path(new Path(out, date.toString()), "_SUCCESS");
    if (!exists(success)) {
      throw new Refused("no published version for " + date + " under " + out
          + " (no " + date + "/_SUCCESS): run nightly for that date first, or check --out and --date");
    }
  }

  /** The simulator's ground truth exists under {@code RAW/_truth}. */
  public void truth(String raw) {
    rawRoot(raw);
    if (!exists(new Path(raw, "_truth"))) {
      throw new Refused("--raw " + raw + " has no _truth/ folder: evaluate needs a raw root written by simulate");
    }
  }

  /** At least one erasure request file {@code RAW/erasure/*.csv}. */
  public void erasureRequests(String raw) {
    rawRoot(raw);
    Path dir = new Path(raw, "erasure");
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.exists(dir) || fs.listStatus(dir, f -> f.getName().endsWith(".csv")).length == 0) {
        throw new Refused("no erasure requests: " + dir + " holds no *.csv file");
      }
    } catch (IOException e) {
      throw new Refused("cannot list " + dir + ": " + oneLine(e));
    }
  }

  /**
   * The pseudonym key is configured and long enough (the same rule PseudonymKey applies), with a
   * message that says which of the two is wrong. Returns the key's length in bytes.
   */
  public static int key(DemoshardConfig.PrivacyConfig p) {
    return key(p, System.getenv());
  }

  static int key(DemoshardConfig.PrivacyConfig p, Map<String, String> env) {
    String where;
    String value;
    if (p.keyFile() != null && !p.keyFile().isBlank()) {
      where = "privacy.key-file " + p.keyFile();
      try {
        value = Files.readString(java.nio.file.Path.of(p.keyFile()));
      } catch (IOException e) {
        throw new Refused("cannot read the pseudonym key from " + where + ": " + oneLine(e));
      }
    } else {
      where = "$" + p.keyEnv();
      value = p.keyEnv() == null || p.keyEnv().isBlank() ? null : env.get(p.keyEnv());
      if (value == null) {
        throw new Refused("no pseudonym key: set " + where + " (or privacy.key-file) to a secret of at least "
            + MIN_KEY_BYTES + " bytes");
      }
    }
    int n = value.strip().getBytes(StandardCharsets.UTF_8).length;
    if (n < MIN_KEY_BYTES) {
      throw new Refused("the pseudonym key in " + where + " is too short: " + n + " bytes, at least "
          + MIN_KEY_BYTES + " needed");
    }
    return n;
  }

  /** Integer options of simulate and friends: {@code min <= v <= max}, said in one line. */
  public static void range(String option, long v, long min, long max) {
    if (v < min || v > max) {
      throw new Refused(option + " must be between " + min + " and " + max + ", got " + v);
    }
  }

  private boolean exists(Path p) {
    try {
      return p.getFileSystem(conf).exists(p);
    } catch (IOException e) {
      throw new Refused("cannot check " + p + ": " + oneLine(e));
    }
  }

  static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }
}
