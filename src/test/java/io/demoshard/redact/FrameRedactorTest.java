package io.demoshard.redact;

import io.demoshard.config.DemoshardConfig;
import io.demoshard.config.DemoshardConfig.RedactConfig;
import io.demoshard.image.Codec;
import io.demoshard.image.ImageDecoder;
import io.demoshard.image.Images;
import io.demoshard.image.Painter;
import io.demoshard.privacy.scrub.TextScrubber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real OCR on small rendered frames (each OCR call ~0.2-0.5 s here). */
class FrameRedactorTest {
  static final RedactConfig CFG = DemoshardConfig.defaults().redact();
  static final TextScrubber SCRUBBER = TextScrubber.from(DemoshardConfig.defaults().privacy());
  static final List<KnownValue> DIRECTORY = List.of(new KnownValue("name", "Tomas Berg"),
      new KnownValue("email", "tomas.berg@example.org"));
  static final Color INK = new Color(32, 33, 36);
  static final Color GREY = new Color(110, 112, 118);
  static final Color TERM_BG = new Color(30, 30, 30);
  static final Color TERM_FG = new Color(204, 204, 204);
  static FrameRedactor redactor;

  @BeforeAll
  static void open() {
    redactor = new FrameRedactor(CFG, SCRUBBER, DIRECTORY);
  }

  @AfterAll
  static void close() {
    redactor.close();
  }

  /** A mail + chat + terminal screen; {@code typed} is drawn in a compose field. */
  static Screen screen(String typed) {
    Screen s = new Screen(640, 330, new Color(250, 250, 250));
    String sans = Font.SANS_SERIF;
    String mono = Font.MONOSPACED;
    s.text("File   Edit   View   Help", 8, 6, sans, 12, INK, null);
    s.labelled("From:", "jane.novak17@example.org", 8, 34, sans, 13, INK, "email");
    s.labelled("Subject:", "Quarterly report", 8, 56, sans, 13, INK, null);
    s.labelled("Call me at", "+1 415 555 0134", 8, 80, sans, 11, GREY, "phone");
    s.labelled("Meeting with", "Tomas Berg", 8, 100, sans, 12, INK, "name");
    s.fill(0, 125, 640, 30, new Color(235, 238, 242));
    s.text(typed, 8, 132, sans, 13, INK, null);
    s.fill(0, 170, 640, 160, TERM_BG);
    s.labelled("dev@win-7f3a2c:~$", "git commit -m fix build", 8, 180, mono, 12, TERM_FG, null);
    s.truth.removeIf(t -> t.text().startsWith("dev@"));
    s.text("dev@win-7f3a2c:~$", 8, 180, mono, 12, TERM_FG, "host");
    Rectangle home = s.text("cd /home/", 8, 202, mono, 12, TERM_FG, "");
    Rectangle name = s.text("jnovak", home.x + home.width, 202, mono, 12, TERM_FG, "home_path");
    s.text("/src", name.x + name.width, 202, mono, 12, TERM_FG, "");
    s.text("On branch main", 8, 224, mono, 12, TERM_FG, null);
    s.dispose();
    return s;
  }

  static List<Rectangle> padded(List<Box> boxes, int w, int h) {
    List<Rectangle> out = new ArrayList<>();
    for (Box b : boxes) {
      out.add(Painter.padded(b.rect(), CFG.paddingPx(), w, h));
    }
    return out;
  }

  @Test
  void paintsPiiKeepsControlTextAndTouchesNothingElse() throws Exception {
    Screen s = screen("Thanks, see you Monday");
    byte[] png = Images.png(s.img);
    RedactedFrame r = redactor.redactSequence(List.of(new FrameInput(png, "png")), List.of()).get(0);
    assertNull(r.failure());
    assertEquals("png", r.format());
    assertEquals(r.boxes().size(), r.redactions());
    List<Rectangle> painted = padded(r.boxes(), 640, 330);
    for (Screen.Truth t : s.truth) {
      double c = Screen.covered(t.box(), painted);
      if (t.pii()) {
        assertTrue(c >= 0.9, t + " covered " + c + " by " + r.boxes());
      } else {
        assertTrue(c <= 0.1, "control text painted: " + t + " " + c + " by " + r.boxes());
      }
    }
    assertTrue(r.byKind().keySet().containsAll(List.of("email", "phone", "name", "host", "home_path")), r.byKind().toString());
    // inside the boxes the fill colour, outside the original pixels (lossless PNG)
    BufferedImage out = Codec.decode(r.bytes()).image();
    for (int y = 0; y < 330; y++) {
      for (int x = 0; x < 640; x++) {
        final int fx = x;
        final int fy = y;
        boolean in = painted.stream().anyMatch(p -> p.contains(fx, fy));
        assertEquals(in ? Painter.FILL.getRGB() : s.img.getRGB(x, y), out.getRGB(x, y), x + "," + y);
      }
    }
    // the gate's re-check on the published frame finds nothing left
    assertEquals(List.of(), redactor.findRemaining(r.bytes(), r.format(), List.of()));
    assertFalse(redactor.findRemaining(png, "png", List.of()).isEmpty(), "the re-check does see PII in the original");
  }

  @Test
  void incrementalFindsTheSameBoxesAsFullOcrAndSessionValues() {
    String[] typing = {"Hi, write to", "Hi, write to lena.k", "Hi, write to lena.kowalska@example.net", "Hi, write to lena.kowalska@example.net thanks"};
    List<FrameInput> frames = new ArrayList<>();
    for (String t : typing) {
      frames.add(new FrameInput(Images.png(screen(t).img), "png"));
    }
    List<KnownValue> session = List.of(new KnownValue("email", "lena.kowalska@example.net"));
    List<RedactedFrame> inc = redactor.redactSequence(frames, session);
    RedactConfig full = new RedactConfig(CFG.upscale(), CFG.pageSegMode(), CFG.paddingPx(), CFG.minConfidence(),
        CFG.onFailure(), CFG.ocrTimeoutMs(), false, CFG.gateSample(), CFG.gateMinFrames(), CFG.gateMaxShare());
    List<RedactedFrame> ref;
    try (FrameRedactor fr = new FrameRedactor(full, SCRUBBER, DIRECTORY)) {
      ref = fr.redactSequence(frames, session);
    }
    for (int i = 0; i < frames.size(); i++) {
      assertNull(inc.get(i).failure());
      assertSameBoxes(ref.get(i).boxes(), inc.get(i).boxes(), "frame " + i);
    }
    // the partly typed address (frame 1) is caught by the session value; the whole one in frames 2-3
    for (int i = 1; i < 4; i++) {
      int row = i;
      assertTrue(inc.get(i).boxes().stream().anyMatch(b -> b.y() >= 128 && b.y() < 150),
          "typed address painted in frame " + row + ": " + inc.get(row).boxes());
    }
    assertFalse(inc.get(0).boxes().stream().anyMatch(b -> b.y() >= 128 && b.y() < 150), "'Hi, write to' is not PII");
  }

  @Test
  void jpegStaysJpegAndTimeoutFailsClosed() throws Exception {
    Screen s = screen("see you");
    byte[] jpeg = io.demoshard.image.CodecPainterTest.jpeg(s.img, 0.9f);
    RedactedFrame r = redactor.redactSequence(List.of(new FrameInput(jpeg, "jpeg")), List.of()).get(0);
    assertNull(r.failure());
    assertEquals("jpeg", r.format());
    assertEquals("jpeg", Codec.decode(r.bytes()).format());
    List<Rectangle> painted = padded(r.boxes(), 640, 330);
    for (Screen.Truth t : s.truth) {
      if (t.pii()) {
        assertTrue(Screen.covered(t.box(), painted) >= 0.9, t + " in JPEG");
      }
    }
    RedactConfig fast = new RedactConfig(CFG.upscale(), CFG.pageSegMode(), CFG.paddingPx(), CFG.minConfidence(),
        CFG.onFailure(), 1, CFG.incremental(), CFG.gateSample(), CFG.gateMinFrames(), CFG.gateMaxShare());
    try (FrameRedactor fr = new FrameRedactor(fast, SCRUBBER, List.of())) {
      RedactedFrame t = fr.redactSequence(List.of(new FrameInput(jpeg, "jpeg")), List.of()).get(0);
      assertNotNull(t.failure(), "1 ms is not enough to OCR a frame");
      assertTrue(t.failure().contains("timeout"), t.failure());
      assertNull(t.bytes());
    }
  }

  static void assertSameBoxes(List<Box> a, List<Box> b, String what) {
    assertEquals(a.size(), b.size(), what + ": " + a + " vs " + b);
    for (Box x : a) {
      assertTrue(b.stream().anyMatch(y -> y.kind().equals(x.kind()) && y.rect().intersects(x.rect())),
          what + ": " + x + " missing in " + b);
    }
  }

  @Test
  void failsClosedAndKeepsGoing() {
    byte[] good = Images.png(screen("ok").img);
    byte[] truncated = Arrays.copyOf(good, good.length - 20);
    byte[] garbage = "not an image at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    List<FrameInput> frames = List.of(new FrameInput(garbage, "png"), new FrameInput(truncated, "png"),
        new FrameInput(good, "png"), new FrameInput(good, "png"));
    List<RedactedFrame> drop = redactor.redactSequence(frames, List.of());
    assertNotNull(drop.get(0).failure());
    assertNull(drop.get(0).bytes());
    assertNotNull(drop.get(1).failure());
    assertNull(drop.get(1).bytes());
    assertNull(drop.get(2).failure(), "a bad frame does not stop the sequence");
    assertSame(drop.get(2), drop.get(3), "identical bytes are redacted once");

    RedactConfig mask = new RedactConfig(CFG.upscale(), CFG.pageSegMode(), CFG.paddingPx(), CFG.minConfidence(),
        RedactConfig.MASK, CFG.ocrTimeoutMs(), CFG.incremental(), CFG.gateSample(), CFG.gateMinFrames(), CFG.gateMaxShare());
    try (FrameRedactor fr = new FrameRedactor(mask, SCRUBBER, List.of())) {
      List<RedactedFrame> masked = fr.redactSequence(frames.subList(0, 2), List.of());
      assertNull(masked.get(0).bytes(), "no size known: nothing to publish");
      RedactedFrame m = masked.get(1);
      assertNotNull(m.failure());
      assertFalse(Arrays.equals(truncated, m.bytes()));
      BufferedImage img = Codec.decode(m.bytes()).image();
      assertEquals(640, img.getWidth());
      int[] px = img.getRGB(0, 0, 640, 330, null, 0, 640);
      int[] black = new int[px.length];
      Arrays.fill(black, Painter.FILL.getRGB());
      assertArrayEquals(black, px, "fully painted over");
    } catch (ImageDecoder.Undecodable e) {
      throw new AssertionError(e);
    }
  }
}
