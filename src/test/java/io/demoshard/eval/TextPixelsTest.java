package io.demoshard.eval;

import org.junit.jupiter.api.Test;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pixel rule on one rendered line: painted, untouched, painted in the text's colour, re-encoded as JPEG. */
class TextPixelsTest {
  static final Color BG = new Color(250, 250, 250);

  /** "Contact jane.doe17@example.org today" on a light background; returns the e-mail's and "today"'s boxes. */
  static Rectangle[] draw(BufferedImage img, Color text) {
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(BG);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
    g.setColor(text);
    String s = "Contact jane.doe17@example.org today";
    g.drawString(s, 10, 30);
    var frc = g.getFontRenderContext();
    int ex = 10 + g.getFontMetrics().stringWidth("Contact ");
    Rectangle email = g.getFont().createGlyphVector(frc, "jane.doe17@example.org").getPixelBounds(frc, ex, 30);
    int tx = 10 + g.getFontMetrics().stringWidth("Contact jane.doe17@example.org ");
    Rectangle today = g.getFont().createGlyphVector(frc, "today").getPixelBounds(frc, tx, 30);
    g.dispose();
    return new Rectangle[] {email, today};
  }

  static BufferedImage copy(BufferedImage img) {
    BufferedImage c = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
    c.getGraphics().drawImage(img, 0, 0, null);
    return c;
  }

  static void paint(BufferedImage img, Rectangle r, Color c, int pad) {
    Graphics2D g = img.createGraphics();
    g.setColor(c);
    g.fillRect(r.x - pad, r.y - pad, r.width + 2 * pad, r.height + 2 * pad);
    g.dispose();
  }

  static TextPixels.Score score(BufferedImage raw, BufferedImage pub, Rectangle r) {
    return TextPixels.score(raw, pub, r.x, r.y, r.width, r.height);
  }

  @Test
  void anOpaqueBoxRedactsWhateverItsColourAndLeavesTheNeighbourReadable() {
    for (Color text : new Color[] {Color.BLACK, new Color(60, 64, 67)}) {
      BufferedImage raw = new BufferedImage(400, 50, BufferedImage.TYPE_INT_RGB);
      Rectangle[] r = draw(raw, text);
      assertTrue(score(raw, raw, r[0]).textPixels() > 40, "the e-mail has ink");
      assertFalse(score(raw, raw, r[0]).redacted(), "untouched PII is not redacted");
      assertTrue(score(raw, raw, r[1]).kept(), "untouched control text is kept");
      for (Color paint : new Color[] {Color.BLACK, Color.WHITE, BG, text}) {
        BufferedImage pub = copy(raw);
        paint(pub, r[0], paint, 2);
        assertTrue(score(raw, pub, r[0]).redacted(), "painted " + paint + " over " + text);
        assertTrue(score(raw, pub, r[1]).kept(), "the next word survives a padded box");
      }
    }
  }

  @Test
  void halfAPaintedValueIsNotRedacted() {
    BufferedImage raw = new BufferedImage(400, 50, BufferedImage.TYPE_INT_RGB);
    Rectangle[] r = draw(raw, Color.BLACK);
    BufferedImage pub = copy(raw);
    paint(pub, new Rectangle(r[0].x, r[0].y, r[0].width / 2, r[0].height), Color.BLACK, 0);
    TextPixels.Score s = score(raw, pub, r[0]);
    assertFalse(s.redacted(), s.toString());
    assertTrue(s.destroyed() > 0 && s.destroyed() < s.textPixels());
  }

  @Test
  void jpegReencodingKeepsTextButAPaintedBoxStillCounts() throws Exception {
    BufferedImage raw = new BufferedImage(400, 50, BufferedImage.TYPE_INT_RGB);
    Rectangle[] r = draw(raw, new Color(32, 33, 36));
    BufferedImage src = jpeg(raw);           // the recorder's JPEG
    BufferedImage again = jpeg(src);         // published: decoded and re-encoded at the same quality
    assertTrue(score(src, again, r[0]).kept(), "re-encoding alone destroys no text");
    assertFalse(score(src, again, r[0]).redacted());
    BufferedImage painted = copy(src);
    paint(painted, r[0], Color.BLACK, 2);
    assertTrue(score(src, jpeg(painted), r[0]).redacted());
    assertTrue(score(src, jpeg(painted), r[1]).kept());
  }

  static BufferedImage jpeg(BufferedImage img) throws Exception {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam p = w.getDefaultWriteParam();
    p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    p.setCompressionQuality(0.75f);
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bos)) {
      w.setOutput(out);
      w.write(null, new IIOImage(img, null, null), p);
    }
    w.dispose();
    return ImageIO.read(new ByteArrayInputStream(bos.toByteArray()));
  }
}
