package io.demoshard.privacy.scrub;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Payment card numbers: 12-19 digits, optionally grouped by single spaces or dashes, that pass the
 * Luhn check and start with a known issuer prefix at a length that issuer uses (Visa 4: 13, 16, 19;
 * Mastercard 51-55 and 2221-2720: 16; Amex 34, 37: 15; Discover 6011, 622126-622925, 644-649, 65:
 * 16-19; Diners 300-305, 36, 38, 39: 14-19; JCB 3528-3589: 16-19 and 1800, 2131: 15; UnionPay 62,
 * 81: 16-19; Maestro 5018, 5020, 5038, 5893, 6304, 6759, 6761-6763: 12-19, other 50, 56-58, 6: 13-19;
 * Mir 2200-2204; RuPay 60, 65, 81, 82, 508).
 *
 * <p>Next to a card word ({@code card}, {@code visa}, {@code cc}, {@code credit}, {@code expiry},
 * ... up to 32 chars before the number or 16 after), any run of 12-19 digits is a card number even
 * without Luhn or a known prefix: a mistyped card number is still one.
 *
 * <p>A digit run longer than 19 digits is split at its separators and every contiguous run of groups
 * is tried, so {@code "4111 1111 1111 1111 2025"} still finds the card; a bare run of more than 19
 * digits (an id, a hash) never matches.
 */
public final class CardDetector implements Detector {
  private static final Pattern RUN = Pattern.compile("(?<![\\d])\\d+(?:[ -]\\d+)*(?!\\d)");
  private static final String CARD_WORDS = "(?:cards?|cc|ccn|cc#|visa|master\\s?card|amex|american\\s+express|discover"
      + "|maestro|jcb|union\\s?pay|diners|credit|debit|kreditkarte|karte|carte|tarjeta|cart[aã]o|pan|expiry|exp"
      + "|cvv|cvc)";
  private static final Pattern WORD_BEFORE = Pattern.compile("(?i)(?<![\\p{L}\\p{N}])" + CARD_WORDS
      + "(?![\\p{L}])");
  private static final Pattern WORD_AFTER = Pattern.compile("(?i)(?<![\\p{L}])" + CARD_WORDS + "(?![\\p{L}])");
  static final int MIN_DIGITS = 12;

  @Override
  public String kind() {
    return "card";
  }

  @Override
  public String placeholder() {
    return "<CARD>";
  }

  @Override
  public int specificity() {
    return 20;
  }

  @Override
  public List<Span> find(String text) {
    List<Span> out = new ArrayList<>();
    Matcher m = RUN.matcher(text);
    while (m.find()) {
      if (m.end() - m.start() < MIN_DIGITS) {
        continue;
      }
      boolean cardWord = nearCardWord(text, m.start(), m.end());
      // the groups of the run: [start, end) of each digit group
      List<int[]> groups = new ArrayList<>();
      int i = m.start();
      while (i < m.end()) {
        int j = i;
        while (j < m.end() && Character.isDigit(text.charAt(j))) {
          j++;
        }
        groups.add(new int[] {i, j});
        i = j + 1; // skip one separator
      }
      int g = 0;
      while (g < groups.size()) {
        int best = -1;
        for (int h = groups.size() - 1; h >= g; h--) { // longest first
          String digits = digits(text, groups.get(g)[0], groups.get(h)[1]);
          if (digits.length() >= MIN_DIGITS && digits.length() <= 19
              && (cardWord || (luhn(digits) && knownIin(digits)))) {
            best = h;
            break;
          }
        }
        if (best >= 0) {
          out.add(new Span(groups.get(g)[0], groups.get(best)[1], kind()));
          g = best + 1;
        } else {
          g++;
        }
      }
    }
    return out;
  }

  /** A card word shortly before {@code [start, end)} (32 chars) or shortly after it (16 chars). */
  static boolean nearCardWord(String text, int start, int end) {
    Matcher before = WORD_BEFORE.matcher(text).region(Math.max(0, start - 32), start);
    before.useTransparentBounds(true);
    if (before.find()) {
      return true;
    }
    Matcher after = WORD_AFTER.matcher(text).region(end, Math.min(text.length(), end + 16));
    after.useTransparentBounds(true);
    return after.find();
  }

  private static String digits(String text, int from, int to) {
    StringBuilder sb = new StringBuilder(to - from);
    for (int k = from; k < to; k++) {
      char c = text.charAt(k);
      if (c >= '0' && c <= '9') {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  static boolean luhn(String digits) {
    int sum = 0;
    boolean dbl = false;
    for (int k = digits.length() - 1; k >= 0; k--) {
      int d = digits.charAt(k) - '0';
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }

  private static final java.util.Set<Integer> MAESTRO_12 =
      java.util.Set.of(5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763);

  static boolean knownIin(String d) {
    int len = d.length();
    int p1 = d.charAt(0) - '0';
    int p2 = Integer.parseInt(d.substring(0, 2));
    int p3 = Integer.parseInt(d.substring(0, 3));
    int p4 = Integer.parseInt(d.substring(0, 4));
    int p6 = Integer.parseInt(d.substring(0, 6));
    if (p1 == 4) {
      return len == 13 || len == 16 || len == 19;                           // Visa
    }
    if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) {
      return len == 16;                                                     // Mastercard
    }
    if (p2 == 34 || p2 == 37) {
      return len == 15;                                                     // Amex
    }
    if (p4 >= 2200 && p4 <= 2204) {
      return len >= 16 && len <= 19;                                        // Mir
    }
    if (p4 >= 3528 && p4 <= 3589) {
      return len >= 16 && len <= 19;                                        // JCB
    }
    if (p4 == 1800 || p4 == 2131) {
      return len == 15;                                                     // JCB (old 15-digit)
    }
    if (MAESTRO_12.contains(p4)) {
      return len >= 12 && len <= 19;                                        // Maestro, 12 digits too
    }
    if (len < 13) {
      return false;
    }
    if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39) {
      return len >= 14 && len <= 19;                                        // Diners
    }
    if (p4 == 6011 || (p6 >= 622126 && p6 <= 622925) || (p3 >= 644 && p3 <= 649) || p2 == 65) {
      return len >= 16 && len <= 19;                                        // Discover, RuPay 65
    }
    if (p2 == 62 || p2 == 81 || p2 == 82 || p2 == 60 || p3 == 508) {
      return len >= 16 && len <= 19;                                        // UnionPay, RuPay
    }
    if (p2 == 50 || (p2 >= 56 && p2 <= 58) || p1 == 6) {
      return len >= 13 && len <= 19;                                        // Maestro
    }
    return false;
  }
}
