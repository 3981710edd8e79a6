package io.demoshard.erase;

import io.demoshard.SparkTestBase;
import io.demoshard.config.DemoshardConfig;
import io.demoshard.model.Counts;
import io.demoshard.model.Schemas;
import io.demoshard.publish.ParquetShards;
import io.demoshard.publish.PublishFixtures;
import io.demoshard.publish.PublishResult;
import io.demoshard.publish.Publisher;
import io.demoshard.spark.HadoopConf;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.expr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Erase rewrites a shard in the layout it was published in: the current all-optional one and the
 * earlier ones (required fields; frames without {@code redactions}), and refuses any other.
 */
class ShardRewriteLayoutTest extends SparkTestBase {
  @TempDir
  Path tmp;

  @Test
  void everyKnownShardLayoutIsRewrittenInItsOwnLayout() throws Exception {
    Path raw = tmp.resolve("raw");
    List<Row> fixture = PublishFixtures.episodes(raw, 3);
    DemoshardConfig cfg = PublishFixtures.config(1 << 30);  // one shard per split
    HadoopConf hadoop = new HadoopConf(new Configuration(spark().sparkContext().hadoopConfiguration()));
    PublishResult r = new Publisher(spark(), cfg, hadoop).publish(PublishFixtures.dataset(spark(), raw, fixture),
        tmp.resolve("out").toString(), LocalDate.parse(PublishFixtures.DAY), new Counts(), Map.of());
    String published = r.versionPath() + "/" + r.shards().get(0).path();
    Dataset<Row> current = spark().read().parquet(published).orderBy("episode_id");
    Dataset<Row> beforeRedactions = current.withColumn("frames", expr("transform(frames, f -> named_struct("
        + "'idx', f.idx, 't_ms', f.t_ms, 'width', f.width, 'height', f.height, 'format', f.format, "
        + "'image', f.image, 'phash', f.phash))"));
    long n = current.count();
    String victim = current.first().getString(0);

    List<ParquetShards.ShardLayout> layouts = ParquetShards.shardLayouts();
    assertEquals(3, layouts.size());
    for (int i = 0; i < layouts.size(); i++) {
      ParquetShards.ShardLayout layout = layouts.get(i);
      StructType schema = i < 2 ? Schemas.SHARD : Schemas.SHARD_BEFORE_REDACTIONS;
      List<Row> rows = (i < 2 ? current : beforeRedactions).collectAsList();
      Path src = tmp.resolve("src-" + i);
      org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(src.resolve("train/part-00000.parquet").toString());
      FileSystem fs = ParquetShards.fs(hadoop, file);
      SimpleGroupFactory groups = new SimpleGroupFactory(layout.type());
      try (ParquetWriter<org.apache.parquet.example.data.Group> w = ParquetShards.open(
          new ParquetShards.DigestingFile(fs, file), layout.type(), cfg.publish(), layout.metadata(), hadoop.get())) {
        for (Row row : rows) {
          w.write(ParquetShards.toGroup(groups, schema, row));
        }
      }

      Path dst = tmp.resolve("dst-" + i);
      ShardRewrite.Done done = new ShardRewrite(src.toString(), dst.toString(), hadoop, cfg.publish())
          .call(new ShardRewrite.Job("train/part-00000.parquet", Set.of(victim), ShardRewrite.Kind.SHARD, 1));
      assertEquals(n - 1, done.rows(), "layout " + i);
      org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(dst.resolve("train/part-00000.parquet").toString());
      try (ParquetFileReader f = ParquetFileReader.open(HadoopInputFile.fromPath(out, hadoop.get()))) {
        assertEquals(layout.type(), f.getFileMetaData().getSchema(), "layout " + i);
        Map<String, String> kv = f.getFileMetaData().getKeyValueMetaData();
        for (Map.Entry<String, String> e : layout.metadata().entrySet()) {
          assertEquals(e.getValue(), kv.get(e.getKey()), "layout " + i + " footer " + e.getKey());
        }
        assertEquals(n - 1, f.getRecordCount());
      }
      List<Row> left = spark().read().parquet(out.toString()).select("episode_id").collectAsList();
      assertEquals(n - 1, left.size());
      assertFalse(left.stream().anyMatch(x -> victim.equals(x.getString(0))), "layout " + i);
    }

    // a file in no known layout (here: the lineage) is refused as a shard rather than rewritten differently
    String lineage = tmp.resolve("out/_lineage").toString();
    assertThrows(java.io.IOException.class, () -> new ShardRewrite(lineage, tmp.resolve("dst-x").toString(), hadoop,
        cfg.publish()).call(new ShardRewrite.Job(PublishFixtures.DAY + "/part-00000.parquet", Set.of(victim),
        ShardRewrite.Kind.SHARD, -1)));
  }
}
