package io.demoshard.privacy.scrub;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes what a URL carries beyond its scheme, host and path: the query ({@code ?...}), the fragment
 * ({@code #...}) and user info ({@code user:password@}). A URL is {@code scheme://...} for http,
 * https, ftp, ws, wss, file, or a scheme-less {@code www.} host; it ends at whitespace, a quote or an
 * angle bracket. Trailing sentence punctuation ({@code . , ; : ! ) ] }}) after a query is kept.
 *
 * <p>Runs before the other detectors; its spans are removed, not replaced by a placeholder.
 */
public final class UrlQueryStripper {
  public static final String QUERY = "url_query";
  public static final String USERINFO = "url_userinfo";
  private static final Pattern URL = Pattern.compile(
      "(?i)(?<![A-Za-z0-9])(?:(?:https?|ftp|wss?|file)://|www\\.)[^\\s\"'<>`]+");
  private static final String TRAILING = ".,;:!)]}";

  /** Query/fragment and user-info spans of every URL in {@code text}, in order, not overlapping. */
  public List<Span> find(String text) {
    List<Span> out = new ArrayList<>();
    if (text.indexOf('.') < 0 && text.indexOf(':') < 0) {
      return out;
    }
    Matcher m = URL.matcher(text);
    while (m.find()) {
      int s = m.start();
      int e = m.end();
      int hostStart = s;
      int scheme = text.indexOf("://", s);
      if (scheme >= 0 && scheme < e) {
        hostStart = scheme + 3;
      }
      int q = -1;
      for (int i = hostStart; i < e; i++) {
        char c = text.charAt(i);
        if (c == '?' || c == '#') {
          q = i;
          break;
        }
      }
      int authorityEnd = q >= 0 ? q : e;
      for (int i = hostStart; i < authorityEnd; i++) {
        if (text.charAt(i) == '/') {
          authorityEnd = i;
          break;
        }
      }
      int at = text.lastIndexOf('@', authorityEnd - 1);
      if (at >= hostStart) {
        out.add(new Span(hostStart, at + 1, USERINFO));
      }
      if (q >= 0) {
        int qe = e;
        while (qe > q + 1 && TRAILING.indexOf(text.charAt(qe - 1)) >= 0) {
          qe--;
        }
        out.add(new Span(q, qe, QUERY));
      }
    }
    return out;
  }
}
