package io.demoshard.privacy.scrub;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * US social security numbers written {@code ddd-dd-dddd}, not part of a longer digit/dash run.
 * Invalid by SSA rules and so not matched: area 000, 666 or 900-999; group 00; serial 0000.
 */
public final class SsnDetector implements Detector {
  private static final Pattern SSN = Pattern.compile("(?<![\\d-])(\\d{3})-(\\d{2})-(\\d{4})(?![\\d-])");

  @Override
  public String kind() {
    return "ssn";
  }

  @Override
  public String placeholder() {
    return "<SSN>";
  }

  @Override
  public int specificity() {
    return 40;
  }

  @Override
  public List<Span> find(String text) {
    List<Span> out = new ArrayList<>();
    Matcher m = SSN.matcher(text);
    while (m.find()) {
      int area = Integer.parseInt(m.group(1));
      int group = Integer.parseInt(m.group(2));
      int serial = Integer.parseInt(m.group(3));
      if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) {
        continue;
      }
      out.add(new Span(m.start(), m.end(), kind()));
    }
    return out;
  }
}
