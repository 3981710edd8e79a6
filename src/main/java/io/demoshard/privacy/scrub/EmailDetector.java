package io.demoshard.privacy.scrub;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * E-mail addresses. A candidate {@code local@domain} is kept when: the local part is 1-64 chars of
 * Unicode letters, digits and {@code ._%+'-} without a leading, trailing or doubled dot (a leading
 * quote is left out of the match); the domain has at least two labels, each 1-63 chars of letters,
 * digits and inner hyphens; the last label (TLD) is 2-24 letters or an IDN {@code xn--} label; the whole address is at most 254 chars. {@code user@localhost},
 * {@code a@b.c} and {@code @handles} are not addresses.
 */
public final class EmailDetector implements Detector {
  private static final Pattern CANDIDATE = Pattern.compile(
      "(?<![\\p{L}\\p{N}._%+'-])([\\p{L}\\p{N}._%+'-]{1,64})@([\\p{L}\\p{N}](?:[\\p{L}\\p{N}.-]{0,251}[\\p{L}\\p{N}])?)");
  private static final Pattern LABEL = Pattern.compile("[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?");
  private static final Pattern TLD = Pattern.compile("\\p{L}{2,24}|xn--[A-Za-z0-9-]{1,59}");

  @Override
  public String kind() {
    return "email";
  }

  @Override
  public String placeholder() {
    return "<EMAIL>";
  }

  @Override
  public int specificity() {
    return 30;
  }

  @Override
  public List<Span> find(String text) {
    List<Span> out = new ArrayList<>();
    if (text.indexOf('@') < 0) {
      return out;
    }
    Matcher m = CANDIDATE.matcher(text);
    while (m.find()) {
      String local = m.group(1);
      String domain = m.group(2);
      int start = m.start(1);
      while (!local.isEmpty() && local.charAt(0) == '\'') { // a quote before the address is not part of it
        local = local.substring(1);
        start++;
      }
      if (local.isEmpty() || !validLocal(local)) {
        continue;
      }
      int domainLen = validDomainPrefix(domain);
      if (domainLen < 0) {
        continue;
      }
      int end = m.start(2) + domainLen;
      if (end - start > 254) {
        continue;
      }
      out.add(new Span(start, end, kind()));
    }
    return out;
  }

  static boolean validLocal(String local) {
    return !local.startsWith(".") && !local.endsWith(".") && !local.contains("..");
  }

  /** Length of the longest prefix of {@code domain} that is a valid domain, or -1. */
  static int validDomainPrefix(String domain) {
    String[] labels = domain.split("\\.", -1);
    int ok = 0;
    int len = -1;
    int pos = 0;
    for (int i = 0; i < labels.length; i++) {
      String l = labels[i];
      if (!LABEL.matcher(l).matches()) {
        break;
      }
      ok++;
      pos += l.length();
      if (ok >= 2 && TLD.matcher(l).matches()) {
        len = pos;
      }
      pos += 1;
    }
    return len;
  }
}
