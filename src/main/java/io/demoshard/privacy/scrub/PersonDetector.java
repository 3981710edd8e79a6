package io.demoshard.privacy.scrub;

import io.demoshard.privacy.People;

import java.util.ArrayList;
import java.util.List;

/**
 * The company's known people ({@link People}, from the directory) in free text: their names, aliases
 * and logins become {@code <PERSON>}. Text is cut into tokens (maximal runs of letters, digits and
 * combining marks), each normalised like the directory ({@link People#norm}), so matching ignores case,
 * accents and the amount of whitespace, and only whole tokens match ({@code Janet} is not {@code Jane}).
 * At each token, in this order:
 * <ol>
 *   <li>the longest directory sequence (full name, first + last either way, multi-word alias, login)
 *       whose tokens follow each other separated by whitespace and at most one of {@code . , ' - _};</li>
 *   <li>a run of two or more name parts or titles next to each other ({@code Dr Okafor}, {@code Dr Rose},
 *       {@code Tanaka Amara}): with a title and a name part, or with a name part that is no common word
 *       ({@code Rose will} stays);</li>
 *   <li>a single distinctive first name or alias ({@link People#standsAlone}).</li>
 * </ol>
 */
public final class PersonDetector implements Detector {
  private final People people;

  public PersonDetector(People people) {
    this.people = people;
  }

  @Override
  public String kind() {
    return "person";
  }

  @Override
  public String placeholder() {
    return "<PERSON>";
  }

  @Override
  public int specificity() {
    return 7;
  }

  /** A token: [start, end) in the text and its normalised form. */
  record Token(int start, int end, String norm) {}

  static List<Token> tokens(String text) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      int cp = text.codePointAt(i);
      if (!Character.isLetterOrDigit(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      int j = i;
      while (j < n) {
        int c = text.codePointAt(j);
        if (!Character.isLetterOrDigit(c) && Character.getType(c) != Character.NON_SPACING_MARK) {
          break;
        }
        j += Character.charCount(c);
      }
      out.add(new Token(i, j, People.norm(text.substring(i, j))));
      i = j;
    }
    return out;
  }

  /** Whitespace with at most one of {@code . , ' ’ - _} between two tokens of one name. */
  static boolean nameGap(String text, int from, int to) {
    int punct = 0;
    for (int k = from; k < to; k++) {
      char c = text.charAt(k);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        continue;
      }
      if (".,'\u2019-_".indexOf(c) >= 0 && ++punct <= 1) {
        continue;
      }
      return false;
    }
    return true;
  }

  @Override
  public List<Span> find(String text) {
    List<Span> out = new ArrayList<>();
    if (people == null || people.isEmpty() || text == null) {
      return out;
    }
    List<Token> t = tokens(text);
    int i = 0;
    while (i < t.size()) {
      int end = -1; // exclusive token index
      for (People.Sequence s : people.sequencesStartingWith(t.get(i).norm())) {
        int len = s.tokens().size();
        if (len <= (end < 0 ? 0 : end - i) || i + len > t.size()) {
          continue;
        }
        boolean ok = true;
        for (int k = 1; k < len && ok; k++) {
          ok = t.get(i + k).norm().equals(s.tokens().get(k)) && nameGap(text, t.get(i + k - 1).end(), t.get(i + k).start());
        }
        if (ok) {
          end = i + len;
        }
      }
      if (end < 0 && people.isNamePartOrTitle(t.get(i).norm())) {
        int j = i;
        boolean title = false;
        boolean nonTitle = false;
        boolean distinctive = false;
        do {
          String w = t.get(j).norm();
          boolean isTitle = People.TITLES.contains(w);
          title |= isTitle;
          nonTitle |= !isTitle;
          distinctive |= !isTitle && !People.COMMON_WORDS.contains(w);
          j++;
        } while (j < t.size() && people.isNamePartOrTitle(t.get(j).norm())
            && nameGap(text, t.get(j - 1).end(), t.get(j).start()));
        // "Dr Rose", "Okafor Amara": yes; "Rose will" (two common words, no title): no
        if (j - i >= 2 && nonTitle && (title || distinctive)) {
          end = j;
        }
      }
      if (end < 0 && people.standsAlone(t.get(i).norm())) {
        end = i + 1;
      }
      if (end > 0) {
        out.add(new Span(t.get(i).start(), t.get(end - 1).end(), kind()));
        i = end;
      } else {
        i++;
      }
    }
    return out;
  }
}
