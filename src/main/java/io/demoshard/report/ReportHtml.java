package io.demoshard.report;

import io.demoshard.report.Chart.Bar;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.demoshard.report.Svg.esc;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no script, nothing fetched; a
 * Content-Security-Policy forbids any load) that an operator opens from the version folder.
 */
public final class ReportHtml {
  static final Map<String, String> SECTIONS = new LinkedHashMap<>();

  static {
    SECTIONS.put("funnel", "Funnel: from raw lines to published episodes");
    SECTIONS.put("episodes", "Published episodes");
    SECTIONS.put("privacy", "Privacy: replacements and redactions");
    SECTIONS.put("output", "Output: splits and shards");
    SECTIONS.put("timings", "Stage timings");
  }

  private ReportHtml() {}

  public static String render(Stats s) {
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>demoshard run report ").append(esc(s.date())).append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;margin:24px auto;max-width:820px;color:#222;line-height:1.4}\n")
        .append("h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccc}\n")
        .append("figure{margin:16px 0}figcaption{font-weight:bold;margin-bottom:4px}\n")
        .append(".note{color:#8a5a00;font-size:13px}.meta{color:#555;font-size:13px}\n")
        .append("table.headline td{padding:2px 12px 2px 0}table.headline td.n{text-align:right;font-weight:bold}\n")
        .append("svg.chart text.tick{font-size:11px}details{font-size:13px}\n")
        .append("details table td{padding:0 10px 0 0}details table td.n{text-align:right}\n")
        .append("</style>\n</head>\n<body>\n");
    h.append("<h1>demoshard run report: ").append(esc(s.date())).append("</h1>\n");
    h.append("<p class=\"meta\">run ").append(esc(s.runId())).append(". Aggregates only: no figure is given per ")
        .append("person, and every figure computed from episodes stands for at least ").append(s.k())
        .append(" users (privacy.k-anonymity); smaller cells are merged, as each chart says. Counts of the ")
        .append("funnel, privacy and output sections are the night's totals from manifest.json.</p>\n");
    h.append("<table class=\"headline\">\n");
    s.headline().forEach((k, v) -> h.append("<tr><td>").append(esc(k)).append("</td><td class=\"n\">")
        .append(Svg.format(v)).append("</td></tr>\n"));
    h.append("</table>\n");
    for (Map.Entry<String, String> sec : SECTIONS.entrySet()) {
      List<Chart> charts = s.charts().stream().filter(c -> c.section().equals(sec.getKey())).toList();
      if (charts.isEmpty()) {
        continue;
      }
      h.append("<h2 id=\"").append(sec.getKey()).append("\">").append(esc(sec.getValue())).append("</h2>\n");
      for (Chart c : charts) {
        figure(h, c);
      }
    }
    if (!s.notes().isEmpty()) {
      h.append("<h2 id=\"notes\">Not shown</h2>\n<ul>\n");
      s.notes().forEach(n -> h.append("<li class=\"note\">").append(esc(n)).append("</li>\n"));
      h.append("</ul>\n");
    }
    h.append("<p class=\"meta\">Written by demoshard ").append(esc(io.demoshard.BuildInfo.VERSION))
        .append("; the same figures are in stats.json beside this file.</p>\n</body>\n</html>\n");
    return h.toString();
  }

  private static void figure(StringBuilder h, Chart c) {
    h.append("<figure id=\"").append(esc(c.id())).append("\">\n<figcaption>").append(esc(c.title()))
        .append(" <span class=\"meta\">(").append(esc(c.unit())).append(")</span></figcaption>\n");
    h.append(Svg.draw(c)).append('\n');
    if (c.note() != null) {
      h.append("<div class=\"note\">").append(esc(c.note())).append("</div>\n");
    }
    h.append("<details><summary>numbers</summary><table>");
    for (Bar b : c.bars()) {
      h.append("<tr><td>").append(esc(b.label())).append("</td><td class=\"n\">").append(Svg.format(b.value()))
          .append("</td></tr>");
    }
    h.append(String.format(Locale.ROOT, "</table></details>\n</figure>\n"));
  }
}
