package io.demoshard.privacy.scrub;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets named by a keyword, like detect-secrets' KeywordDetector: a key such as {@code password},
 * {@code passwd}, {@code pwd}, {@code pass}, {@code passphrase}, {@code secret}, {@code token},
 * {@code api_key}, {@code access_key}, {@code private_key}, {@code client_secret}, {@code credentials},
 * {@code pin} (alone or ending an identifier: {@code DB_PASSWORD}, {@code githubToken}), then a value.
 * The value is a secret whatever its entropy:
 * <ul>
 *   <li>after {@code :}, {@code =}, {@code :=}, {@code =>} (the key possibly quoted, as in JSON or
 *       YAML): any value, quoted (up to the closing quote) or not (up to whitespace or a quote);</li>
 *   <li>after only whitespace or {@code is}/{@code was} ({@code my password is Hunter2x},
 *       {@code password CorrectHorseBatteryStaple}): only a value that looks made up (a letter and a
 *       digit or symbol, or inner capitals), so {@code reset password link} stays.</li>
 * </ul>
 * Values that are placeholders ({@code <SECRET>}), masks ({@code ****}) or variable references
 * ({@code $TOKEN}, {@code ${TOKEN}}) are not secrets.
 */
public final class KeywordSecretDetector implements Detector {
  static final String KEYWORDS = "(?:[a-z]*(?:password|passwort|passwd|passphrase|secret|token|apikey)"
      + "|pwd|pass|pw|pin|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)";
  private static final Pattern STRONG = Pattern.compile("(?i)(?<![A-Za-z0-9])(?:[A-Za-z0-9]{1,30}[_.-]){0,4}" + KEYWORDS
      + "[\"']?\\s*(?::=|=>|[:=])[ \\t]*(?:\"([^\"\\n]{1,200})\"|'([^'\\n]{1,200})'|([^\\s\"'`]{1,200}))");
  private static final Pattern WEAK = Pattern.compile("(?i)(?<![A-Za-z0-9])" + KEYWORDS
      + "(?:[ \\t]+(?:is|was)[ \\t]*:?)?[ \\t]+([^\\s\"'`]{4,200})");
  private static final Pattern HINT = Pattern.compile("(?i)pass|pwd|pw|secret|token|key|pin|credential");
  private static final Pattern PLACEHOLDER = Pattern.compile("<[A-Z_]+>");
  private static final Pattern NOT_A_VALUE = Pattern.compile("\\*+|x{4,}|X{4,}|\\$\\{?[A-Za-z_][A-Za-z0-9_]*}?|<[A-Z_]+>");
  private static final String TRAILING = ".,;:!?)]}";

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
    return 8;
  }

  @Override
  public List<Span> find(String text) {
    List<Span> out = new ArrayList<>();
    if (!HINT.matcher(text).find()) {
      return out; // most text names no key: skip the costlier patterns
    }
    Matcher m = STRONG.matcher(text);
    while (m.find()) {
      int g = m.group(1) != null ? 1 : m.group(2) != null ? 2 : 3;
      int s = m.start(g);
      int e = m.end(g);
      if (g == 3) {
        while (e > s + 1 && TRAILING.indexOf(text.charAt(e - 1)) >= 0) {
          e--;
        }
      }
      add(out, text, s, e);
    }
    m = WEAK.matcher(text);
    while (m.find()) {
      int s = m.start(1);
      int e = m.end(1);
      while (e > s + 1 && TRAILING.indexOf(text.charAt(e - 1)) >= 0) {
        e--;
      }
      if (madeUp(text.substring(s, e))) {
        add(out, text, s, e);
      }
    }
    return out;
  }

  private static void add(List<Span> out, String text, int s, int e) {
    String v = text.substring(s, e).strip();
    if (v.isEmpty() || NOT_A_VALUE.matcher(v).matches()) {
      return;
    }
    out.add(new Span(s, e, "secret"));
  }

  /**
   * A value that looks typed as a password, not a word: at least 6 chars, not a placeholder, and a
   * letter with a digit or symbol ({@code Hunter2x}, {@code s3cr3t!}) or two capitals inside the word
   * ({@code CorrectHorseBatteryStaple}; {@code GitHub} is a name).
   */
  static boolean madeUp(String v) {
    if (v.length() < 6 || PLACEHOLDER.matcher(v).find()) {
      return false;
    }
    boolean letter = false;
    boolean other = false;
    int innerUpper = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (Character.isLetter(c)) {
        letter = true;
        if (i > 0 && Character.isUpperCase(c) && Character.isLowerCase(v.charAt(i - 1))) {
          innerUpper++;
        }
      } else if (Character.isDigit(c) || "!#$%&?@*^~+=".indexOf(c) >= 0) {
        other = true;
      }
    }
    return letter && (other || innerUpper >= 2);
  }
}
