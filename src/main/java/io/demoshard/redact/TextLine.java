package io.demoshard.redact;

import io.demoshard.image.OcrWord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One visual line of text rebuilt from OCR word boxes (sparse page segmentation splits lines
 * and tokens): words that overlap vertically and follow each other with a gap of at most about
 * one character width. Different UI elements on the same row (columns, toolbar buttons) are
 * farther apart and stay separate lines.
 */
public record TextLine(List<OcrWord> words) {
  /** Largest horizontal gap, in average character widths, between two words of one line. */
  static final double MAX_GAP_CHARS = 1.6;
  /** Gap, in character widths, below which two words are read as one token (no space). */
  static final double TIGHT_GAP_CHARS = 0.45;

  public static List<TextLine> build(List<OcrWord> words) {
    List<OcrWord> byX = withoutDuplicates(words);
    byX.sort(Comparator.comparingInt(OcrWord::x).thenComparingInt(OcrWord::y));
    List<List<OcrWord>> open = new ArrayList<>();
    for (OcrWord w : byX) {
      List<OcrWord> best = null;
      double bestDy = Double.MAX_VALUE;
      for (List<OcrWord> line : open) {
        OcrWord last = line.get(line.size() - 1);
        double cw = Math.max(charWidth(last), charWidth(w));
        int gap = w.x() - last.right();
        if (gap > MAX_GAP_CHARS * cw) {  // overlapping boxes (negative gaps) are fine: same line
          continue;
        }
        int overlap = Math.min(last.bottom(), w.bottom()) - Math.max(last.y(), w.y());
        if (overlap < 0.5 * Math.min(last.h(), w.h())) {
          continue;
        }
        double dy = Math.abs(last.centerY() - w.centerY());
        if (dy < bestDy) {
          bestDy = dy;
          best = line;
        }
      }
      if (best == null) {
        best = new ArrayList<>();
        open.add(best);
      }
      best.add(w);
    }
    List<TextLine> lines = new ArrayList<>();
    for (List<OcrWord> l : open) {
      lines.add(new TextLine(List.copyOf(l)));
    }
    lines.sort(Comparator.comparingInt((TextLine l) -> l.words.get(0).y()).thenComparingInt(l -> l.words.get(0).x()));
    return lines;
  }

  /**
   * Tesseract sometimes returns the same glyphs twice as overlapping words (seen on JPEG frames:
   * "55" twice, the tops and the bottoms of the same glyphs), which would break the line. Of two
   * words overlapping by half the smaller one's area, or with the same text stacked on each other,
   * the more confident stays, grown to cover both boxes.
   */
  static List<OcrWord> withoutDuplicates(List<OcrWord> words) {
    List<OcrWord> out = new ArrayList<>(words);
    for (int i = 0; i < out.size(); i++) {
      for (int j = i + 1; j < out.size(); j++) {
        OcrWord a = out.get(i);
        OcrWord b = out.get(j);
        int ix = Math.min(a.right(), b.right()) - Math.max(a.x(), b.x());
        int iy = Math.min(a.bottom(), b.bottom()) - Math.max(a.y(), b.y());
        long smaller = Math.min((long) a.w() * a.h(), (long) b.w() * b.h());
        boolean stacked = a.text().equals(b.text()) && ix >= 0.8 * Math.min(a.w(), b.w()) && iy >= -1;
        if (stacked || ix > 0 && iy > 0 && (long) ix * iy * 2 >= smaller) {
          OcrWord keep = a.conf() >= b.conf() ? a : b;
          int x0 = Math.min(a.x(), b.x());
          int y0 = Math.min(a.y(), b.y());
          int x1 = Math.max(a.right(), b.right());
          int y1 = Math.max(a.bottom(), b.bottom());
          out.set(i, new OcrWord(keep.text(), x0, y0, x1 - x0, y1 - y0, keep.conf()));
          out.remove(j);
          j = i;  // the grown word may now overlap one seen before
        }
      }
    }
    return out;
  }

  /** Average glyph width of a word: its box width over its length. */
  static double charWidth(OcrWord w) {
    return (double) w.w() / Math.max(1, w.text().length());
  }

  /** True when the gap before word {@code i} is so small the two words are one token. */
  boolean tightBefore(int i) {
    OcrWord a = words.get(i - 1);
    OcrWord b = words.get(i);
    double cw = Math.min(charWidth(a), charWidth(b));
    return b.x() - a.right() <= TIGHT_GAP_CHARS * cw;
  }

  public String text() {
    StringBuilder sb = new StringBuilder();
    for (OcrWord w : words) {
      if (!sb.isEmpty()) {
        sb.append(' ');
      }
      sb.append(w.text());
    }
    return sb.toString();
  }
}
