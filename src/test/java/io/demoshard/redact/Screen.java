package io.demoshard.redact;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** A synthetic screen drawn with Java2D that remembers where each string went (the truth). */
final class Screen {
  /** A drawn string: its pixel box (ascent to descent), text, and PII kind (null for control text). */
  record Truth(Rectangle box, String text, String kind) {
    boolean pii() {
      return kind != null;
    }
  }

  final BufferedImage img;
  final List<Truth> truth = new ArrayList<>();
  private final Graphics2D g;

  Screen(int w, int h, Color background) {
    img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    fill(0, 0, w, h, background);
  }

  void fill(int x, int y, int w, int h, Color c) {
    g.setColor(c);
    g.fillRect(x, y, w, h);
  }

  /**
   * Draws {@code s} with its top-left at (x, y); returns its box. {@code kind} null = control text,
   * "" = not part of the truth (text right next to PII, which may be painted a little).
   */
  Rectangle text(String s, int x, int y, String family, int px, Color c, String kind) {
    g.setFont(new Font(family, Font.PLAIN, px));
    g.setColor(c);
    FontMetrics fm = g.getFontMetrics();
    g.drawString(s, x, y + fm.getAscent());
    // the ink box: from the top of the tallest glyph to the bottom of descenders
    Rectangle r = new Rectangle(x, y + fm.getAscent() - fm.getAscent() * 3 / 4 - 1, fm.stringWidth(s),
        fm.getAscent() * 3 / 4 + fm.getDescent() / 2 + 2);
    if (!s.isBlank() && !"".equals(kind)) {  // kind "" = context next to PII: neither asserted kept nor painted
      truth.add(new Truth(r, s, kind));
    }
    return r;
  }

  /** Draws a label (control) and then a value (PII) right after it on the same baseline. */
  Rectangle labelled(String label, String value, int x, int y, String family, int px, Color c, String kind) {
    Rectangle l = text(label, x, y, family, px, c, null);
    return text(value, l.x + l.width + spaceWidth(family, px), y, family, px, c, kind);
  }

  int spaceWidth(String family, int px) {
    g.setFont(new Font(family, Font.PLAIN, px));
    return g.getFontMetrics().stringWidth(" ");
  }

  /** Share of {@code box} covered by any of the (already padded) rectangles. */
  static double covered(Rectangle box, List<Rectangle> painted) {
    int hit = 0;
    for (int y = box.y; y < box.y + box.height; y++) {
      for (int x = box.x; x < box.x + box.width; x++) {
        for (Rectangle p : painted) {
          if (p.contains(x, y)) {
            hit++;
            break;
          }
        }
      }
    }
    return (double) hit / Math.max(1, box.width * box.height);
  }

  void dispose() {
    g.dispose();
  }
}
