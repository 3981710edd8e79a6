package io.demoshard.redact;

import io.demoshard.SparkTestBase;
import io.demoshard.config.DemoshardConfig;
import io.demoshard.model.Schemas;
import io.demoshard.model.Sha256;
import io.demoshard.privacy.scrub.TextScrubber;
import io.demoshard.spark.HadoopConf;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The redaction stage in Spark: frames read from the raw drop, painted where the session's typed
 * value and the detectors say, a frame that cannot be read dropped with its steps re-pointed, and
 * the counts the manifest and the accounting need.
 */
class RedactStageTest extends SparkTestBase {
  @TempDir static Path raw;
  static Rectangle typedBox;
  static Rectangle emailBox;
  static Rectangle controlBox;
  static List<Row> out;
  static Map<String, Long> counts;

  /** A form showing a value the user typed (found through the session's values) and a detector-found e-mail. */
  static byte[] form() throws Exception {
    Screen s = new Screen(640, 240, Color.WHITE);
    controlBox = s.text("Quarterly report", 20, 20, "SansSerif", 16, Color.BLACK, null);
    s.text("Customer ref:", 20, 70, "SansSerif", 15, Color.BLACK, null);
    typedBox = s.text("Zanzibar Quixotic", 150, 70, "SansSerif", 15, Color.BLACK, "typed");
    s.text("Contact:", 20, 120, "SansSerif", 15, Color.BLACK, null);
    emailBox = s.text("mira.kowalczyk@example.org", 100, 120, "SansSerif", 15, Color.BLACK, "email");
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ImageIO.write(s.img, "png", b);
    return b.toByteArray();
  }

  static Row frame(int idx, String rel, byte[] bytes, int w, int h) {
    return RowFactory.create(idx, idx * 1000L, "f" + idx, rel, w, h, "png", 0L, Sha256.hex(bytes), (long) bytes.length);
  }

  static Row step(int idx, Integer frame) {
    return RowFactory.create(idx, idx * 500L, "click", 1, 1, null, null, 0.1, 0.1, null, null, "left", null, null,
        null, null, null, frame);
  }

  @BeforeAll
  static void run() throws Exception {
    byte[] good = form();
    byte[] broken = java.util.Arrays.copyOf(good, good.length / 3);  // truncated: cannot be decoded
    Files.createDirectories(raw.resolve("s"));
    Files.write(raw.resolve("s/0.png"), good);
    Files.write(raw.resolve("s/1.png"), broken);
    Files.write(raw.resolve("s/2.png"), good);
    List<Row> frames = List.of(frame(0, "s/0.png", good, 640, 240), frame(1, "s/1.png", broken, 640, 240),
        frame(2, "s/2.png", good, 640, 240));
    List<Row> steps = List.of(step(0, 0), step(1, 1), step(2, 2), step(3, null));
    Row episode = RowFactory.create("ep1", "uk1", "sess1", 0L, 2000L, "Code", List.of("Code"), null, "linux", 640,
        240, 2000L, 4, 3, steps, frames, 8L, List.of("a", "b", "c", "d"));
    Dataset<Row> episodes = spark().createDataFrame(List.of(episode), Schemas.EPISODE);
    Dataset<Row> values = spark().createDataFrame(List.of(RowFactory.create("sess1",
        List.of(RowFactory.create("typed", "Zanzibar Quixotic")))), SessionValues.SCHEMA);
    DemoshardConfig cfg = DemoshardConfig.defaults();
    RedactStage.Result r = new RedactStage(cfg.redact(), TextScrubber.from(cfg.privacy()), List.of(),
        new HadoopConf(new Configuration())).apply(episodes, values, raw.toUri().toString());
    out = r.episodes().collectAsList();
    counts = r.counts().asMap();
    r.persisted().unpersist();
  }

  @Test
  void paintsTheTypedValueAndTheEmailButNotTheControlText() throws Exception {
    Row e = out.get(0);
    List<Row> frames = e.getList(e.fieldIndex("frames"));
    Row f = frames.get(0);
    int image = Schemas.REDACTED_FRAME.fieldIndex("image");
    BufferedImage before = ImageIO.read(new ByteArrayInputStream(form()));
    BufferedImage after = ImageIO.read(new ByteArrayInputStream((byte[]) f.get(image)));
    assertTrue(changedShare(before, after, typedBox) > 0.9, "typed value painted");
    assertTrue(changedShare(before, after, emailBox) > 0.9, "e-mail painted");
    assertEquals(0.0, changedShare(before, after, controlBox), 1e-9, "control text untouched");
    assertTrue(f.getInt(Schemas.REDACTED_FRAME.fieldIndex("redactions")) >= 2);
    byte[] bytes = (byte[]) f.get(image);
    assertEquals(Sha256.hex(bytes), f.getString(Schemas.REDACTED_FRAME.fieldIndex("content_hash")));
    assertEquals(bytes.length, f.getLong(Schemas.REDACTED_FRAME.fieldIndex("bytes")));
  }

  @Test
  void anUnreadableFrameIsDroppedAndItsStepLosesItsObservation() {
    Row e = out.get(0);
    List<Row> frames = e.getList(e.fieldIndex("frames"));
    assertEquals(2, frames.size());
    assertEquals(2, e.getInt(e.fieldIndex("num_frames")));
    assertEquals(List.of(0, 1), frames.stream().map(f -> f.getInt(0)).toList(), "frames renumbered");
    assertEquals(List.of("f0", "f2"), frames.stream().map(f -> f.getString(2)).toList());
    List<Row> steps = e.getList(e.fieldIndex("steps"));
    List<Integer> refs = new ArrayList<>();
    for (Row s : steps) {
      refs.add(s.isNullAt(Schemas.STEP.fieldIndex("frame")) ? null : s.getInt(Schemas.STEP.fieldIndex("frame")));
    }
    assertEquals(0, refs.get(0));
    assertNull(refs.get(1), "the step that observed the dropped frame has none");
    assertEquals(1, refs.get(2), "the frame after the dropped one is renumbered");
    assertNull(refs.get(3));
  }

  @Test
  void countsWhatItDid() {
    assertEquals(3L, counts.get("redact.frames_in"));
    assertEquals(1L, counts.get("redact.frames_failed"));
    assertEquals(2L, counts.get("redact.frames_out"));
    assertEquals(2L, counts.get("redact.frames_with_redactions"));
    assertEquals(1L, counts.get("frames.policy.redact_failed"));
    assertTrue(counts.get("redact.boxes.email") >= 2, counts.toString());
    assertTrue(counts.get("redact.boxes") >= 4, counts.toString());
    assertNotEquals(null, counts.get("redact.boxes.typed"), counts.toString());
  }

  static double changedShare(BufferedImage a, BufferedImage b, Rectangle r) {
    int changed = 0;
    int n = 0;
    for (int y = r.y; y < r.y + r.height; y++) {
      for (int x = r.x; x < r.x + r.width; x++) {
        n++;
        if (a.getRGB(x, y) != b.getRGB(x, y)) {
          changed++;
        }
      }
    }
    return n == 0 ? 0 : (double) changed / n;
  }
}
