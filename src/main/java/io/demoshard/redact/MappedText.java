package io.demoshard.redact;

import io.demoshard.image.OcrWord;

import java.util.ArrayList;
import java.util.List;

/**
 * A text made from the words of one {@link TextLine}, where every char remembers the word and the
 * char in that word it came from ({@code -1} for inserted spaces), so that a match on the text
 * maps back to pixels. Variants tolerate OCR errors: spaces inside tokens removed, and the usual
 * letter/digit confusions (O/0, l/I/|/1, S/5, B/8, Z/2) read as digits next to digits.
 */
final class MappedText {
  final String text;
  final int[] word;
  final int[] pos;

  private MappedText(String text, int[] word, int[] pos) {
    this.text = text;
    this.word = word;
    this.pos = pos;
  }

  enum Join {
    /** One space between all words. */
    SPACED,
    /** No space between words that touch (a gap under about half a character). */
    TIGHT,
    /** No spaces at all. */
    NONE
  }

  static MappedText of(TextLine line, Join join, boolean digits) {
    StringBuilder sb = new StringBuilder();
    List<Integer> w = new ArrayList<>();
    List<Integer> p = new ArrayList<>();
    List<OcrWord> words = line.words();
    for (int i = 0; i < words.size(); i++) {
      boolean space = i > 0 && (join == Join.SPACED || (join == Join.TIGHT && !line.tightBefore(i)));
      if (space) {
        sb.append(' ');
        w.add(-1);
        p.add(-1);
      }
      String t = digits ? digitContext(words.get(i).text()) : words.get(i).text();
      for (int c = 0; c < t.length(); c++) {
        sb.append(t.charAt(c));
        w.add(i);
        p.add(c);
      }
    }
    return new MappedText(sb.toString(), w.stream().mapToInt(Integer::intValue).toArray(),
        p.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Letters that OCR confuses with digits, read as those digits when a neighbour is a digit. */
  static String digitContext(String s) {
    char[] out = s.toCharArray();
    boolean changed = true;
    while (changed) {  // spreads through runs: "1OO" -> "100"
      changed = false;
      for (int i = 0; i < out.length; i++) {
        char d = Character.isDigit(out[i]) ? 0 : asDigit(out[i]);
        if (d != 0 && (digitAt(out, i - 1) || digitAt(out, i + 1))) {
          out[i] = d;
          changed = true;
        }
      }
    }
    return new String(out);
  }

  private static boolean digitAt(char[] c, int i) {
    return i >= 0 && i < c.length && c[i] >= '0' && c[i] <= '9';
  }

  static char asDigit(char c) {
    return switch (c) {
      case 'O', 'o', 'D', 'Q' -> '0';
      case 'l', 'I', '|', 'i', '!' -> '1';
      case 'S', 's' -> '5';
      case 'B' -> '8';
      case 'Z', 'z' -> '2';
      case 'G', 'b' -> '6';
      default -> 0;
    };
  }

  /**
   * The pixel boxes covering chars [start, end) of this text: one box per run of words on the line.
   * A word only partly covered is cut proportionally to its chars, with a margin of 1.5 average
   * glyph widths (proportional fonts do not have equal glyph widths).
   */
  List<Box> boxes(TextLine line, int start, int end, String kind) {
    int x0 = Integer.MAX_VALUE;
    int y0 = Integer.MAX_VALUE;
    int x1 = Integer.MIN_VALUE;
    int y1 = Integer.MIN_VALUE;
    int i = start;
    while (i < end) {
      int wi = word[i];
      if (wi < 0) {
        i++;
        continue;
      }
      int first = pos[i];
      int last = first;
      while (i < end && word[i] == wi) {
        last = pos[i];
        i++;
      }
      OcrWord w = line.words().get(wi);
      int n = Math.max(1, w.text().length());
      double cw = (double) w.w() / n;
      int a = first == 0 ? w.x() : (int) Math.floor(w.x() + cw * first - 1.5 * cw);
      int b = last >= n - 1 ? w.right() : (int) Math.ceil(w.x() + cw * (last + 1) + 1.5 * cw);
      x0 = Math.min(x0, Math.max(w.x(), a));
      x1 = Math.max(x1, Math.min(w.right(), b));
      y0 = Math.min(y0, w.y());
      y1 = Math.max(y1, w.bottom());
    }
    if (x0 >= x1) {
      return List.of();
    }
    return List.of(new Box(x0, y0, x1 - x0, y1 - y0, kind));
  }
}
