package io.demoshard.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demoshard.SparkTestBase;
import io.demoshard.config.DemoshardConfig.SimulateConfig;
import io.demoshard.sim.Simulator;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small simulated day and a hand-made "published" night: one frame with every PII box painted, one
 * untouched, one with only its e-mails painted, one frame id the truth does not know. The metrics
 * must count exactly those boxes.
 */
class FrameTextEvalTest extends SparkTestBase {
  static final LocalDate DAY = LocalDate.parse("2025-03-12");
  static final ObjectMapper M = new ObjectMapper();
  static final int PAD = 2;

  @TempDir static Path dir;
  static Path raw;
  static List<JsonNode> truth = new ArrayList<>();

  @BeforeAll
  static void simulate() throws Exception {
    raw = dir.resolve("raw");
    new Simulator(new SimulateConfig(3, 5, 640, 400, 3000), new Configuration()).run(raw.toUri().toString(), DAY, false);
    try (InputStream in = new GZIPInputStream(Files.newInputStream(raw.resolve(FrameTextEval.TRUTH)))) {
      for (String l : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) truth.add(M.readTree(l));
    }
  }

  static Rectangle rect(JsonNode b) { return new Rectangle(b.get("x").asInt(), b.get("y").asInt(), b.get("w").asInt(), b.get("h").asInt()); }

  static Rectangle padded(JsonNode b) { Rectangle r = rect(b); r.grow(PAD, PAD); return r; }

  /** Boxes of a frame that hold text pixels (only those are scored). */
  static List<JsonNode> inked(JsonNode frame, BufferedImage img, Predicate<JsonNode> which) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode b : frame.get("boxes")) {
      Rectangle r = rect(b);
      if (which.test(b) && TextPixels.score(img, img, r.x, r.y, r.width, r.height).textPixels() > 0) out.add(b);
    }
    return out;
  }

  static boolean email(JsonNode b) { return b.get("kind").asText().equals("email"); }

  static boolean pii(JsonNode b) { return b.get("pii").asBoolean(); }

  static BufferedImage image(JsonNode frame) throws Exception { return ImageIO.read(raw.resolve(frame.get("path").asText()).toFile()); }

  static byte[] png(BufferedImage img) throws Exception {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    ImageIO.write(img, "png", bos);
    return bos.toByteArray();
  }

  static BufferedImage painted(BufferedImage img, List<JsonNode> boxes) {
    BufferedImage c = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = c.createGraphics();
    g.drawImage(img, 0, 0, null);
    g.setColor(Color.BLACK);
    for (JsonNode b : boxes) g.fill(padded(b));
    g.dispose();
    return c;
  }

  /**
   * Writes lineage and one train shard, episode "e1" with the given frames (with a
   * {@code redactions} count per frame when {@code redactions} is not null); returns the output root.
   */
  static Path publish(String name, List<String> frameIds, List<byte[]> images, List<Integer> redactions) {
    Path out = dir.resolve(name);
    StructType lineage = new StructType().add("episode_id", DataTypes.StringType)
        .add("frame_ids", DataTypes.createArrayType(DataTypes.StringType));
    StructType image = new StructType().add("bytes", DataTypes.BinaryType).add("path", DataTypes.StringType);
    StructType frame = new StructType().add("idx", DataTypes.IntegerType).add("image", image);
    if (redactions != null) frame = frame.add("redactions", DataTypes.IntegerType);
    StructType shard = new StructType().add("episode_id", DataTypes.StringType).add("frames", DataTypes.createArrayType(frame));
    List<Row> frames = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      Row img = RowFactory.create(images.get(i), "e1/" + i + ".png");
      frames.add(redactions == null ? RowFactory.create(i, img) : RowFactory.create(i, img, redactions.get(i)));
    }
    spark().createDataFrame(List.of(RowFactory.create("e1", frameIds.toArray(new String[0]))), lineage)
        .write().parquet(out.resolve("_lineage/" + DAY).toString());
    spark().createDataFrame(List.of(RowFactory.create("e1", frames.toArray())), shard)
        .write().parquet(out.resolve(DAY + "/train").toString());
    return out;
  }

  @Test
  void countsPaintedAndUnpaintedBoxesExactly() throws Exception {
    // PNG frames: A with two or more PII boxes, B with PII, C with e-mails and other PII away from them
    JsonNode a = null, b = null, c = null;
    for (JsonNode f : truth) {
      if (!f.get("path").asText().endsWith(".png")) continue;
      List<JsonNode> p = new ArrayList<>();
      f.get("boxes").forEach(x -> { if (pii(x)) p.add(x); });
      if (c == null && p.stream().anyMatch(FrameTextEvalTest::email) && p.stream().anyMatch(x -> !email(x)
          && p.stream().filter(FrameTextEvalTest::email).noneMatch(e -> padded(e).intersects(rect(x))))) { c = f; continue; }
      if (a == null && p.size() >= 2) { a = f; continue; }
      if (b == null && !p.isEmpty()) b = f;
    }
    assertNotNull(a);
    assertNotNull(b);
    assertNotNull(c, "a frame with e-mails and other PII");
    BufferedImage ia = image(a), ib = image(b), ic = image(c);
    List<JsonNode> piiA = inked(a, ia, FrameTextEvalTest::pii);
    List<JsonNode> piiB = inked(b, ib, FrameTextEvalTest::pii);
    List<JsonNode> emailsC = inked(c, ic, FrameTextEvalTest::email);
    List<JsonNode> otherC = inked(c, ic, x -> pii(x) && !email(x));
    Path out = publish("night", List.of(a.get("frame_id").asText(), b.get("frame_id").asText(), c.get("frame_id").asText(), "fr-unknown"),
        List.of(png(painted(ia, piiA)), png(ib), png(painted(ic, emailsC)), png(ib)),
        List.of(piiA.size(), 0, emailsC.size(), 0));

    Map<String, Object> m = FrameTextEval.evaluate(spark(), raw.toUri().toString(), out.toUri().toString(), DAY.toString());
    assertEquals(4L, m.get("frames_published"));
    assertEquals(3L, m.get("frames_scored"));
    assertEquals(1L, m.get("frames_without_truth"));
    assertEquals((long) (piiA.size() + piiB.size() + emailsC.size() + otherC.size()), m.get("pii_boxes"));
    // other PII in C touches no painted e-mail box, so exactly A's and C's e-mails are redacted
    assertEquals((long) (piiA.size() + emailsC.size()), m.get("pii_boxes_redacted"));
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> kinds = (Map<String, Map<String, Object>>) m.get("pii_by_kind");
    long emails = piiA.stream().filter(FrameTextEvalTest::email).count() + emailsC.size();
    assertEquals(emails, kinds.get("email").get("redacted"));
    assertEquals(emails + piiB.stream().filter(FrameTextEvalTest::email).count(), kinds.get("email").get("boxes"));
    assertEquals(1L, m.get("frames_zero_pii_left"), "only A is clean");
    assertEquals((long) (piiA.size() + emailsC.size()), m.get("redactions_reported"));
    assertEquals(3L, m.get("frames_with_pii"));
    // control text: B untouched keeps all; boxes clear of paint in A and C are kept too
    long ctlClear = inked(b, ib, x -> !pii(x)).size()
        + inked(a, ia, x -> !pii(x) && piiA.stream().noneMatch(p -> padded(p).intersects(rect(x)))).size()
        + inked(c, ic, x -> !pii(x) && emailsC.stream().noneMatch(p -> padded(p).intersects(rect(x)))).size();
    long ctl = (long) m.get("control_boxes");
    long kept = (long) m.get("control_boxes_kept");
    assertTrue(kept >= ctlClear && kept <= ctl, kept + " kept, " + ctlClear + " clear of paint, " + ctl + " boxes");
    assertTrue((double) m.get("control_text_kept") > 0.8, m.toString());
  }

  @Test
  void unredactedOutputScoresZeroRecallAndKeepsAllText() throws Exception {
    List<String> ids = new ArrayList<>();
    List<byte[]> imgs = new ArrayList<>();
    for (JsonNode f : truth) {
      if (ids.size() == 6) break;
      if (f.get("boxes").size() < 5) continue;
      ids.add(f.get("frame_id").asText());
      imgs.add(Files.readAllBytes(raw.resolve(f.get("path").asText())));   // published as recorded (PNG or JPEG bytes)
    }
    Path out = publish("unredacted", ids, imgs, null);
    Map<String, Object> m = FrameTextEval.evaluate(spark(), raw.toUri().toString(), out.toUri().toString(), DAY.toString());
    assertEquals(6L, m.get("frames_scored"));
    assertTrue((long) m.get("pii_boxes") > 0, m.toString());
    assertEquals(0.0, m.get("pii_box_recall"));
    assertEquals(1.0, m.get("control_text_kept"));
    assertEquals(null, m.get("redactions_reported"), "no redactions column yet");
  }
}
