package io.demoshard.publish;

import io.demoshard.model.Sha256;
import com.fasterxml.jackson.databind.JsonNode;
import io.demoshard.model.Schemas;
import io.demoshard.spark.HadoopConf;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.lit;

/**
 * Opens one published version through its manifest. Refuses a folder without {@code _SUCCESS}
 * and {@code manifest.json} (not committed), a {@code _SUCCESS} that does not hold the manifest's
 * SHA-256, and an unknown schema version. Reads only the files the manifest lists (never lists
 * the folder), which is what makes the manifest the commit point on object stores.
 */
public final class DatasetReader {
  private final SparkSession spark;
  private final HadoopConf hadoop;
  private final Path version;
  private final JsonNode manifest;
  private final List<ShardInfo> shards;

  private DatasetReader(SparkSession spark, HadoopConf hadoop, Path version, JsonNode manifest,
                        List<ShardInfo> shards) {
    this.spark = spark;
    this.hadoop = hadoop;
    this.version = version;
    this.manifest = manifest;
    this.shards = shards;
  }

  public static DatasetReader open(SparkSession spark, HadoopConf hadoop, String versionPath) {
    Path v = new Path(versionPath);
    try {
      FileSystem fs = ParquetShards.fs(hadoop, v);
      Path success = new Path(v, Publisher.SUCCESS);
      Path man = new Path(v, Publisher.MANIFEST);
      if (!fs.exists(success) || !fs.exists(man)) {
        throw new IllegalStateException("not a committed dataset version (no " + Publisher.SUCCESS + " or "
            + Publisher.MANIFEST + "): " + v);
      }
      byte[] manBytes = readAll(fs, man);
      String marker = new String(readAll(fs, success), StandardCharsets.UTF_8).strip();
      String actual = Sha256.hex(manBytes);
      if (!marker.isEmpty() && !marker.equalsIgnoreCase(actual)) {
        throw new IllegalStateException("manifest of " + v + " does not match its commit marker");
      }
      JsonNode m = Publisher.mapper().readTree(manBytes);
      int sv = m.path("schema_version").asInt(-1);
      if (sv != Schemas.SCHEMA_VERSION) {
        throw new IllegalStateException("unsupported schema_version " + sv + " in " + man);
      }
      List<ShardInfo> shards = new ArrayList<>();
      for (JsonNode s : m.get("shards")) {
        shards.add(new ShardInfo(s.get("split").asText(), s.get("path").asText(), s.get("rows").asLong(),
            s.get("bytes").asLong(), s.get("sha256").asText()));
      }
      return new DatasetReader(spark, hadoop, v, m, List.copyOf(shards));
    } catch (IOException e) {
      throw new IllegalStateException("cannot open " + v + ": " + e.getMessage(), e);
    }
  }

  public JsonNode manifest() {
    return manifest;
  }

  public String versionPath() {
    return version.toString();
  }

  public List<ShardInfo> shards() {
    return shards;
  }

  public List<ShardInfo> shards(String split) {
    return shards.stream().filter(s -> s.split().equals(split)).toList();
  }

  public Map<String, Long> rowsPerSplit() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (String s : Splits.ALL) {
      m.put(s, shards(s).stream().mapToLong(ShardInfo::rows).sum());
    }
    return m;
  }

  /** Absolute path of a listed shard. */
  public String pathOf(ShardInfo s) {
    return new Path(version, s.path()).toString();
  }

  /** Re-reads every listed shard (on the driver) and checks size, SHA-256 and row count; throws on any mismatch. */
  public DatasetReader verifyChecksums() {
    List<String> problems = new ArrayList<>();
    for (ShardInfo s : shards) {
      String p = check(hadoop, new Path(version, s.path()), s);
      if (p != null) {
        problems.add(p);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("version " + version + " failed verification: " + problems);
    }
    return this;
  }

  /** The rows of one split ({@code train}, {@code val}, {@code test}) as {@link Schemas#SHARD}. */
  public Dataset<Row> read(String split) {
    List<ShardInfo> ss = shards(split);
    if (ss.isEmpty()) {
      throw new IllegalArgumentException("no shards for split " + split + " in " + version);
    }
    String[] paths = ss.stream().map(this::pathOf).toArray(String[]::new);
    return spark.read().schema(Schemas.SHARD).parquet(paths);
  }

  /** Every split, with an added {@code split} column. */
  public Dataset<Row> readAll() {
    Dataset<Row> all = null;
    for (String s : Splits.ALL) {
      if (shards(s).isEmpty()) {
        continue;
      }
      Dataset<Row> d = read(s).withColumn("split", lit(s));
      all = all == null ? d : all.unionByName(d);
    }
    if (all == null) {
      throw new IllegalStateException("no shards in " + version);
    }
    return all;
  }

  /** The episodes of a split, one partition at a time to the driver, in shard then episode_id order. */
  public Iterator<Row> episodes(String split) {
    return read(split).orderBy("episode_id").toLocalIterator();
  }

  /** Checks one file against its manifest entry; returns a problem description or null. */
  static String check(HadoopConf hadoop, Path p, ShardInfo expected) {
    try {
      FileSystem fs = ParquetShards.fs(hadoop, p);
      if (!fs.exists(p)) {
        return p + ": missing";
      }
      long len = fs.getFileStatus(p).getLen();
      if (len != expected.bytes()) {
        return p + ": " + len + " bytes, expected " + expected.bytes();
      }
      MessageDigest md = Sha256.newDigest();
      byte[] buf = new byte[1 << 16];
      try (InputStream in = fs.open(p)) {
        int n;
        while ((n = in.read(buf)) > 0) {
          md.update(buf, 0, n);
        }
      }
      String sha = HexFormat.of().formatHex(md.digest());
      if (!sha.equalsIgnoreCase(expected.sha256())) {
        return p + ": SHA-256 " + sha + ", expected " + expected.sha256();
      }
      try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(p, hadoop.get()))) {
        if (r.getRecordCount() != expected.rows()) {
          return p + ": " + r.getRecordCount() + " rows, expected " + expected.rows();
        }
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return p + ": " + e;
    }
  }

  private static byte[] readAll(FileSystem fs, Path p) throws IOException {
    try (FSDataInputStream in = fs.open(p)) {
      return in.readAllBytes();
    }
  }
}
