package io.demoshard.publish;

import io.demoshard.config.DemoshardConfig.PublishConfig;
import io.demoshard.model.Schemas;
import io.demoshard.spark.HadoopConf;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes the lineage table (one partition of {@link Schemas#LINEAGE} rows, sorted by
 * episode_id) as one Parquet file, on an executor: its per-step and per-frame raw ids would
 * be too much to gather on the driver. Same writer settings as the shards, so its bytes are
 * deterministic too; written under a temporary name and renamed, so a retried task is harmless.
 */
final class LineageWriteTask implements FlatMapFunction<Iterator<Row>, ShardInfo> {
  private static final long serialVersionUID = 1L;
  private final String path;
  private final HadoopConf hadoop;
  private final PublishConfig cfg;

  LineageWriteTask(String path, HadoopConf hadoop, PublishConfig cfg) {
    this.path = path;
    this.hadoop = hadoop;
    this.cfg = cfg;
  }

  @Override
  public Iterator<ShardInfo> call(Iterator<Row> rows) throws IOException {
    return List.of(write(new Path(path), rows, hadoop, cfg)).iterator();
  }

  /** Also used on the driver for a night without episodes (no partition to run on). */
  static ShardInfo write(Path dest, Iterator<Row> rows, HadoopConf hadoop, PublishConfig cfg) throws IOException {
    FileSystem fs = ParquetShards.fs(hadoop, dest);
    fs.mkdirs(dest.getParent());
    TaskContext tc = TaskContext.get();
    Path tmp = new Path(dest.getParent(), "." + dest.getName() + "." + (tc == null ? 0 : tc.taskAttemptId()) + ".tmp");
    MessageType type = ParquetShards.messageType(Schemas.LINEAGE, "lineage");
    SimpleGroupFactory groups = new SimpleGroupFactory(type);
    ParquetShards.DigestingFile file = new ParquetShards.DigestingFile(fs, tmp);
    Map<String, String> meta = Map.of(ParquetShards.SPARK_ROW_METADATA, Schemas.LINEAGE.json());
    long n = 0;
    try (ParquetWriter<Group> w = ParquetShards.open(file, type, cfg, meta, hadoop.get())) {
      while (rows.hasNext()) {
        w.write(ParquetShards.toGroup(groups, Schemas.LINEAGE, rows.next()));
        n++;
      }
    }
    if (fs.exists(dest)) {
      fs.delete(dest, false);
    }
    if (!fs.rename(tmp, dest)) {
      throw new IOException("cannot rename " + tmp + " to " + dest);
    }
    return new ShardInfo("lineage", dest.getName(), n, file.bytes(), file.sha256());
  }
}
