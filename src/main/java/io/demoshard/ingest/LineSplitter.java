package io.demoshard.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into lines on {@code \n} (a trailing {@code \r} is dropped), decoding
 * UTF-8. Keeps what a failing stream had delivered of the current line, so a cut line can be
 * quarantined, and counts the bytes it consumed. A line longer than {@code maxLineBytes} is
 * returned cut to that length with {@link #lastTooLong()} set.
 */
final class LineSplitter {
  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int limit;
  private byte[] line = new byte[1024];
  private int lineLen;
  private long lineBytes;
  private long bytesRead;
  private boolean tooLong;

  LineSplitter(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /** The next line, or null at the end of the stream. */
  String next() throws IOException {
    lineLen = 0;
    lineBytes = 0;
    tooLong = false;
    while (true) {
      if (pos == limit) {
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
          return lineBytes == 0 ? null : text();
        }
        pos = 0;
        limit = n;
        bytesRead += n;
      }
      int start = pos;
      while (pos < limit && buf[pos] != '\n') {
        pos++;
      }
      append(start, pos - start);
      if (pos < limit) {
        pos++;  // the newline
        return text();
      }
    }
  }

  private void append(int start, int len) {
    lineBytes += len;
    int keep = Math.min(len, maxLineBytes - lineLen);
    if (keep < len) {
      tooLong = true;
    }
    if (keep > 0) {
      if (lineLen + keep > line.length) {
        line = Arrays.copyOf(line, Math.max(line.length * 2, lineLen + keep));
      }
      System.arraycopy(buf, start, line, lineLen, keep);
      lineLen += keep;
    }
  }

  private String text() {
    int len = lineLen;
    if (!tooLong && len > 0 && line[len - 1] == '\r') {
      len--;
    }
    return new String(line, 0, len, StandardCharsets.UTF_8);
  }

  /** What the stream had delivered of the current line before it failed ("" when nothing). */
  String partial() {
    return text();
  }

  boolean lastTooLong() {
    return tooLong;
  }

  /** Bytes consumed from the (decompressed) stream so far. */
  long bytesRead() {
    return bytesRead;
  }
}
