package io.demoshard.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/** Tiny raw-root fixtures written to a temp folder. */
final class Fixtures {
  private Fixtures() {}

  static long dayStart(LocalDate d) {
    return d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  static String event(String id, String device, long ts, String type, String extra) {
    return "{\"v\":1,\"event_id\":\"" + id + "\",\"user_id\":\"u1\",\"device_id\":\"" + device
        + "\",\"session_id\":\"s-" + device + "\",\"seq\":1,\"ts\":" + ts + ",\"type\":\"" + type + "\""
        + (extra.isEmpty() ? "" : "," + extra) + "}";
  }

  static String move(String id, String device, long ts, int x) {
    return event(id, device, ts, "mouse_move", "\"x\":" + x + ",\"y\":5");
  }

  static String frame(String id, String device, long ts, String path, int w, int h, String format) {
    return "{\"v\":1,\"frame_id\":\"" + id + "\",\"user_id\":\"u1\",\"device_id\":\"" + device
        + "\",\"session_id\":\"s-" + device + "\",\"ts\":" + ts + ",\"path\":\"" + path + "\",\"width\":" + w
        + ",\"height\":" + h + ",\"format\":\"" + format + "\",\"trigger\":\"timer\"}";
  }

  static Path write(Path root, String rel, byte[] bytes) {
    try {
      Path p = root.resolve(rel);
      Files.createDirectories(p.getParent());
      return Files.write(p, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path lines(Path root, String rel, String... lines) {
    return write(root, rel, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  static Path gz(Path root, String rel, String... lines) {
    return write(root, rel, gzip((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * A gzip file cut right after {@code kept} (complete lines plus a half line): the deflate
   * stream is sync-flushed there, so exactly {@code kept} decompresses before the cut.
   */
  static Path truncatedGz(Path root, String rel, String kept, String lost) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      GZIPOutputStream out = new GZIPOutputStream(bytes, true);
      out.write(kept.getBytes(StandardCharsets.UTF_8));
      out.flush();
      int cut = bytes.size();
      out.write(lost.getBytes(StandardCharsets.UTF_8));
      out.close();
      return write(root, rel, Arrays.copyOf(bytes.toByteArray(), cut));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] gzip(byte[] data) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
        out.write(data);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
