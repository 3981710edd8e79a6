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
    List<OcrWord> byX = new ArrayList<>(words);
    byX.sort(Comparator.comparingInt(OcrWord::x).thenComparingInt(OcrWord::y));
    List<List<OcrWord>> open = new ArrayList<>();
    for (OcrWord w : byX) {
      List<OcrWord> best = null;
      double bestDy = Double.MAX_VALUE;
      for (List<OcrWord> line : open) {
        OcrWord last = line.get(line.size() - 1);
        double cw = Math.max(charWidth(last), charWidth(w));
        int gap = w.x() - last.right();
        if (gap > MAX_GAP_CHARS * cw || gap < -cw) {
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
