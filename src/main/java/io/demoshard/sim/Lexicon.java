package io.demoshard.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every personal-data value the simulation put on a screen, with its kind, so the renderer can say
 * which part of a drawn string is personal data. Values are recorded where they are generated (no
 * detector decides what is PII: the evaluator must not inherit a detector's blind spots).
 *
 * <p>A session's lexicon has the day's lexicon as parent (the people directory, device and employee
 * ids); {@link #freeze} builds the lookup index before rendering starts, after which it is read-only
 * and safe to share between rendering threads.
 */
final class Lexicon {
  static final int KEY = 3;   // values are indexed by their first three characters

  /** A match in a drawn string: characters [start, end) are personal data of this kind. */
  record Match(int start, int end, String kind) {}

  private final Lexicon parent;
  private final Map<String, String> kinds = new HashMap<>();
  private Map<String, List<String>> index;

  Lexicon(Lexicon parent) { this.parent = parent; }

  /** Records {@code value} as personal data of {@code kind}; the first kind recorded wins. */
  void add(String value, String kind) {
    if (index != null) throw new IllegalStateException("lexicon frozen");
    if (value == null || value.length() < KEY) return;
    kinds.putIfAbsent(value, kind);
  }

  String kind(String value) {
    String k = kinds.get(value);
    return k != null || parent == null ? k : parent.kind(value);
  }

  Lexicon freeze() {
    if (index != null) return this;
    if (parent != null) parent.freeze();
    Map<String, List<String>> idx = new HashMap<>();
    for (String v : kinds.keySet()) idx.computeIfAbsent(v.substring(0, KEY), k -> new ArrayList<>()).add(v);
    for (List<String> l : idx.values()) l.sort((a, b) -> b.length() != a.length() ? b.length() - a.length() : a.compareTo(b));
    index = idx;
    return this;
  }

  /**
   * Non-overlapping occurrences in {@code s}, left to right, the longest value at each position;
   * a value that starts (ends) with a letter or digit must not continue a word there.
   */
  List<Match> find(String s) {
    if (index == null) throw new IllegalStateException("lexicon not frozen");
    List<Match> out = new ArrayList<>();
    int i = 0;
    while (i + KEY <= s.length()) {
      String best = longestAt(s, i);
      if (best == null) { i++; continue; }
      out.add(new Match(i, i + best.length(), kind(best)));
      i += best.length();
    }
    return out;
  }

  private String longestAt(String s, int i) {
    String key = s.substring(i, i + KEY);
    String best = null;
    for (Lexicon l = this; l != null; l = l.parent) {
      for (String v : l.index.getOrDefault(key, List.of())) {
        if ((best == null || v.length() > best.length()) && s.startsWith(v, i) && bounded(s, i, i + v.length(), v)) {
          best = v;
          break;   // sorted longest first
        }
      }
    }
    return best;
  }

  private static boolean bounded(String s, int start, int end, String v) {
    boolean wordStart = Character.isLetterOrDigit(v.charAt(0));
    boolean wordEnd = Character.isLetterOrDigit(v.charAt(v.length() - 1));
    if (wordStart && start > 0 && Character.isLetterOrDigit(s.charAt(start - 1))) return false;
    return !(wordEnd && end < s.length() && Character.isLetterOrDigit(s.charAt(end)));
  }
}
