package io.demoshard.privacy;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Case-insensitive globs: {@code *} is any run of characters (also none), {@code ?} exactly one;
 * everything else is literal. A glob must match the whole value ({@code "*bank*"} matches
 * {@code "MyBank Online"}, {@code "keychain*"} does not match {@code "Open Keychain"}).
 */
public final class Denylist implements Serializable {
  private static final long serialVersionUID = 1L;
  private final List<String> globs;
  private transient volatile List<Pattern> patterns;

  public Denylist(List<String> globs) {
    this.globs = List.copyOf(globs);
  }

  public List<String> globs() {
    return globs;
  }

  public boolean matches(String value) {
    if (value == null || globs.isEmpty()) {
      return false;
    }
    for (Pattern p : patterns()) {
      if (p.matcher(value).matches()) {
        return true;
      }
    }
    return false;
  }

  private List<Pattern> patterns() {
    List<Pattern> p = patterns;
    if (p == null) {
      List<Pattern> built = new ArrayList<>();
      for (String g : globs) {
        built.add(compile(g));
      }
      p = List.copyOf(built);
      patterns = p;
    }
    return p;
  }

  static Pattern compile(String glob) {
    StringBuilder re = new StringBuilder();
    StringBuilder lit = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*' || c == '?') {
        if (lit.length() > 0) {
          re.append(Pattern.quote(lit.toString()));
          lit.setLength(0);
        }
        re.append(c == '*' ? ".*" : ".");
      } else {
        lit.append(c);
      }
    }
    if (lit.length() > 0) {
      re.append(Pattern.quote(lit.toString()));
    }
    return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
  }
}
