package io.demoshard.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.demoshard.publish.DatasetReader;
import io.demoshard.publish.ParquetShards;
import io.demoshard.publish.Publisher;
import io.demoshard.spark.HadoopConf;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * Writes {@code report.html} and {@code stats.json} into a version folder: from the publisher (the
 * episodes in hand, before the commit) or from a committed version (its shards and restricted lineage,
 * for {@code demoshard report}). Neither file is listed in the manifest; each is written under a
 * temporary name and renamed, so a reader never sees a half-written file. Pass a raw (checksum-free)
 * local file system ({@link ParquetShards#fs}) so no {@code .crc} side files appear.
 */
public final class ReportFiles {
  public static final String HTML = "report.html";
  public static final String JSON = "stats.json";

  private ReportFiles() {}

  /**
   * @param episodes rows with {@code user_key} and the shard columns (app, num_steps, duration_ms,
   *                 num_frames, steps)
   */
  public static Stats stats(Dataset<Row> episodes, JsonNode manifest, int k) {
    return Stats.of(manifest, Cells.of(episodes), k);
  }

  public static void write(FileSystem fs, Path versionDir, Stats stats) throws IOException {
    put(fs, new Path(versionDir, JSON), stats.toJson());
    put(fs, new Path(versionDir, HTML), ReportHtml.render(stats));
  }

  /**
   * Recomputes both files of the committed version {@code outRoot/<date>} from its shards and the
   * user keys of its lineage ({@code outRoot/_lineage/<date>}), and writes them into the version folder.
   */
  public static Stats regenerate(SparkSession spark, HadoopConf hadoop, String outRoot, String date, int k)
      throws IOException {
    Path version = new Path(outRoot, date);
    DatasetReader reader = DatasetReader.open(spark, hadoop, version.toString());
    Path lineage = new Path(new Path(outRoot, Publisher.LINEAGE), date);
    List<String> shards = reader.shards().stream().map(reader::pathOf).toList();
    Stats stats = stats(withUsers(spark, shards, lineage.toString()), reader.manifest(), k);
    write(ParquetShards.fs(hadoop, version), version, stats);
    return stats;
  }

  /** The columns the report reads from a shard: no image bytes, no text (any shard layout has them). */
  static final StructType READ = new StructType()
      .add("episode_id", DataTypes.StringType).add("app", DataTypes.StringType)
      .add("num_steps", DataTypes.IntegerType).add("duration_ms", DataTypes.LongType)
      .add("num_frames", DataTypes.IntegerType)
      .add("steps", DataTypes.createArrayType(new StructType().add("action", DataTypes.StringType)));

  /**
   * The report's columns of {@code shardPaths}, each episode with its {@code user_key} from the
   * lineage folder (restricted: the keys only count distinct users and never leave {@link Cells}).
   */
  public static Dataset<Row> withUsers(SparkSession spark, List<String> shardPaths, String lineageDir) {
    Dataset<Row> keys = spark.read().parquet(lineageDir).select(col("episode_id"), col("user_key"));
    Dataset<Row> shards = shardPaths.isEmpty() ? spark.createDataFrame(List.of(), READ)
        : spark.read().schema(READ).parquet(shardPaths.toArray(String[]::new));
    return shards.join(keys, "episode_id");
  }

  private static void put(FileSystem fs, Path p, String content) throws IOException {
    Path tmp = new Path(p.getParent(), "." + p.getName() + ".tmp");
    try (FSDataOutputStream os = fs.create(tmp, true)) {
      os.write(content.getBytes(StandardCharsets.UTF_8));
    }
    if (fs.exists(p) && !fs.delete(p, false)) {
      throw new IOException("cannot replace " + p);
    }
    if (!fs.rename(tmp, p)) {
      throw new IOException("rename " + tmp + " -> " + p + " failed");
    }
  }
}
