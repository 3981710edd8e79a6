package io.demoshard.redact;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Known personal values, found on screen tolerant of OCR: compared on a normalised form
 * (lower case, accents and everything but letters and digits removed, letters OCR confuses with
 * digits folded together), so spaces, dots and word splits do not matter, with a small edit
 * distance: 0 below 6 chars, 1 for 6-10, 2 above. Values shorter than {@value #MIN_LENGTH} are
 * ignored; values shorter than {@value #BOUNDED_BELOW} must start and end at token boundaries
 * (so "anna" is not found inside "savannah").
 *
 * <p>A {@code name} like "Jane Novak" yields "janenovak" (also "Jane.Novak", "jane_novak"), the
 * reversed "novakjane" ("Novak, Jane"), the login form "jnovak" ("J. Novak") and the surname alone
 * when it has at least {@value #SURNAME_MIN} chars. An e-mail also yields its local part.
 *
 * <p>Search: by the pigeonhole rule a key with k errors has one of k+1 pieces verbatim; pieces
 * are looked up in a hash map, and only keys hit that way are verified with an approximate
 * substring search (Sellers). Thousands of directory values cost little per line.
 */
public final class KnownValueIndex {
  static final int MIN_LENGTH = 3;
  static final int BOUNDED_BELOW = 7;
  static final int SURNAME_MIN = 5;
  static final int PREFIX_MIN = 5;
  static final String LOGIN = "login";

  record Key(String key, String kind, int maxEdits, boolean bounded) {}

  private final List<Key> keys = new ArrayList<>();
  /** piece length -> piece -> ids of keys having it. */
  private final Map<Integer, Map<String, List<Integer>>> pieces = new HashMap<>();

  public KnownValueIndex(List<KnownValue> values) {
    this(values, false);
  }

  /**
   * With {@code prefixes}, also every prefix of at least {@value #PREFIX_MIN} folded chars, matched
   * only as a whole token: a value being typed is on screen a few characters at a time (for the
   * session's typed values; a directory has too many values for that).
   */
  public KnownValueIndex(List<KnownValue> values, boolean prefixes) {
    Set<Key> seen = new LinkedHashSet<>();
    for (KnownValue v : values) {
      if (v == null || v.value() == null) {
        continue;
      }
      List<String> forms = forms(v);
      for (int f = 0; f < forms.size(); f++) {
        String form = forms.get(f);
        // an e-mail's local part alone is a login (a name's e-mail local part reads like the name)
        String kind = f == 1 && v.value().indexOf('@') > 0 ? LOGIN : v.kind();
        String k = fold(form);
        if (k.length() < MIN_LENGTH) {
          continue;
        }
        seen.add(new Key(k, kind, maxEdits(k.length()), k.length() < BOUNDED_BELOW));
        for (int n = PREFIX_MIN; prefixes && n < k.length(); n++) {
          seen.add(new Key(k.substring(0, n), v.kind(), maxEdits(n), true));
        }
      }
    }
    for (Key k : seen) {
      int id = keys.size();
      keys.add(k);
      int n = k.maxEdits() + 1;
      int len = k.key().length();
      for (int p = 0; p < n; p++) {
        int a = p * len / n;
        int b = (p + 1) * len / n;
        pieces.computeIfAbsent(b - a, x -> new HashMap<>())
            .computeIfAbsent(k.key().substring(a, b), x -> new ArrayList<>()).add(id);
      }
    }
  }

  public boolean isEmpty() {
    return keys.isEmpty();
  }

  static int maxEdits(int len) {
    return len < 6 ? 0 : len <= 10 ? 1 : 2;
  }

  /** The textual forms under which a value may appear on screen. */
  static List<String> forms(KnownValue v) {
    String value = v.value().strip();
    List<String> out = new ArrayList<>();
    out.add(value);
    int at = value.indexOf('@');
    if (at > 0) {
      out.add(value.substring(0, at));  // the login part of an e-mail
    }
    if (KnownValue.NAME.equals(v.kind()) || KnownValue.PERSON.equals(v.kind())) {
      String[] parts = Normalizer.normalize(value, Normalizer.Form.NFD).split("[\\s,]+");
      List<String> tokens = new ArrayList<>();
      for (String t : parts) {
        if (!fold(t).isEmpty()) {
          tokens.add(t);
        }
      }
      if (tokens.size() >= 2) {
        String first = tokens.get(0);
        String last = tokens.get(tokens.size() - 1);
        out.add(last + first);
        out.add(fold(first).substring(0, 1) + last);
        if (fold(last).length() >= SURNAME_MIN) {
          out.add(last);
        }
      }
    }
    return out;
  }

  /** Lower case, no accents, letters and digits only, OCR-confusable characters folded together. */
  static String fold(String s) {
    String d = Normalizer.normalize(s, Normalizer.Form.NFD);
    StringBuilder sb = new StringBuilder(d.length());
    for (int i = 0; i < d.length(); i++) {
      char c = d.charAt(i);
      if (Character.getType(c) == Character.NON_SPACING_MARK) {
        continue;
      }
      if (Character.isLetterOrDigit(c)) {
        sb.append(foldChar(Character.toLowerCase(c)));
      }
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }

  static char foldChar(char c) {
    return switch (c) {
      case '0' -> 'o';
      case '1', 'l', '|' -> 'i';
      case '5' -> 's';
      case '8' -> 'b';
      case '2' -> 'z';
      case 'ß' -> 's';
      default -> c;
    };
  }

  /** A match: chars [start, end) of the folded line, and the kind of the value. */
  record Match(int start, int end, String kind) {}

  /** Finds every known value in a line; the folded stream maps back to pixels through {@link Folded}. */
  List<Match> find(Folded f) {
    List<Match> out = new ArrayList<>();
    if (keys.isEmpty() || f.text.isEmpty()) {
      return out;
    }
    Set<Integer> candidates = new LinkedHashSet<>();
    for (Map.Entry<Integer, Map<String, List<Integer>>> e : pieces.entrySet()) {
      int len = e.getKey();
      Map<String, List<Integer>> m = e.getValue();
      for (int i = 0; i + len <= f.text.length(); i++) {
        List<Integer> ids = m.get(f.text.substring(i, i + len));
        if (ids != null) {
          candidates.addAll(ids);
        }
      }
    }
    for (int id : candidates) {
      Key k = keys.get(id);
      for (int[] se : approx(k.key(), f.text, k.maxEdits())) {
        if (!k.bounded() || (f.tokenStart[se[0]] && (se[1] == f.text.length() || f.tokenStart[se[1]]))) {
          out.add(new Match(se[0], se[1], k.kind()));
        }
      }
    }
    return out;
  }

  /**
   * Sellers' approximate substring search: every non-overlapping [start, end) of {@code text}
   * within {@code k} edits of {@code pat}, the best end of each run of hits.
   */
  static List<int[]> approx(String pat, String text, int k) {
    int m = pat.length();
    int n = text.length();
    int[] prev = new int[m + 1];
    int[] cur = new int[m + 1];
    int[] prevStart = new int[m + 1];
    int[] curStart = new int[m + 1];
    for (int i = 0; i <= m; i++) {
      prev[i] = i;
      prevStart[i] = 0;
    }
    List<int[]> out = new ArrayList<>();
    int bestCost = Integer.MAX_VALUE;
    int[] best = null;
    for (int j = 1; j <= n; j++) {
      cur[0] = 0;
      curStart[0] = j;
      char tc = text.charAt(j - 1);
      for (int i = 1; i <= m; i++) {
        int sub = prev[i - 1] + (pat.charAt(i - 1) == tc ? 0 : 1);
        int del = prev[i] + 1;  // text char not in pattern
        int ins = cur[i - 1] + 1;  // pattern char missing from text
        int c = sub;
        int s = prevStart[i - 1];
        if (del < c) {
          c = del;
          s = prevStart[i];
        }
        if (ins < c) {
          c = ins;
          s = curStart[i - 1];
        }
        cur[i] = c;
        curStart[i] = s;
      }
      if (cur[m] <= k) {
        if (best == null || cur[m] < bestCost) {
          bestCost = cur[m];
          best = new int[] {curStart[m], j};
        }
      } else if (best != null) {
        out.add(best);
        best = null;
        bestCost = Integer.MAX_VALUE;
      }
      int[] t = prev;
      prev = cur;
      cur = t;
      t = prevStart;
      prevStart = curStart;
      curStart = t;
    }
    if (best != null) {
      out.add(best);
    }
    return out;
  }

  /** A line folded like the keys: letters and digits only, each mapped back to a char of the line. */
  static final class Folded {
    final String text;
    /** Index into the source {@link MappedText} of each folded char. */
    final int[] src;
    /** True where a token starts (after a space or punctuation). */
    final boolean[] tokenStart;

    Folded(MappedText t) {
      String d = t.text;
      StringBuilder sb = new StringBuilder();
      List<Integer> src = new ArrayList<>();
      List<Boolean> starts = new ArrayList<>();
      boolean afterSep = true;
      for (int i = 0; i < d.length(); i++) {
        char c = d.charAt(i);
        String n = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
        char base = n.charAt(0);
        if (Character.isLetterOrDigit(base)) {
          sb.append(foldChar(Character.toLowerCase(base)));
          src.add(i);
          starts.add(afterSep);
          afterSep = false;
        } else {
          afterSep = true;
        }
      }
      this.text = sb.toString().toLowerCase(Locale.ROOT);
      this.src = src.stream().mapToInt(Integer::intValue).toArray();
      this.tokenStart = new boolean[this.text.length() + 1];
      for (int i = 0; i < starts.size(); i++) {
        tokenStart[i] = starts.get(i);
      }
      tokenStart[this.text.length()] = true;
    }
  }
}
