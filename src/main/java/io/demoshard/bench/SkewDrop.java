package io.demoshard.bench;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * The skew drop of issue 13: one consenting user, one recorder session of {@code events} events
 * (2M in the benchmark) in RAW_FORMAT.md, so a single session key carries the whole day. The
 * session repeats a small work cycle (moves, a click, a typed word, Enter, a scroll; an app switch
 * every 50 cycles), 40 ms between events, uploaded in gzip chunks of {@value #EVENTS_PER_FILE}
 * events; an {@code input} screenshot before every {@value #CYCLES_PER_FRAME}th click, drawn from
 * a few distinct small PNGs. Local file system only (the benchmark's cache).
 */
public final class SkewDrop {
  static final int EVENTS_PER_FILE = 100_000;
  static final int CYCLES_PER_FRAME = 10;
  static final long STEP_MS = 40;
  static final String USER = "u000001";
  static final String DEVICE = "dev-skew";
  static final String SESSION = "sess-skew";
  private static final String[] WORDS = {"alpha", "bravo", "delta", "kilo", "lima", "oscar", "tango", "zulu"};
  private static final String[] APPS = {"Code", "Google Chrome", "Terminal"};
  private static final int IMAGES = 16;

  /** What was written. */
  public record Summary(long events, long frames, int eventFiles) {}

  private final Path raw;
  private final LocalDate day;
  private final int width;
  private final int height;

  public SkewDrop(Path raw, LocalDate day, int width, int height) {
    this.raw = raw;
    this.day = day;
    this.width = width;
    this.height = height;
  }

  public Summary write(long events) throws IOException {
    if (events < 2) {
      throw new IllegalArgumentException("a session needs at least its start and end: events >= 2");
    }
    Path evDir = Files.createDirectories(raw.resolve("events/dt=" + day + "/" + DEVICE));
    Path frDir = Files.createDirectories(raw.resolve("frames/dt=" + day + "/" + DEVICE));
    String shotRel = "screenshots/dt=" + day + "/" + DEVICE + "/" + SESSION;
    Path shotDir = Files.createDirectories(raw.resolve(shotRel));
    Files.createDirectories(raw.resolve("consent"));
    Files.writeString(raw.resolve("consent/consent.csv"), "user_id,status,region,updated_at\n"
        + USER + ",granted,US," + day.minusDays(1) + "T00:00:00Z\n");
    byte[][] pngs = new byte[IMAGES][];
    for (int i = 0; i < IMAGES; i++) {
      pngs[i] = png(i);
    }
    long t0 = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() + 30 * 60_000L;
    long frames = 0;
    int files = 0;
    Writer ev = null;
    try (Writer fr = gz(frDir.resolve(SESSION + ".jsonl.gz"))) {
      Cycle cycle = new Cycle();
      for (long seq = 0; seq < events; seq++) {
        if (seq % EVENTS_PER_FILE == 0) {
          if (ev != null) {
            ev.close();
          }
          ev = gz(evDir.resolve(String.format(Locale.ROOT, "%s-%04d.jsonl.gz", SESSION, files++)));
        }
        long ts = t0 + seq * STEP_MS;
        String body = seq == 0 ? start() : seq == events - 1 ? "\"type\":\"session_end\",\"reason\":\"lock\""
            : cycle.next();
        if (body.startsWith("\"type\":\"mouse_down\"") && cycle.clicks++ % CYCLES_PER_FRAME == 0) {
          String frameId = String.format(Locale.ROOT, "f-skew-%08d", frames);
          String rel = shotRel + "/" + frameId + ".png";
          Files.write(raw.resolve(rel), pngs[(int) (frames % IMAGES)]);
          fr.write(String.format(Locale.ROOT, "{\"v\":1,\"frame_id\":\"%s\",\"user_id\":\"%s\",\"device_id\":\"%s\","
                  + "\"session_id\":\"%s\",\"ts\":%d,\"path\":\"%s\",\"width\":%d,\"height\":%d,\"format\":\"png\","
                  + "\"trigger\":\"input\"}%n", frameId, USER, DEVICE, SESSION, ts - 5, rel, width, height));
          frames++;
        }
        ev.write(String.format(Locale.ROOT, "{\"v\":1,\"event_id\":\"e-skew-%d\",\"user_id\":\"%s\",\"device_id\":\"%s\","
            + "\"session_id\":\"%s\",\"seq\":%d,\"ts\":%d,%s}%n", seq, USER, DEVICE, SESSION, seq, ts, body));
      }
    } finally {
      if (ev != null) {
        ev.close();
      }
    }
    return new Summary(events, frames, files);
  }

  private String start() {
    return String.format(Locale.ROOT, "\"type\":\"session_start\",\"screen_w\":%d,\"screen_h\":%d,\"scale\":1.0,"
        + "\"os\":\"linux\",\"recorder\":\"bench-skew\"", width, height);
  }

  /** The repeated work: an app switch every 50 cycles, then moves, a click, a word, Enter and a scroll. */
  private final class Cycle {
    private final java.util.ArrayDeque<String> queue = new java.util.ArrayDeque<>();
    private long n;
    long clicks;

    String next() {
      if (queue.isEmpty()) {
        refill();
      }
      return queue.poll();
    }

    private void refill() {
      int x = (int) (n * 37 % width);
      int y = (int) (n * 53 % height);
      if (n % 50 == 0) {
        String app = APPS[(int) (n / 50 % APPS.length)];
        queue.add(String.format(Locale.ROOT, "\"type\":\"focus\",\"app\":\"%s\",\"title\":\"%s - work %d\"", app, app,
            n / 50));
      }
      for (int i = 0; i < 3; i++) {
        queue.add(String.format(Locale.ROOT, "\"type\":\"mouse_move\",\"x\":%d,\"y\":%d", (x + i * 5) % width, y));
      }
      queue.add(String.format(Locale.ROOT, "\"type\":\"mouse_down\",\"x\":%d,\"y\":%d,\"button\":\"left\"", x, y));
      queue.add(String.format(Locale.ROOT, "\"type\":\"mouse_up\",\"x\":%d,\"y\":%d,\"button\":\"left\"", x, y));
      for (char c : WORDS[(int) (n % WORDS.length)].toCharArray()) {
        queue.add(key("key_down", String.valueOf(c)));
        queue.add(key("key_up", String.valueOf(c)));
      }
      queue.add(key("key_down", "Enter"));
      queue.add(key("key_up", "Enter"));
      queue.add(String.format(Locale.ROOT, "\"type\":\"scroll\",\"x\":%d,\"y\":%d,\"dx\":0,\"dy\":120", x, y));
      n++;
    }

    private String key(String type, String key) {
      return "\"type\":\"" + type + "\",\"key\":\"" + key + "\",\"modifiers\":[],\"secure\":false,\"repeat\":false";
    }
  }

  private byte[] png(int i) throws IOException {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(240, 240 - i * 4, 230));
    g.fillRect(0, 0, width, height);
    g.setColor(Color.DARK_GRAY);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    g.drawString("work item " + i, 12, 30 + i * 8);
    g.fillRect(12, height - 40, 40 + i * 10, 12);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static Writer gz(Path p) throws IOException {
    return new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(p), 1 << 16), StandardCharsets.UTF_8);
  }
}
