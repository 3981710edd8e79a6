package io.demoshard.privacy.scrub;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IP addresses.
 *
 * <p>IPv4: exactly four dot-separated decimal octets of 1-3 digits, each at most 255, not part of a
 * longer dotted or alphanumeric run: {@code 1.2.3.4.5}, {@code 10.0.19041.1} and {@code x1.2.3.4}
 * are not addresses. A quad is treated as a version number, not an address, when it is directly
 * preceded by {@code v}/{@code V} or by one of the words {@code version}, {@code ver}, {@code release},
 * {@code build}, {@code rev}, {@code firmware} followed by optional {@code .}, {@code :} and spaces. A
 * trailing sentence dot after the address is fine. Three-part versions ({@code 1.2.3}) never match.
 *
 * <p>IPv6: up to eight groups of 1-4 hex digits separated by colons, at most one {@code ::}, an
 * optional embedded IPv4 tail, an optional {@code %zone}; full form needs 8 groups, a compressed form
 * fewer. At least one decimal digit and at least two groups are required, so times ({@code 12:30:45}),
 * {@code a::b} and C++ scopes ({@code std::vector}) do not match.
 */
public final class IpDetector implements Detector {
  private static final Pattern V4 = Pattern.compile(
      "(?<![\\w.])(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?!\\w|\\.\\w)");
  private static final Pattern VERSION_CONTEXT = Pattern.compile(
      "(?i)(?:\\bv|\\b(?:version|ver|release|build|rev|firmware)[.:]?\\s*)$");
  private static final Pattern V6 = Pattern.compile(
      "(?<![\\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\\d{1,3}(?:\\.\\d{1,3}){3}|[0-9A-Fa-f]{1,4})?(?:%[0-9A-Za-z]+)?(?![\\w:]|\\.\\d)");

  @Override
  public String kind() {
    return "ip";
  }

  @Override
  public String placeholder() {
    return "<IP>";
  }

  @Override
  public int specificity() {
    return 50;
  }

  @Override
  public List<Span> find(String text) {
    List<Span> out = new ArrayList<>();
    if (text.indexOf('.') >= 0) {
      Matcher m = V4.matcher(text);
      while (m.find()) {
        boolean ok = true;
        for (int g = 1; g <= 4; g++) {
          if (Integer.parseInt(m.group(g)) > 255) {
            ok = false;
          }
        }
        if (!ok) {
          continue;
        }
        String before = text.substring(Math.max(0, m.start() - 12), m.start());
        if (VERSION_CONTEXT.matcher(before).find()) {
          continue;
        }
        out.add(new Span(m.start(), m.end(), kind()));
      }
    }
    if (text.indexOf(':') >= 0) {
      Matcher m = V6.matcher(text);
      while (m.find()) {
        String cand = m.group();
        if (validV6(cand)) {
          Span v6 = new Span(m.start(), m.end(), kind());
          out.removeIf(v4 -> v6.start() <= v4.start() && v4.end() <= v6.end()); // an embedded IPv4 tail
          out.add(v6);
        }
      }
    }
    return out;
  }

  static boolean validV6(String cand) {
    int pct = cand.indexOf('%');
    String addr = pct >= 0 ? cand.substring(0, pct) : cand;
    if (addr.chars().noneMatch(Character::isDigit)) {
      return false;
    }
    int groupsAvailable = 8;
    int parts = 0;
    String body = addr;
    int lastColon = addr.lastIndexOf(':');
    String tail = addr.substring(lastColon + 1);
    if (tail.contains(".")) {
      for (String o : tail.split("\\.")) {
        if (Integer.parseInt(o) > 255) {
          return false;
        }
      }
      groupsAvailable = 6;
      parts = 1;
      boolean compressedBeforeTail = lastColon > 0 && addr.charAt(lastColon - 1) == ':';
      body = compressedBeforeTail ? addr.substring(0, lastColon + 1) : addr.substring(0, lastColon);
    }
    int dbl = body.indexOf("::");
    if (dbl >= 0 && body.indexOf("::", dbl + 1) >= 0) {
      return false;
    }
    if (dbl < 0) {
      String[] groups = body.split(":", -1);
      if (groups.length != groupsAvailable) {
        return false;
      }
      for (String g : groups) {
        if (g.isEmpty() || g.length() > 4) {
          return false;
        }
      }
      return true;
    }
    int count = 0;
    for (String side : new String[] {body.substring(0, dbl), body.substring(dbl + 2)}) {
      if (side.isEmpty()) {
        continue;
      }
      for (String g : side.split(":", -1)) {
        if (g.isEmpty() || g.length() > 4) {
          return false;
        }
        count++;
      }
    }
    return count < groupsAvailable && count + parts >= 2;
  }
}
