package io.demoshard.erase;

import io.demoshard.model.Sha256;
import io.demoshard.config.DemoshardConfig.PublishConfig;
import io.demoshard.model.Schemas;
import io.demoshard.publish.ParquetShards;
import io.demoshard.spark.HadoopConf;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.api.java.function.Function;

import java.io.IOException;
import java.io.Serializable;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Executor side of an erasure: stages one file of a version, either as a byte copy (an
 * unaffected shard) or rewritten without some rows (an affected shard or the lineage file).
 * Rows are copied as Parquet groups, never converted, with the writer settings the Publisher
 * uses ({@link ParquetShards#open}), so a kept row is written exactly as it was published.
 * Files are written under a temporary name and renamed, so a retried task never leaves a torn file.
 */
final class ShardRewrite implements Function<ShardRewrite.Job, ShardRewrite.Done> {
  private static final long serialVersionUID = 1L;

  /** Which column identifies a row to drop. */
  enum Kind { SHARD, LINEAGE }

  /**
   * One file to stage.
   *
   * @param rel         path relative to both source and destination folder
   * @param drop        ids to drop (episode ids for a shard, user keys for the lineage); null = byte copy
   * @param kind        what the file is (decides the schema, the footer metadata and the id column)
   * @param expectDrop  how many rows must be dropped (-1: not checked)
   */
  record Job(String rel, Set<String> drop, Kind kind, long expectDrop) implements Serializable {}

  /** What was staged: rows kept (-1 for a copy: the footer is checked at verification), bytes, SHA-256. */
  record Done(String rel, long rows, long dropped, long bytes, String sha256) implements Serializable {}

  private final String srcDir;
  private final String dstDir;
  private final HadoopConf hadoop;
  private final PublishConfig writer;

  ShardRewrite(String srcDir, String dstDir, HadoopConf hadoop, PublishConfig writer) {
    this.srcDir = srcDir;
    this.dstDir = dstDir;
    this.hadoop = hadoop;
    this.writer = writer;
  }

  @Override
  public Done call(Job job) throws IOException {
    Path src = new Path(srcDir, job.rel());
    Path dst = new Path(dstDir, job.rel());
    FileSystem fs = ParquetShards.fs(hadoop, dst);
    fs.mkdirs(dst.getParent());
    Path tmp = new Path(dst.getParent(), "." + dst.getName() + "." + java.util.UUID.randomUUID() + ".tmp");
    Done done;
    try {
      done = job.drop() == null ? copy(src, tmp, job.rel()) : rewrite(src, tmp, job);
      if (fs.exists(dst)) {
        fs.delete(dst, false);  // an earlier attempt of the same task
      }
      if (!fs.rename(tmp, dst)) {
        throw new IOException("cannot rename " + tmp + " to " + dst);
      }
    } finally {
      if (fs.exists(tmp)) {
        fs.delete(tmp, false);
      }
    }
    return done;
  }

  private Done copy(Path src, Path tmp, String rel) throws IOException {
    FileSystem sfs = ParquetShards.fs(hadoop, src);
    FileSystem dfs = ParquetShards.fs(hadoop, tmp);
    MessageDigest md = Sha256.newDigest();
    long n = 0;
    byte[] buf = new byte[1 << 16];
    try (FSDataInputStream in = sfs.open(src); FSDataOutputStream os = dfs.create(tmp, false)) {
      int k;
      while ((k = in.read(buf)) > 0) {
        os.write(buf, 0, k);
        md.update(buf, 0, k);
        n += k;
      }
    }
    return new Done(rel, -1, 0, n, HexFormat.of().formatHex(md.digest()));
  }

  private Done rewrite(Path src, Path tmp, Job job) throws IOException {
    MessageType expected = job.kind() == Kind.SHARD ? null : ParquetShards.messageType(Schemas.LINEAGE, "lineage");
    Map<String, String> meta = job.kind() == Kind.SHARD ? null
        : Map.of(ParquetShards.SPARK_ROW_METADATA, Schemas.LINEAGE.json());
    String idColumn = job.kind() == Kind.SHARD ? "episode_id" : "user_key";
    try (ParquetFileReader f = ParquetFileReader.open(HadoopInputFile.fromPath(src, hadoop.get()))) {
      MessageType actual = f.getFileMetaData().getSchema();
      if (job.kind() == Kind.SHARD) {
        // A version published in an earlier layout (before frames carried `redactions`, or before
        // shards were all-optional for Arrow): erasure must still apply to it; it is rewritten in
        // its own layout, so its siblings stay alike.
        for (ParquetShards.ShardLayout l : ParquetShards.shardLayouts()) {
          if (l.type().equals(actual)) {
            expected = l.type();
            meta = l.metadata();
            break;
          }
        }
      }
      if (expected == null || !actual.equals(expected)) {
        // Refuse rather than write a file whose schema differs from its siblings'.
        throw new IOException(src + " does not have the current " + job.kind().name().toLowerCase(java.util.Locale.ROOT)
            + " schema; it cannot be rewritten by this version of the job");
      }
    }
    FileSystem dfs = ParquetShards.fs(hadoop, tmp);
    ParquetShards.DigestingFile file = new ParquetShards.DigestingFile(dfs, tmp);
    long kept = 0;
    long dropped = 0;
    try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), src).withConf(hadoop.get())
        .build();
         ParquetWriter<Group> w = ParquetShards.open(file, expected, writer, meta, hadoop.get())) {
      Group g;
      while ((g = reader.read()) != null) {
        if (job.drop().contains(g.getString(idColumn, 0))) {
          dropped++;
        } else {
          w.write(g);
          kept++;
        }
      }
    }
    if (job.expectDrop() >= 0 && dropped != job.expectDrop()) {
      throw new IOException(job.rel() + ": dropped " + dropped + " rows, expected " + job.expectDrop());
    }
    return new Done(job.rel(), kept, dropped, file.bytes(), file.sha256());
  }
}
