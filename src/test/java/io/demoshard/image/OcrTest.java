package io.demoshard.image;

import io.demoshard.config.DemoshardConfig;
import io.demoshard.config.DemoshardConfig.RedactConfig;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OcrTest {
  static final RedactConfig CFG = DemoshardConfig.defaults().redact();

  static BufferedImage text(int w, int h, String s, int x, int y, int px) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setColor(new Color(30, 30, 30));
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, px));
    g.drawString(s, x, y);
    g.dispose();
    return img;
  }

  @Test
  void readsWordsInOriginalCoordinatesAndRegion() throws Exception {
    BufferedImage img = text(420, 120, "Quarterly report draft", 40, 70, 14);
    try (Ocr ocr = Ocr.pooled(CFG)) {
      List<OcrWord> words = ocr.words(img, null);
      String joined = words.stream().map(OcrWord::text).collect(Collectors.joining(" "));
      assertEquals("Quarterly report draft", joined, ocr.engineDescription());
      OcrWord q = words.get(0);
      // the baseline is at y=70 and a 14 px cap height sits above it; x starts at 40
      assertTrue(Math.abs(q.x() - 40) <= 3, "x " + q);
      assertTrue(q.y() >= 55 && q.y() <= 62 && q.bottom() >= 70 && q.bottom() <= 76, "y " + q);
      // a region: only the words inside, still in full-image coordinates
      List<OcrWord> right = ocr.words(img, new Rectangle(q.right() + 2, 40, 420 - q.right() - 2, 50));
      assertEquals(List.of("report", "draft"), right.stream().map(OcrWord::text).toList());
      assertEquals(words.get(1).x(), right.get(0).x(), 2);
      assertTrue(ocr.engineDescription().startsWith("tesseract 5."), ocr.engineDescription());
    }
  }
}
