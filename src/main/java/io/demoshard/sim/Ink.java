package io.demoshard.sim;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws strings on a frame and records each run of text as a {@link TextBox}: personal-data values
 * the {@link Lexicon} knows become PII boxes of their kind, the text between them control boxes.
 * The whole string is drawn with one {@code drawString} (so pixels do not depend on the truth);
 * each run's box is the pixel bounds of its glyphs placed at the advance of the text before it.
 */
final class Ink {
  private final Graphics2D g;
  private final Lexicon lex;     // null: draw only (images nobody scores)
  private final Rectangle frame;
  final List<TextBox> boxes = new ArrayList<>();

  Ink(Graphics2D g, Lexicon lex, int w, int h) {
    this.g = g;
    this.lex = lex;
    this.frame = new Rectangle(0, 0, w, h);
  }

  void text(String s, int x, int y) {
    if (s == null || s.isEmpty()) return;
    g.drawString(s, x, y);
    if (lex == null) return;
    int at = 0;
    for (Lexicon.Match m : lex.find(s)) {
      control(s, at, m.start(), x, y);
      box(s, m.start(), m.end(), x, y, true, m.kind());
      at = m.end();
    }
    control(s, at, s.length(), x, y);
  }

  /**
   * Something opaque is drawn over {@code r}: boxes under it are clipped to the largest strip that
   * stays visible (its text is then only partly shown), and dropped when that is less than half high.
   */
  void cover(Rectangle r) {
    List<TextBox> kept = new ArrayList<>();
    for (TextBox b : boxes) {
      Rectangle br = new Rectangle(b.x(), b.y(), b.w(), b.h());
      if (!br.intersects(r)) { kept.add(b); continue; }
      // the largest strip of the box outside r (left, right, above, below)
      Rectangle best = null;
      for (Rectangle c : new Rectangle[] {
          new Rectangle(br.x, br.y, r.x - br.x, br.height), new Rectangle(r.x + r.width, br.y, br.x + br.width - r.x - r.width, br.height),
          new Rectangle(br.x, br.y, br.width, r.y - br.y), new Rectangle(br.x, r.y + r.height, br.width, br.y + br.height - r.y - r.height)}) {
        Rectangle v = c.intersection(br);
        if (!v.isEmpty() && (best == null || (long) v.width * v.height > (long) best.width * best.height)) best = v;
      }
      // less than half the glyph height left (descenders under a bar) is no readable text
      if (best != null && 2 * best.height >= br.height) kept.add(new TextBox(best.x, best.y, best.width, best.height, b.text(), b.pii(), b.kind()));
    }
    boxes.clear();
    boxes.addAll(kept);
  }

  /** Control runs: trimmed, and only when they hold a letter or digit (lone punctuation is no text to keep). */
  private void control(String s, int from, int to, int x, int y) {
    while (from < to && Character.isWhitespace(s.charAt(from))) from++;
    while (to > from && Character.isWhitespace(s.charAt(to - 1))) to--;
    boolean word = false;
    for (int i = from; i < to && !word; i++) word = Character.isLetterOrDigit(s.charAt(i));
    if (word) box(s, from, to, x, y, false, "control");
  }

  private void box(String s, int from, int to, int x, int y, boolean pii, String kind) {
    FontRenderContext frc = g.getFontRenderContext();
    int x0 = x + g.getFontMetrics().stringWidth(s.substring(0, from));
    Rectangle r = g.getFont().createGlyphVector(frc, s.substring(from, to)).getPixelBounds(frc, x0, y);
    Shape clip = g.getClip();
    r = r.intersection(clip == null ? frame : clip.getBounds().intersection(frame));
    if (r.isEmpty()) return;
    boxes.add(new TextBox(r.x, r.y, r.width, r.height, s.substring(from, to), pii, kind));
  }
}
