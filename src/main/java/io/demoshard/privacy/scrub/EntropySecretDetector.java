package io.demoshard.privacy.scrub;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Unknown-format secrets: a token of at least {@code minLength} chars whose Shannon entropy per char
 * is strictly greater than {@code entropyBits}.
 *
 * <p>A token is a maximal run of {@code [A-Za-z0-9+/=_.~%!#$&*@^-]} (so {@code :}, {@code ?},
 * {@code ,}, {@code ;}, quotes, brackets, backslashes and spaces separate tokens; typed passwords with
 * symbols stay one token), without leading/trailing dots and dashes.
 *
 * <p>Exempt (never a secret by entropy), because they are ordinary text:
 * <ul>
 *   <li>canonical UUIDs ({@code 8-4-4-4-12} hex): identifiers, not credentials;</li>
 *   <li>word-like tokens: every part between the symbols {@code / . _ - ~ + = % ! # $ & * @ ^} is
 *       word-like, i.e. letters cased like words (all lower, all upper, Capitalized, or at most 30%
 *       capitals as in CamelCase) and, when 8 letters or longer, at least 20% vowels; or such letters
 *       followed by at most 4 digits ({@code x86}, {@code report2024}); or at most 4 digits followed by
 *       at most 3 one-case letters ({@code 64bit}); or up to 8 digits. This exempts
 *       plain words, file paths, package and host names, snake/kebab/camel identifiers.</li>
 * </ul>
 * A token with slashes (a path or URL) is judged segment by segment, so only the random segment of
 * {@code docs.example.com/d/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/edit} is a secret; when most
 * segments are not word-like (base64 with slashes) the whole token is judged.
 */
public final class EntropySecretDetector implements Detector {
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9+/=_.~%!#$&*@^-]+");
  private static final Pattern UUID = Pattern.compile(
      "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");
  private static final Pattern PART_SEP = Pattern.compile("[/._~+=%!#$&*@^-]+");
  private static final Pattern DIGITS = Pattern.compile("\\d{1,8}");
  private static final Pattern LETTERS_THEN_DIGITS = Pattern.compile("([A-Za-z]+)\\d{1,4}");
  private static final Pattern DIGITS_THEN_LETTERS = Pattern.compile("\\d{1,4}([A-Za-z]{1,3})");

  private final int minLength;
  private final double entropyBits;

  public EntropySecretDetector(int minLength, double entropyBits) {
    this.minLength = minLength;
    this.entropyBits = entropyBits;
  }

  @Override
  public String kind() {
    return "secret";
  }

  @Override
  public String placeholder() {
    return "<SECRET>";
  }

  @Override
  public int specificity() {
    return 90;
  }

  @Override
  public List<Span> find(String text) {
    List<Span> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      int s = m.start();
      int e = m.end();
      while (s < e && (text.charAt(s) == '.' || text.charAt(s) == '-')) {
        s++;
      }
      while (e > s && (text.charAt(e - 1) == '.' || text.charAt(e - 1) == '-')) {
        e--;
      }
      if (e - s < minLength) {
        continue;
      }
      String token = text.substring(s, e);
      if (token.indexOf('/') < 0) {
        if (isSecret(token)) {
          out.add(new Span(s, e, kind()));
        }
        continue;
      }
      // a path or URL: judge the segments between slashes
      String[] segs = token.split("/", -1);
      int notWordlike = 0;
      int nonEmpty = 0;
      List<Span> segHits = new ArrayList<>();
      int pos = s;
      for (String seg : segs) {
        if (!seg.isEmpty()) {
          nonEmpty++;
          if (!wordlike(seg)) {
            notWordlike++;
          }
          if (seg.length() >= minLength && isSecret(seg)) {
            segHits.add(new Span(pos, pos + seg.length(), kind()));
          }
        }
        pos += seg.length() + 1;
      }
      if (!segHits.isEmpty()) {
        out.addAll(segHits);
      } else if (nonEmpty > 0 && notWordlike * 2 >= nonEmpty && entropy(token) > entropyBits) {
        out.add(new Span(s, e, kind()));
      }
    }
    return out;
  }

  boolean isSecret(String token) {
    if (token.length() < minLength || UUID.matcher(token).matches() || wordlike(token)) {
      return false;
    }
    return entropy(token) > entropyBits;
  }

  /** Every part between separators is word-like (see class comment). */
  static boolean wordlike(String token) {
    for (String part : PART_SEP.split(token)) {
      if (part.isEmpty()) {
        continue;
      }
      if (!wordlikePart(part)) {
        return false;
      }
    }
    return true;
  }

  static boolean wordlikePart(String p) {
    if (DIGITS.matcher(p).matches()) {
      return true;
    }
    Matcher m = LETTERS_THEN_DIGITS.matcher(p);
    if (m.matches()) {
      return wordlikeLetters(m.group(1));
    }
    m = DIGITS_THEN_LETTERS.matcher(p);
    if (m.matches()) {
      String l = m.group(1);
      return l.equals(l.toLowerCase(java.util.Locale.ROOT)) || l.equals(l.toUpperCase(java.util.Locale.ROOT));
    }
    return wordlikeLetters(p);
  }

  /** Letters only, cased like words (lower, UPPER, Capitalized or CamelCase), with vowels when long. */
  static boolean wordlikeLetters(String p) {
    int upper = 0;
    int vowels = 0;
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
        return false;
      }
      if (c <= 'Z') {
        upper++;
      }
      if ("aeiouyAEIOUY".indexOf(c) >= 0) {
        vowels++;
      }
    }
    int n = p.length();
    boolean capitalized = upper == 1 && p.charAt(0) <= 'Z';
    boolean caseOk = upper == 0 || upper == n || capitalized || upper * 10 <= n * 3;
    return caseOk && (n < 8 || vowels * 5 >= n);
  }

  /** Shannon entropy in bits per char. */
  public static double entropy(String s) {
    Map<Character, Integer> freq = new HashMap<>();
    for (int i = 0; i < s.length(); i++) {
      freq.merge(s.charAt(i), 1, Integer::sum);
    }
    double h = 0;
    for (int f : freq.values()) {
      double p = (double) f / s.length();
      h -= p * (Math.log(p) / Math.log(2));
    }
    return h;
  }
}
