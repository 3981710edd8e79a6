package io.demoshard.ingest;

import io.demoshard.spark.HadoopConf;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads NDJSON files on the executors, line by line, through the Hadoop FileSystem API
 * (gzip when the name ends in {@code .gz}). The driver hands over paths only.
 *
 * <p>Output ({@link #SCHEMA}), one row per
 * <ul>
 *   <li>{@code rec = "line"}: a complete line ({@code src_line} 1-based, {@code text});</li>
 *   <li>{@code rec = "fault"}: something that is not a line but must be accounted for, with a
 *   {@code reason}: {@code truncated_gzip} for the half line at a gzip cut ({@code src_line}
 *   set, {@code text} redacted) and once more for the unreadable rest ({@code src_line} null);
 *   {@code unreadable_file} when a file cannot be opened; {@code bad_json} for a line over
 *   {@value #MAX_LINE_BYTES} bytes ({@code text} redacted and capped);</li>
 *   <li>{@code rec = "file"}: one per file, {@code n_lines} complete lines, {@code reason}
 *   null, {@code truncated_gzip} or {@code unreadable_file}, {@code detail} with the byte count.</li>
 * </ul>
 * {@code upload_day} comes from the {@code dt=YYYY-MM-DD} path segment.
 */
public final class RawLineReader {
  public static final int MAX_LINE_BYTES = 4 * 1024 * 1024;
  public static final String LINE = "line";
  public static final String FAULT = "fault";
  public static final String FILE = "file";

  public static final StructType SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField("rec", DataTypes.StringType, false),
      DataTypes.createStructField("src_file", DataTypes.StringType, false),
      DataTypes.createStructField("src_line", DataTypes.LongType, true),
      DataTypes.createStructField("upload_day", DataTypes.StringType, true),
      DataTypes.createStructField("text", DataTypes.StringType, true),
      DataTypes.createStructField("reason", DataTypes.StringType, true),
      DataTypes.createStructField("detail", DataTypes.StringType, true),
      DataTypes.createStructField("n_lines", DataTypes.LongType, true)});

  private static final Pattern DT = Pattern.compile("(?:^|/)dt=(\\d{4}-\\d{2}-\\d{2})(?:/|$)");

  /**
   * A gzip file holds several times the lines its stored length suggests (NDJSON compresses about
   * 5-10x): its length counts this many times when files are packed into tasks.
   */
  static final int GZIP_WEIGHT = 4;

  private final SparkSession spark;
  private final HadoopConf conf;
  private final long maxSplitBytes;
  private final long openCostBytes;

  /**
   * Files are packed into tasks the way Spark packs the files of its own file sources, with the same
   * settings ({@code spark.sql.files.maxPartitionBytes}, {@code spark.sql.files.openCostInBytes}):
   * thousands of small uploads become a few tasks per core instead of thousands of tiny tasks, and a
   * large night still spreads over every core of the cluster.
   */
  public RawLineReader(SparkSession spark) {
    this(spark, spark.sessionState().conf().filesMaxPartitionBytes(),
        spark.sessionState().conf().filesOpenCostInBytes());
  }

  RawLineReader(SparkSession spark, long maxSplitBytes, long openCostBytes) {
    if (maxSplitBytes < 1 || openCostBytes < 0) {
      throw new IllegalArgumentException("maxSplitBytes must be >= 1 and openCostBytes >= 0");
    }
    this.spark = spark;
    this.conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    this.maxSplitBytes = maxSplitBytes;
    this.openCostBytes = openCostBytes;
  }

  /** Lines of the given files (fully qualified paths with their lengths), packed into tasks by bytes. */
  public Dataset<Row> read(List<RawListing.Listed> files) {
    int parallelism = Math.max(1, spark.sparkContext().defaultParallelism());
    List<List<String>> tasks = pack(files, maxSplitBytes, openCostBytes, parallelism);
    HadoopConf hc = conf;
    JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(tasks, Math.max(1, tasks.size()))
        .mapPartitions(bins -> {
          List<String> paths = new ArrayList<>();
          bins.forEachRemaining(paths::addAll);
          return new FileLines(paths.iterator(), hc);
        });
    return spark.createDataFrame(rows, SCHEMA);
  }

  /**
   * Packs files, in path order (a device's files stay together), into tasks of at most
   * {@code min(maxSplitBytes, max(openCost, total / parallelism))} weighted bytes, as Spark's
   * {@code FilePartition} does: each file costs its (gzip-weighted) length plus {@code openCost},
   * so many tiny files share a task and a small night still gives every core a share.
   */
  static List<List<String>> pack(List<RawListing.Listed> files, long maxSplitBytes, long openCost, int parallelism) {
    List<RawListing.Listed> sorted = new ArrayList<>(files);
    sorted.sort(java.util.Comparator.comparing(RawListing.Listed::path));
    long total = 0;
    for (RawListing.Listed f : sorted) {
      total += weight(f) + openCost;
    }
    long split = Math.max(1, Math.min(maxSplitBytes, Math.max(openCost, total / Math.max(1, parallelism))));
    List<List<String>> tasks = new ArrayList<>();
    List<String> current = new ArrayList<>();
    long size = 0;
    for (RawListing.Listed f : sorted) {
      long w = weight(f) + openCost;
      if (!current.isEmpty() && size + w > split) {
        tasks.add(current);
        current = new ArrayList<>();
        size = 0;
      }
      current.add(f.path());
      size += w;
    }
    if (!current.isEmpty()) {
      tasks.add(current);
    }
    return tasks;
  }

  private static long weight(RawListing.Listed f) {
    return f.path().endsWith(".gz") ? f.bytes() * GZIP_WEIGHT : f.bytes();
  }

  /** The {@code dt=YYYY-MM-DD} segment of a path, or null. */
  public static String uploadDay(String path) {
    Matcher m = DT.matcher(path);
    String day = null;
    while (m.find()) {
      day = m.group(1);
    }
    return day;
  }

  /** Streams the rows of several files, one file open at a time. */
  static final class FileLines implements Iterator<Row> {
    private final Iterator<String> paths;
    private final HadoopConf conf;
    private final ArrayDeque<Row> pending = new ArrayDeque<>();
    private String file;
    private String day;
    private InputStream in;
    private LineSplitter lines;
    private long lineNo;

    FileLines(Iterator<String> paths, HadoopConf conf) {
      this.paths = paths;
      this.conf = conf;
    }

    @Override
    public boolean hasNext() {
      while (pending.isEmpty()) {
        if (lines == null) {
          if (!paths.hasNext()) {
            return false;
          }
          open(paths.next());
        } else {
          step();
        }
      }
      return true;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return pending.poll();
    }

    private void open(String path) {
      file = path;
      day = uploadDay(path);
      lineNo = 0;
      try {
        Path p = new Path(path);
        FileSystem fs = conf.fs(p);
        InputStream raw = fs.open(p);
        try {
          in = path.endsWith(".gz") ? new GZIPInputStream(raw, 64 * 1024) : raw;
        } catch (IOException e) {
          raw.close();
          throw e;
        }
        lines = new LineSplitter(in, MAX_LINE_BYTES);
      } catch (IOException | RuntimeException e) {
        String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
        pending.add(RowFactory.create(FAULT, file, null, day, null, Reasons.UNREADABLE_FILE, msg, null));
        pending.add(RowFactory.create(FILE, file, null, day, null, Reasons.UNREADABLE_FILE, msg, 0L));
      }
    }

    /** Reads one line, or finishes the file. */
    private void step() {
      String text;
      try {
        text = lines.next();
      } catch (EOFException | ZipException e) {
        if (!(in instanceof GZIPInputStream)) {
          throw new IllegalStateException("reading " + file, e);
        }
        String partial = lines.partial();
        if (!partial.isEmpty()) {
          pending.add(RowFactory.create(FAULT, file, lineNo + 1, day, Redactor.redactText(partial),
              Reasons.TRUNCATED_GZIP, "partial line at the cut (" + partial.length() + " chars)", null));
        }
        String detail = "gzip stream ended early after " + lineNo + " complete lines, " + lines.bytesRead()
            + " uncompressed bytes: " + e.getMessage();
        pending.add(RowFactory.create(FAULT, file, null, day, null, Reasons.TRUNCATED_GZIP, detail, null));
        finish(Reasons.TRUNCATED_GZIP, detail);
        return;
      } catch (IOException e) {
        // not a property of the data (a network or storage failure): let the task retry
        throw new IllegalStateException("reading " + file, e);
      }
      if (text == null) {
        finish(null, lines.bytesRead() + " bytes");
        return;
      }
      lineNo++;
      if (lines.lastTooLong()) {
        pending.add(RowFactory.create(FAULT, file, lineNo, day, Redactor.redactText(text), Reasons.BAD_JSON,
            "line longer than " + MAX_LINE_BYTES + " bytes", null));
      } else {
        pending.add(RowFactory.create(LINE, file, lineNo, day, text, null, null, null));
      }
    }

    private void finish(String reason, String detail) {
      pending.add(RowFactory.create(FILE, file, null, day, null, reason, detail, lineNo));
      try {
        in.close();
      } catch (IOException ignored) {
        // the file has been read; a failing close changes nothing
      }
      in = null;
      lines = null;
    }
  }
}
