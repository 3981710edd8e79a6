package io.demoshard.sim;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.Path;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** All output goes through the Hadoop FileSystem API, so file:, hdfs: and s3a: roots work alike. */
final class RawWriter {
  final FileSystem fs;
  final Path root;
  private final RawLocalFileSystem local;   // set for file: roots

  RawWriter(String rawRoot, Configuration conf) throws IOException {
    this.root = new Path(rawRoot);
    this.fs = root.getFileSystem(conf);
    // no .crc side files on the local file system: the recorder does not write them either
    fs.setWriteChecksum(false);
    this.local = fs instanceof LocalFileSystem lfs && lfs.getRaw() instanceof RawLocalFileSystem raw ? raw
        : fs instanceof RawLocalFileSystem raw ? raw : null;
  }

  void bytes(String rel, byte[] data) {
    Path p = new Path(root, rel);
    if (local != null) {
      // Hadoop's local FS forks `chmod` for every created file when native libs are absent (~5 ms
      // each, minutes for a day of screenshots); Hadoop still resolves the path, the JDK writes.
      try {
        java.nio.file.Path f = local.pathToFile(p).toPath();
        java.nio.file.Files.createDirectories(f.getParent());
        java.nio.file.Files.write(f, data);
        return;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + rel, e);
      }
    }
    try (FSDataOutputStream out = fs.create(p, true)) {
      out.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + rel, e);
    }
  }

  void text(String rel, List<String> lines) {
    bytes(rel, join(lines).getBytes(StandardCharsets.UTF_8));
  }

  static String join(List<String> lines) {
    StringBuilder sb = new StringBuilder();
    for (String l : lines) sb.append(l).append('\n');
    return sb.toString();
  }

  /** Gzip with the JDK's fixed header (mtime 0), so the bytes are reproducible. */
  static byte[] gzip(byte[] data) {
    try {
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(bos)) { gz.write(data); }
      return bos.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
