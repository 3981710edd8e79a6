package io.demoshard.publish;

import io.demoshard.config.DemoshardConfig.PublishConfig;
import io.demoshard.model.Schemas;
import io.demoshard.spark.LazyMap;
import io.demoshard.spark.HadoopConf;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Executor side of shard planning: the bytes an episode takes in a shard <em>as written</em>,
 * measured by writing it alone, with the shard writer's own settings and schema, into an in-memory
 * Parquet file and counting everything but the file's fixed part (leading magic, footer, footer
 * length and trailing magic, see {@link #dataBytes}). The sum of the raw image sizes overstated
 * shards about three times: consecutive screenshots of an episode share most of their bytes (a
 * PNG's deflate stream is identical up to the first changed row), and zstd takes those out.
 * Cross-episode sharing within a page stays unmeasured, which is small since neighbours in a
 * shard are episodes in {@code episode_id} order, i.e. unrelated ones. Pure function of the
 * row: the same episodes give the same estimates and so the same shards.
 *
 * <p>In: {@link ShardWriteTask#COLUMNS} (with any {@code shard_gid}) followed by {@code user_key}.
 * Out: {@link #OUT}.
 */
final class ShardSizeEstimate implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  static final StructType OUT = new StructType()
      .add("episode_id", DataTypes.StringType, false)
      .add("user_key", DataTypes.StringType, false)
      .add("est", DataTypes.LongType, false);

  private final HadoopConf hadoop;
  private final PublishConfig cfg;

  ShardSizeEstimate(HadoopConf hadoop, PublishConfig cfg) {
    this.hadoop = hadoop;
    this.cfg = cfg;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    MessageType type = ParquetShards.shardMessageType(Schemas.SHARD);
    SimpleGroupFactory groups = new SimpleGroupFactory(type);
    Map<String, String> meta = ParquetShards.shardMetadata();
    int userKey = ShardWriteTask.COLUMNS.length;
    return LazyMap.of(rows, r -> {
      ParquetShards.MemoryFile mem = new ParquetShards.MemoryFile();
      try (ParquetWriter<Group> w = ParquetShards.open(mem, type, cfg, meta, hadoop.get())) {
        w.write(ParquetShards.toGroup(groups, Schemas.SHARD, ShardWriteTask.shardRow(r)));
      } catch (IOException e) {
        throw new UncheckedIOException("estimating episode " + r.getString(1), e);
      }
      return RowFactory.create(r.getString(1), r.getString(userKey), dataBytes(mem.bytes()));
    });
  }

  /** A Parquet file's bytes besides its fixed part: {@code PAR1} + pages + footer + 4-byte length + {@code PAR1}. */
  static long dataBytes(byte[] file) {
    return file.length - fixedBytes(file);
  }

  /** The fixed part of a Parquet file: both magics, the footer and its length field. */
  static long fixedBytes(byte[] file) {
    int n = file.length;
    if (n < 12) {
      throw new IllegalArgumentException("not a Parquet file: " + n + " bytes");
    }
    long footer = (file[n - 8] & 0xffL) | (file[n - 7] & 0xffL) << 8 | (file[n - 6] & 0xffL) << 16
        | (file[n - 5] & 0xffL) << 24;
    return 4 + footer + 4 + 4;
  }
}
