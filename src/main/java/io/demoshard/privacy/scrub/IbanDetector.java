package io.demoshard.privacy.scrub;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * International bank account numbers: a country code with a registered IBAN length (SWIFT IBAN
 * registry), two check digits, then exactly the country's number of alphanumerics, written either
 * compact or in groups separated by single spaces; the mod-97 check must give 1. Letters may be
 * lower case (typed); the run must not continue with another letter or digit.
 */
public final class IbanDetector implements Detector {
  static final Map<String, Integer> LENGTHS = new HashMap<>();

  static {
    String table = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 "
        + "DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 IE22 IL23 "
        + "IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 "
        + "MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 "
        + "SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30";
    for (String e : table.split(" ")) {
      LENGTHS.put(e.substring(0, 2), Integer.parseInt(e.substring(2)));
    }
  }

  private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

  @Override
  public String kind() {
    return "iban";
  }

  @Override
  public String placeholder() {
    return "<IBAN>";
  }

  @Override
  public int specificity() {
    return 10;
  }

  @Override
  public List<Span> find(String text) {
    List<Span> out = new ArrayList<>();
    int n = text.length();
    for (int s = 0; s + 4 <= n; s++) {
      if (s > 0 && Character.isLetterOrDigit(text.charAt(s - 1))) {
        continue;
      }
      char a = Character.toUpperCase(text.charAt(s));
      char b = Character.toUpperCase(text.charAt(s + 1));
      if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z' || !isDigit(text.charAt(s + 2)) || !isDigit(text.charAt(s + 3))) {
        continue;
      }
      Integer len = LENGTHS.get("" + a + b);
      if (len == null) {
        continue;
      }
      StringBuilder compact = new StringBuilder(len);
      int i = s;
      boolean ok = true;
      while (compact.length() < len) {
        if (i >= n) {
          ok = false;
          break;
        }
        char c = text.charAt(i);
        if (isAlnum(c)) {
          compact.append(Character.toUpperCase(c));
          i++;
        } else if (c == ' ' && compact.length() >= 4 && i + 1 < n && isAlnum(text.charAt(i + 1))) {
          i++;
        } else {
          ok = false;
          break;
        }
      }
      if (!ok || (i < n && isAlnum(text.charAt(i))) || !mod97(compact.toString())) {
        continue;
      }
      out.add(new Span(s, i, kind()));
      s = i - 1;
    }
    return out;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAlnum(char c) {
    return isDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  static boolean mod97(String iban) {
    String rearranged = iban.substring(4) + iban.substring(0, 4);
    StringBuilder num = new StringBuilder(rearranged.length() * 2);
    for (char c : rearranged.toCharArray()) {
      if (isDigit(c)) {
        num.append(c);
      } else {
        num.append(c - 'A' + 10);
      }
    }
    return new BigInteger(num.toString()).mod(NINETY_SEVEN).intValue() == 1;
  }
}
