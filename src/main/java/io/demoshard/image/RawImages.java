package io.demoshard.image;

import io.demoshard.model.Sha256;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.Arrays;

/** Reading a screenshot of the raw drop on an executor, exactly the file the image check saw. */
public final class RawImages {
  private RawImages() {}

  /** A frame path must stay inside the raw root: relative, no scheme, no {@code ..} segment. */
  public static Path resolve(Path raw, String rel) throws IOException {
    if (rel == null || rel.isEmpty() || rel.startsWith("/") || rel.contains(":") || rel.contains("\\")
        || Arrays.asList(rel.split("/")).contains("..")) {
      throw new IOException("frame path is not a plain path relative to the raw root: " + rel);
    }
    return new Path(raw, rel);
  }

  /**
   * Reads an image and checks it is the one the image check saw (size, and SHA-256 when the
   * recorded hash is one): a file that changed or vanished since then fails the job rather than
   * publishing other pixels than the ones that were checked.
   */
  public static byte[] read(FileSystem fs, Path p, long expectedBytes, String contentHash) throws IOException {
    long len = fs.getFileStatus(p).getLen();
    if (len != expectedBytes) {
      throw new IOException("image " + p + " has " + len + " bytes, the image check saw " + expectedBytes);
    }
    if (len > Integer.MAX_VALUE - 16) {
      throw new IOException("image too large: " + p);
    }
    byte[] b = new byte[(int) len];
    try (FSDataInputStream in = fs.open(p)) {
      in.readFully(0, b);
    }
    if (contentHash != null && contentHash.matches("(?i)[0-9a-f]{64}")) {
      String actual = Sha256.hex(b);
      if (!actual.equalsIgnoreCase(contentHash)) {
        throw new IOException("image " + p + " changed since the image check (SHA-256 differs)");
      }
    }
    return b;
  }
}
