package io.demoshard.publish;

import java.io.Serializable;

/**
 * One published shard file.
 *
 * @param split  {@code train}, {@code val} or {@code test}
 * @param path   path relative to the version folder, e.g. {@code train/part-00000.parquet}
 * @param rows   episodes in the file
 * @param bytes  file size
 * @param sha256 lower-case hex SHA-256 of the whole file
 */
public record ShardInfo(String split, String path, long rows, long bytes, String sha256) implements Serializable {
  /** The file name alone ({@code part-00000.parquet}), as the lineage table records it. */
  public String fileName() {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
