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
import org.apache.spark.sql.RowFactory;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Executor side of publishing: receives the redacted episodes of a partition sorted by (shard, episode_id),
 * whose frames already carry the bytes to publish (redacted and metadata-free, see
 * {@code io.demoshard.redact.RedactStage}), and writes one Parquet file per shard
 * into the staging folder (first under a temporary name, then renamed, so a retried or
 * speculative attempt never leaves a torn file under the final name).
 *
 * <p>Input rows: {@link #COLUMNS} in that order.
 */
final class ShardWriteTask implements FlatMapFunction<Iterator<Row>, ShardWriteTask.Written> {
  private static final long serialVersionUID = 1L;

  /** The columns the task reads, in order: the shard id, then the shard columns without schema_version. */
  static final String[] COLUMNS = {"shard_gid", "episode_id", "app", "apps", "task_label", "os", "screen_w",
      "screen_h", "duration_ms", "num_steps", "num_frames", "steps", "frames"};

  /** What one task wrote for one shard. */
  record Written(int gid, long rows, long bytes, String sha256) implements Serializable {}

  private final Map<Integer, String> shardPaths;  // gid -> path relative to the version folder
  private final String versionDir;
  private final HadoopConf hadoop;
  private final PublishConfig cfg;

  ShardWriteTask(Map<Integer, String> shardPaths, String versionDir, HadoopConf hadoop,
                 PublishConfig cfg) {
    this.shardPaths = shardPaths;
    this.versionDir = versionDir;
    this.hadoop = hadoop;
    this.cfg = cfg;
  }

  @Override
  public Iterator<Written> call(Iterator<Row> rows) throws Exception {
    List<Written> out = new ArrayList<>();
    MessageType type = ParquetShards.shardMessageType(Schemas.SHARD);
    SimpleGroupFactory groups = new SimpleGroupFactory(type);
    Map<String, String> meta = ParquetShards.shardMetadata();
    TaskContext tc = TaskContext.get();
    String attempt = tc == null ? "0" : Long.toString(tc.taskAttemptId());

    int gid = -1;
    ParquetWriter<Group> writer = null;
    ParquetShards.DigestingFile file = null;
    Path tmp = null;
    long count = 0;
    try {
      while (rows.hasNext()) {
        Row r = rows.next();
        int g = r.getInt(0);
        if (g != gid) {
          if (writer != null) {
            out.add(finish(writer, file, tmp, gid, count));
          }
          gid = g;
          count = 0;
          String rel = shardPaths.get(g);
          if (rel == null) {
            throw new IllegalStateException("row for unknown shard " + g);
          }
          Path dest = new Path(versionDir, rel);
          tmp = new Path(dest.getParent(), "." + dest.getName() + "." + attempt + ".tmp");
          FileSystem fs = ParquetShards.fs(hadoop, tmp);
          fs.mkdirs(tmp.getParent());
          file = new ParquetShards.DigestingFile(fs, tmp);
          writer = ParquetShards.open(file, type, cfg, meta, hadoop.get());
        }
        writer.write(ParquetShards.toGroup(groups, Schemas.SHARD, shardRow(r)));
        count++;
      }
      if (writer != null) {
        out.add(finish(writer, file, tmp, gid, count));
        writer = null;
      }
    } finally {
      if (writer != null) {
        writer.close();
        ParquetShards.fs(hadoop, tmp).delete(tmp, false);
      }
    }
    return out.iterator();
  }

  private Written finish(ParquetWriter<Group> writer, ParquetShards.DigestingFile file, Path tmp, int gid, long count)
      throws IOException {
    writer.close();
    Path dest = new Path(versionDir, shardPaths.get(gid));
    FileSystem fs = ParquetShards.fs(hadoop, dest);
    if (fs.exists(dest)) {
      fs.delete(dest, false);  // an earlier attempt of the same task: same rows, same bytes
    }
    if (!fs.rename(tmp, dest)) {
      throw new IOException("cannot rename " + tmp + " to " + dest);
    }
    Publisher.fault("shard-written:" + shardPaths.get(gid));
    return new Written(gid, count, file.bytes(), file.sha256());
  }

  /** Builds the published row: the episode's columns plus its frames with their (redacted) image bytes and synthetic paths. */
  static Row shardRow(Row r) {
    String episodeId = r.getString(1);
    List<Row> frames = r.getList(12);
    List<Row> outFrames = new ArrayList<>(frames.size());
    for (Row f : frames) {
      int idx = f.getInt(F_IDX);
      String format = f.getString(F_FORMAT);
      Row image = RowFactory.create((byte[]) f.get(F_IMAGE), episodeId + "/" + idx + "." + format);
      outFrames.add(RowFactory.create(idx, f.getLong(F_T), f.getInt(F_W), f.getInt(F_H), format, image,
          f.getLong(F_PHASH), f.getInt(F_REDACTIONS)));
    }
    return RowFactory.create(episodeId, Schemas.SCHEMA_VERSION, r.get(2), r.get(3), r.get(4), r.get(5), r.get(6),
        r.get(7), r.get(8), r.get(9), r.get(10), r.get(11), outFrames);
  }

  private static final int F_IDX = Schemas.REDACTED_FRAME.fieldIndex("idx");
  private static final int F_T = Schemas.REDACTED_FRAME.fieldIndex("t_ms");
  private static final int F_W = Schemas.REDACTED_FRAME.fieldIndex("width");
  private static final int F_H = Schemas.REDACTED_FRAME.fieldIndex("height");
  private static final int F_FORMAT = Schemas.REDACTED_FRAME.fieldIndex("format");
  private static final int F_PHASH = Schemas.REDACTED_FRAME.fieldIndex("phash");
  private static final int F_IMAGE = Schemas.REDACTED_FRAME.fieldIndex("image");
  private static final int F_REDACTIONS = Schemas.REDACTED_FRAME.fieldIndex("redactions");
}
