package io.demoshard.ingest;

import io.demoshard.image.ImageDecoder;
import io.demoshard.model.Sha256;
import io.demoshard.config.DemoshardConfig.IngestConfig;
import io.demoshard.model.Counts;
import io.demoshard.model.Schemas;
import io.demoshard.image.ImageMetadata;
import io.demoshard.spark.HadoopConf;
import io.demoshard.spark.LazyMap;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

/**
 * Spark stage: valid {@link Schemas#FRAME_INDEX} rows to {@link Schemas#FRAME} rows. On the
 * executors each distinct image path (relative to the raw root) is read once through the
 * Hadoop FileSystem and decoded once ({@link ImageDecoder}); the decoded size and format win
 * over the index. Quarantine (kind {@code images}): {@code missing_image},
 * {@code undecodable_image} (also a file whose container {@link ImageMetadata#strip} refuses,
 * since publish could not remove its metadata); {@code raw} is the index row as JSON.
 *
 * <p>Counts: {@code images.checked} (index rows in) = {@code images.valid} +
 * {@code images.quarantined.<reason>}; {@code frames.size_mismatch},
 * {@code frames.format_mismatch}; {@code images.listed} (files under
 * {@code screenshots/dt=D/} for the run's upload days) and {@code frames.orphan_image}
 * (listed files no valid index row points to).
 */
public final class ImageCheck {
  /** Image files larger than this are not decoded ({@code undecodable_image}). */
  static final long MAX_IMAGE_BYTES = 64L * 1024 * 1024;
  static final Set<String> IMAGE_SUFFIXES = Set.of(".png", ".jpg", ".jpeg", ".webp");
  private static final String OK = "ok";

  static final StructType PROBE = new StructType(new StructField[] {
      DataTypes.createStructField("path", DataTypes.StringType, false),
      DataTypes.createStructField("_status", DataTypes.StringType, false),
      DataTypes.createStructField("_detail", DataTypes.StringType, true),
      DataTypes.createStructField("img_width", DataTypes.IntegerType, true),
      DataTypes.createStructField("img_height", DataTypes.IntegerType, true),
      DataTypes.createStructField("img_format", DataTypes.StringType, true),
      DataTypes.createStructField("phash", DataTypes.LongType, true),
      DataTypes.createStructField("content_hash", DataTypes.StringType, true),
      DataTypes.createStructField("bytes", DataTypes.LongType, true)});

  private final SparkSession spark;
  private final IngestConfig cfg;

  public ImageCheck(SparkSession spark, IngestConfig cfg) {
    this.spark = spark;
    this.cfg = cfg;
  }

  public Result run(String rawRoot, Dataset<Row> frameIndex, LocalDate day) {
    Counts counts = new Counts();
    HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    Dataset<Row> probed = frameIndex.select("path").distinct()
        .mapPartitions(new Probe(rawRoot, conf), Encoders.row(PROBE));
    Dataset<Row> checked = frameIndex.join(probed, "path").persist(StorageLevel.MEMORY_AND_DISK());

    Column ok = col("_status").equalTo(OK);
    Column sizeMismatch = ok.and(col("img_width").notEqual(col("width")).or(col("img_height").notEqual(col("height"))));
    Column formatMismatch = ok.and(col("img_format").notEqual(col("format")));
    for (Row r : checked.groupBy("_status")
        .agg(count(lit(1)), sum(when(sizeMismatch, 1).otherwise(0)), sum(when(formatMismatch, 1).otherwise(0)))
        .collectAsList()) {
      String status = r.getString(0);
      counts.add("images.checked", r.getLong(1));
      // Frame rows (not distinct files) so the frames' accounting identity can use them.
      counts.add(status.equals(OK) ? "images.valid" : "frames.quarantined." + status, r.getLong(1));
      counts.add("frames.size_mismatch", r.getLong(2));
      counts.add("frames.format_mismatch", r.getLong(3));
    }

    // After the consent filter the user column is the pseudonym; the schema follows it.
    boolean pseudonymised = java.util.Arrays.asList(frameIndex.columns()).contains("user_key");
    String user = pseudonymised ? "user_key" : "user_id";
    Dataset<Row> valid = Conform.to(spark, checked.filter(ok).select(
        col("frame_id"), col(user), col("device_id"), col("session_id"), col("ts"), col("path"),
        col("img_width").as("width"), col("img_height").as("height"), col("img_format").as("format"),
        col("trigger"), col("phash"), col("content_hash"), col("bytes")),
        pseudonymised ? Schemas.withUserKey(Schemas.FRAME) : Schemas.FRAME);
    Column indexJson = to_json(struct(col("frame_id"), col("device_id"), col("session_id"), col("ts"), col("path"),
        col("width"), col("height"), col("format"), col("trigger")));
    Dataset<Row> quarantine = Conform.to(spark, checked.filter(ok.unary_$bang()).select(
        lit("images").as("kind"), col("src_file"), col("src_line"), indexJson.as("raw"),
        col("_status").as("reason"), col("_detail").as("detail")), Schemas.QUARANTINE);
    return new Result(valid, quarantine, counts, checked::unpersist);
  }

  /**
   * Orphan images: the screenshots of the run's upload days that no line of the whole frame index
   * (before any policy filter) names. The driver lists only the first level under each
   * {@code screenshots/dt=D/} (device folders, a few hundred names); the executors walk those
   * folders and the anti-join counts there, so the listing of a large night (hundreds of thousands
   * of paths) is never built on the driver nor shipped inside a task.
   */
  public Counts countOrphans(String rawRoot, Dataset<Row> frameIndex, LocalDate day) {
    Counts counts = new Counts();
    List<LocalDate> days = RawListing.days(day, cfg.lookbehindDays(), cfg.lookaheadDays());
    List<String> tops = RawListing.firstLevel(spark.sparkContext().hadoopConfiguration(), rawRoot, "screenshots",
        days, ImageCheck::isImage);
    String prefix = qualifiedPath(rawRoot);
    HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    int slices = Math.max(1, Math.min(tops.size(), 4 * spark.sparkContext().defaultParallelism()));
    JavaRDD<String> files = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(tops, slices)
        .flatMap(top -> {
          Path p = new Path(top);
          FileSystem fs = conf.fs(p);
          List<String> out = new ArrayList<>();
          if (fs.getFileStatus(p).isDirectory()) {
            for (RawListing.Listed f : RawListing.walk(fs, p, ImageCheck::isImage)) {
              out.add(relativize(prefix, f.path()));
            }
          } else {
            out.add(relativize(prefix, top));
          }
          return out.iterator();
        });
    Dataset<Row> listed = spark.createDataset(files.rdd(), Encoders.STRING()).toDF("path");
    Dataset<Row> indexed = frameIndex.select(col("path").as("_indexed")).distinct();
    Row r = listed.join(indexed, listed.col("path").equalTo(indexed.col("_indexed")), "left_outer")
        .agg(count(lit(1)), sum(when(col("_indexed").isNull(), 1).otherwise(0)))
        .first();
    counts.add("images.listed", r.getLong(0));
    counts.add("frames.orphan_image", r.isNullAt(1) ? 0 : r.getLong(1));
    return counts;
  }

  static boolean isImage(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return IMAGE_SUFFIXES.stream().anyMatch(lower::endsWith);
  }

  private String qualifiedPath(String rawRoot) {
    try {
      Path root = new Path(rawRoot);
      String p = root.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(root).toUri().getPath();
      return p.endsWith("/") ? p : p + "/";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String relativize(String rootPathWithSlash, String file) {
    String p = new Path(file).toUri().getPath();
    return p.startsWith(rootPathWithSlash) ? p.substring(rootPathWithSlash.length()) : p;
  }

  /** Executor side: one distinct path to its probe row (read once, decode once). */
  static final class Probe implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final String rawRoot;
    private final HadoopConf conf;

    Probe(String rawRoot, HadoopConf conf) {
      this.rawRoot = rawRoot;
      this.conf = conf;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> paths) {
      ImageDecoder decoder = new ImageDecoder();
      Path root = new Path(rawRoot);
      return LazyMap.of(paths, p -> probe(decoder, new Path(root, p.getString(0)), p.getString(0)));
    }

    private Row probe(ImageDecoder decoder, Path file, String rel) {
      byte[] bytes;
      try {
        FileSystem fs = conf.fs(file);
        long len = fs.getFileStatus(file).getLen();
        if (len > MAX_IMAGE_BYTES) {
          return failed(rel, Reasons.UNDECODABLE_IMAGE, "file of " + len + " bytes is over the limit");
        }
        bytes = new byte[(int) len];
        try (FSDataInputStream in = fs.open(file)) {
          in.readFully(0, bytes);
        }
      } catch (FileNotFoundException e) {
        return failed(rel, Reasons.MISSING_IMAGE, "no file at " + rel);
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + file, e);  // storage trouble: let the task retry
      }
      try {
        ImageDecoder.Decoded d = decoder.decode(bytes);
        try {
          ImageMetadata.strip(bytes, d.format());  // publish strips these bytes: refuse what it could not strip
        } catch (ImageMetadata.UnstrippableImage e) {
          return failed(rel, Reasons.UNDECODABLE_IMAGE, "cannot strip metadata: " + e.getMessage());
        }
        return RowFactory.create(rel, OK, null, d.width(), d.height(), d.format(), d.phash(), Sha256.hex(bytes),
            (long) bytes.length);
      } catch (ImageDecoder.Undecodable e) {
        return failed(rel, Reasons.UNDECODABLE_IMAGE, e.getMessage());
      }
    }

    private static Row failed(String rel, String reason, String detail) {
      return RowFactory.create(rel, reason, detail, null, null, null, null, null, null);
    }
  }
}
