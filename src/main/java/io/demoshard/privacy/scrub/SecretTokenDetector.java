package io.demoshard.privacy.scrub;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials with a known format:
 * <ul>
 *   <li>AWS access key ids: {@code AKIA}/{@code ASIA} (and the other IAM id prefixes AGPA, AIDA,
 *       AROA, ANPA, ANVA, AIPA) + 16 of {@code [0-9A-Z]};</li>
 *   <li>GitHub tokens: {@code ghp_ gho_ ghu_ ghs_ ghr_} + at least 36 alphanumerics,
 *       {@code github_pat_} + at least 22 of {@code [A-Za-z0-9_]};</li>
 *   <li>Slack tokens: {@code xoxa- xoxb- xoxp- xoxr- xoxs-} + at least 10 of {@code [A-Za-z0-9-]}
 *       containing a digit;</li>
 *   <li>Google API keys: {@code AIza} + 35 of {@code [0-9A-Za-z_-]};</li>
 *   <li>Stripe keys: {@code sk_live_ rk_live_} (and the {@code _test_} variants, which still open an
 *       account) + at least 10 alphanumerics;</li>
 *   <li>JWTs: three base64url parts separated by dots (the first two at least 8 chars, the signature
 *       possibly empty) whose header decodes to a JSON object ({@code {"key": ...}});</li>
 *   <li>PEM private keys: from {@code -----BEGIN ... PRIVATE KEY-----} to the matching END line, or to
 *       the end of the text when the END line is missing (a truncated paste is still a key).</li>
 * </ul>
 */
public final class SecretTokenDetector implements Detector {
  private static final List<Pattern> FORMATS = List.of(
      Pattern.compile("(?<![A-Za-z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}(?![A-Za-z0-9])"),
      Pattern.compile("(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,244})"
          + "(?![A-Za-z0-9_])"),
      Pattern.compile("(?<![A-Za-z0-9])xox[abprs]-(?=[A-Za-z-]*[0-9])[A-Za-z0-9-]{10,250}(?![A-Za-z0-9-])"),
      Pattern.compile("(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])"),
      Pattern.compile("(?<![A-Za-z0-9])(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{10,247}(?![A-Za-z0-9])"));
  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\\s\\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|\\z)");
  private static final Pattern JWT = Pattern.compile(
      "(?<![A-Za-z0-9_.-])([A-Za-z0-9_-]{8,})\\.([A-Za-z0-9_-]{8,})\\.([A-Za-z0-9_-]*)(?![A-Za-z0-9_-]|\\.[A-Za-z0-9_-])");
  private static final Pattern JSON_OBJECT = Pattern.compile("(?s)\\{\\s*\"[^\"]+\"\\s*:.*}");

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
    return 5;
  }

  @Override
  public List<Span> find(String text) {
    List<Span> out = new ArrayList<>();
    for (Pattern p : FORMATS) {
      Matcher m = p.matcher(text);
      while (m.find()) {
        out.add(new Span(m.start(), m.end(), kind()));
      }
    }
    if (text.contains("-----BEGIN")) {
      Matcher m = PEM.matcher(text);
      while (m.find()) {
        out.add(new Span(m.start(), m.end(), kind()));
      }
    }
    if (text.indexOf('.') >= 0) {
      Matcher m = JWT.matcher(text);
      while (m.find()) {
        if (isJsonObject(m.group(1))) {
          out.add(new Span(m.start(), m.end(), kind()));
        }
      }
    }
    return out;
  }

  static boolean isJsonObject(String base64url) {
    try {
      byte[] b = Base64.getUrlDecoder().decode(base64url);
      String s = new String(b, StandardCharsets.UTF_8).strip();
      return JSON_OBJECT.matcher(s).matches();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
