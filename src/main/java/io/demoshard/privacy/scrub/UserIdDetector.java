package io.demoshard.privacy.scrub;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Employee directory ids typed or shown as text ({@code u004213} typed as a user name, an id
 * in a task label): no pattern can know them, so the night's known ids (from the consent
 * registry and erasure requests) are matched as whole tokens, case-insensitively, and become
 * {@code <USER>}. Ids shorter than 4 characters are ignored (they would match ordinary words).
 */
public final class UserIdDetector implements Detector {
  static final int MIN_LENGTH = 4;
  private final Set<String> ids;

  /** @param lowerCaseIds known ids, already lower-cased (Locale.ROOT) */
  public UserIdDetector(Set<String> lowerCaseIds) {
    this.ids = Set.copyOf(lowerCaseIds);
  }

  @Override
  public String kind() {
    return "user_id";
  }

  @Override
  public String placeholder() {
    return "<USER>";
  }

  @Override
  public int specificity() {
    return 5;
  }

  @Override
  public List<Span> find(String text) {
    List<Span> out = new ArrayList<>();
    if (ids.isEmpty() || text == null) {
      return out;
    }
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!Character.isLetterOrDigit(text.charAt(i))) {
        i++;
        continue;
      }
      int j = i;
      while (j < n && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_' || text.charAt(j) == '-'
          || text.charAt(j) == '.')) {
        j++;
      }
      // a token, and its prefixes ending before '.', '-', '_' (an id followed by punctuation)
      String token = text.substring(i, j).toLowerCase(Locale.ROOT);
      for (int end = token.length(); end >= MIN_LENGTH; end--) {
        if ((end == token.length() || !Character.isLetterOrDigit(token.charAt(end))) && ids.contains(token.substring(0, end))) {
          out.add(new Span(i, i + end, kind()));
          break;
        }
      }
      i = j;
    }
    return out;
  }
}
