package io.demoshard.publish;

import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageEncodingStats;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * Makes a Parquet footer canonical so that the same rows give the same bytes in every JVM:
 * parquet-hadoop collects each column chunk's encodings in a {@code HashSet} of enum
 * constants, whose iteration order follows identity hash codes and so changes from run to
 * run. Sorting the encodings (and the encoding stats) fixes the order without changing the
 * footer's length or anything it points to.
 */
final class FooterCanon {
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  private FooterCanon() {}

  /**
   * Rewrites, in place, the footer at the end of {@code file[0, len)} (the file's last bytes,
   * footer included). Leaves the bytes alone when they do not end with a whole footer.
   */
  static void canonicalise(byte[] file, int len) throws IOException {
    if (len < 8 || !java.util.Arrays.equals(file, len - 4, len, MAGIC, 0, 4)) {
      return;
    }
    int footerLen = (file[len - 8] & 0xff) | (file[len - 7] & 0xff) << 8 | (file[len - 6] & 0xff) << 16
        | (file[len - 5] & 0xff) << 24;
    int start = len - 8 - footerLen;
    if (footerLen <= 0 || start < 0) {
      return;
    }
    FileMetaData md = Util.readFileMetaData(new ByteArrayInputStream(file, start, footerLen));
    if (md.getRow_groups() != null) {
      for (RowGroup rg : md.getRow_groups()) {
        for (ColumnChunk cc : rg.getColumns()) {
          ColumnMetaData cm = cc.getMeta_data();
          if (cm == null) {
            continue;
          }
          if (cm.getEncodings() != null) {
            cm.getEncodings().sort(Comparator.comparingInt(e -> e.getValue()));
          }
          if (cm.getEncoding_stats() != null) {
            cm.getEncoding_stats().sort(Comparator.comparingInt((PageEncodingStats s) -> s.getPage_type().getValue())
                .thenComparingInt(s -> s.getEncoding().getValue()));
          }
        }
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(footerLen);
    Util.writeFileMetaData(md, bytes);
    byte[] canon = bytes.toByteArray();
    if (canon.length != footerLen) {
      throw new IOException("canonical footer changed length: " + footerLen + " -> " + canon.length);
    }
    System.arraycopy(canon, 0, file, start, footerLen);
  }
}
