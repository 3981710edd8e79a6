package io.demoshard.report;

import java.util.List;

/**
 * One chart of the run report, as drawn in {@code report.html} and written to {@code stats.json}.
 *
 * @param id      stable machine name (e.g. {@code episodes.steps}), also the HTML anchor
 * @param section where it is shown (funnel, episodes, privacy, output, timings)
 * @param title   what a reader sees above it
 * @param unit    what every value counts ({@code episodes}, {@code lines}, {@code bytes}, {@code ms}, ...)
 * @param kind    {@link Kind#BARS} for named categories, {@link Kind#HISTOGRAM} for ordered buckets
 * @param bars    the cells, in display order
 * @param note    why cells were merged or left out (k-anonymity), or null
 */
public record Chart(String id, String section, String title, String unit, Kind kind, List<Bar> bars, String note) {
  public enum Kind { BARS, HISTOGRAM }

  /** One cell: a label and its value. */
  public record Bar(String label, long value) {}

  public Chart {
    bars = List.copyOf(bars);
  }

  public long total() {
    return bars.stream().mapToLong(Bar::value).sum();
  }
}
