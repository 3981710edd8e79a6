package io.demoshard.report;

import io.demoshard.report.Chart.Bar;

import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link Chart} as inline SVG (no script, no external font or style): horizontal bars for
 * named categories and funnels, columns for histograms. Every text is XML-escaped, since labels come
 * from data (app names such as {@code <other>}).
 */
public final class Svg {
  static final int WIDTH = 760;
  private static final int LABEL_W = 280;
  private static final int VALUE_W = 90;
  private static final int ROW_H = 22;
  private static final int COL_CHART_H = 180;
  private static final String BAR = "#3b6ea5";
  private static final String FIRST = "#6b7f91";

  private Svg() {}

  public static String draw(Chart c) {
    return c.kind() == Chart.Kind.HISTOGRAM ? columns(c) : bars(c);
  }

  /** One row per bar: label, bar scaled to the largest value, the value. The first bar of a funnel (its total) is grey. */
  static String bars(Chart c) {
    List<Bar> bars = c.bars();
    long max = Math.max(1, bars.stream().mapToLong(Bar::value).max().orElse(1));
    int h = bars.size() * ROW_H + 8;
    StringBuilder s = open(c, WIDTH, h);
    int plot = WIDTH - LABEL_W - VALUE_W;
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      int y = 4 + i * ROW_H;
      int w = b.value() == 0 ? 0 : (int) Math.max(1, Math.round((double) b.value() / max * plot));
      boolean total = c.section().equals("funnel") && i == 0;
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
          LABEL_W - 8, y + 15, esc(b.label())));
      s.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\">"
          + "<title>%s: %s %s</title></rect>", LABEL_W, y + 2, w, ROW_H - 6, total ? FIRST : BAR, esc(b.label()),
          format(b.value()), esc(c.unit())));
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>", LABEL_W + w + 6, y + 15,
          format(b.value())));
    }
    return s.append("</svg>").toString();
  }

  /** One column per bucket, labels below, values above. */
  static String columns(Chart c) {
    List<Bar> bars = c.bars();
    long max = Math.max(1, bars.stream().mapToLong(Bar::value).max().orElse(1));
    int n = Math.max(1, bars.size());
    int left = 20;
    int slot = (WIDTH - 2 * left) / n;
    int top = 20;
    int h = top + COL_CHART_H + 50;
    StringBuilder s = open(c, WIDTH, h);
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>", left,
        top + COL_CHART_H, WIDTH - left, top + COL_CHART_H));
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      int bh = b.value() == 0 ? 0 : (int) Math.max(1, Math.round((double) b.value() / max * COL_CHART_H));
      int x = left + i * slot + slot / 8;
      int w = Math.max(2, slot - slot / 4);
      int cx = x + w / 2;
      s.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\">"
          + "<title>%s: %s %s</title></rect>", x, top + COL_CHART_H - bh, w, bh, BAR, esc(b.label()),
          format(b.value()), esc(c.unit())));
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>", cx,
          top + COL_CHART_H - bh - 4, format(b.value())));
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"tick\">%s</text>", cx,
          top + COL_CHART_H + 16, esc(b.label())));
    }
    return s.append("</svg>").toString();
  }

  private static StringBuilder open(Chart c, int w, int h) {
    return new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"chart-%s\" width=\"%d\" height=\"%d\""
            + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\" font-family=\"sans-serif\" font-size=\"12\">",
        esc(c.id()), w, h, w, h, esc(c.title())));
  }

  static String format(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }

  /** XML/HTML text and attribute escaping. */
  public static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (ch < 0x20 && ch != '\n' && ch != '\t') {
            b.append(' ');  // not allowed in XML 1.0
          } else {
            b.append(ch);
          }
        }
      }
    }
    return b.toString();
  }
}
