package io.demoshard.privacy.scrub;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Phone numbers, found by libphonenumber's {@code findNumbers} with leniency {@code VALID} for each
 * configured region (numbers written with {@code +} are found whatever the region). On top of
 * libphonenumber's own rejection of dates and time stamps, a match is dropped when:
 * <ul>
 *   <li>it has fewer than 7 digits;</li>
 *   <li>it looks like a date ({@code 2024-01-15}, {@code 15.01.2024}, {@code 01/15/2024}) or a dotted
 *       quad / version ({@code 10.0.0.1}, {@code 1.2.3.4}: dots only, four or more groups, each of at
 *       most 3 digits) or is preceded by {@code v}/{@code version};</li>
 *   <li>it is a bare digit run (no {@code +}, space, dash, dot or parenthesis) of fewer than 10 digits
 *       (order numbers, amounts, ids);</li>
 *   <li>it does not start with {@code +} and is directly preceded by {@code #} or by one of the words
 *       order, invoice, ticket, ref, id, no, number, po, sku, account, acct, tracking, case,
 *       transaction, txn (then it is an identifier, not a phone), unless a phone word (tel, phone,
 *       mobile, cell, fax, call, whatsapp, contact, sms) comes shortly before;</li>
 *   <li>it is directly preceded by a letters-and-dash code prefix ({@code INV-2024-000123},
 *       {@code CVE-...});</li>
 *   <li>it is part of a longer digit run (glued to a digit, or to a letter on the left).</li>
 * </ul>
 * A bare run of 10 or more digits that is valid in a region is treated as a phone number: scrubbing
 * an unlabelled 10-digit integer is the privacy-safe error.
 *
 * <p>Besides, an E.164 number written without spaces ({@code +447700900123}, 8-15 digits after
 * {@code +}) is a phone number in any text when its country calling code exists and its length is
 * possible for that country, even when libphonenumber does not consider it valid (reserved fiction
 * ranges, new number blocks) and even glued to a word on the left ({@code call+4930...}).
 */
public final class PhoneDetector implements Detector {
  private static final Pattern DATE = Pattern.compile(
      "(?<!\\d)(?:\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}|\\d{1,2}[-./]\\d{1,2}[-./](?:\\d{4}|\\d{2}))(?!\\d)");
  private static final Pattern DOTTED = Pattern.compile("\\d{1,3}(?:\\.\\d{1,3}){3,}");
  private static final Pattern ID_CONTEXT = Pattern.compile(
      "(?i)(?:#|\\b(?:order|invoice|ticket|ref|id|no|number|po|sku|account|acct|tracking|case|transaction|txn)"
          + "\\b[.:#=]?\\s*(?:no\\.?|number|#)?\\s*[:#=]?\\s*)$");
  private static final Pattern PHONE_CONTEXT = Pattern.compile(
      "(?i)\\b(?:tel|phone|telephone|telefon|mobile|mob|cell|fax|call|whatsapp|contact|sms)\\b");
  private static final Pattern CODE_PREFIX = Pattern.compile("[A-Za-z]{1,10}-$");
  private static final Pattern VERSION_CONTEXT = Pattern.compile("(?i)(?:\\bv|\\bversion\\s*)$");

  private static final Pattern E164 = Pattern.compile("(?<![\\d+])\\+[1-9]\\d{7,14}(?![\\d])");

  private final List<String> regions;
  private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();

  public PhoneDetector(List<String> regions) {
    this.regions = regions.stream().map(r -> r.trim().toUpperCase(Locale.ROOT)).distinct().toList();
  }

  @Override
  public String kind() {
    return "phone";
  }

  @Override
  public String placeholder() {
    return "<PHONE>";
  }

  @Override
  public int specificity() {
    return 60;
  }

  @Override
  public List<Span> find(String text) {
    List<Span> out = new ArrayList<>();
    int digits = 0;
    for (int i = 0; i < text.length() && digits < 7; i++) {
      if (Character.isDigit(text.charAt(i))) {
        digits++;
      }
    }
    if (digits < 7) {
      return out;
    }
    Set<Span> seen = new LinkedHashSet<>();
    for (String region : regions) {
      for (PhoneNumberMatch m : util.findNumbers(text, region, PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
        int start = m.start();
        int end = m.end();
        if (accept(text, start, end)) {
          seen.add(new Span(start, end, kind()));
        }
      }
    }
    if (text.indexOf('+') >= 0) {
      java.util.regex.Matcher m = E164.matcher(text);
      while (m.find()) {
        String before = text.substring(Math.max(0, m.start() - 24), m.start());
        if (possibleE164(m.group()) && !VERSION_CONTEXT.matcher(before).find()) {
          seen.add(new Span(m.start(), m.end(), kind()));
        }
      }
    }
    out.addAll(seen);
    return out;
  }

  /** The country calling code exists and the national number has a possible length for it. */
  boolean possibleE164(String plusDigits) {
    try {
      com.google.i18n.phonenumbers.Phonenumber.PhoneNumber n = util.parse(plusDigits, "ZZ");
      return !"ZZ".equals(util.getRegionCodeForCountryCode(n.getCountryCode())) && util.isPossibleNumber(n);
    } catch (com.google.i18n.phonenumbers.NumberParseException e) {
      return false;
    }
  }

  private static boolean accept(String text, int start, int end) {
    String raw = text.substring(start, end);
    int nd = 0;
    boolean formatted = false;
    for (char c : raw.toCharArray()) {
      if (Character.isDigit(c)) {
        nd++;
      } else if (c == '+' || c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') {
        formatted = true;
      }
    }
    if (nd < 7) {
      return false;
    }
    if (start > 0) {
      char b = text.charAt(start - 1);
      if (Character.isLetterOrDigit(b) || (b == '.' && start > 1 && Character.isDigit(text.charAt(start - 2)))) {
        return false;
      }
    }
    if (end < text.length()) {
      char a = text.charAt(end);
      if (Character.isDigit(a) || (a == '.' && end + 1 < text.length() && Character.isDigit(text.charAt(end + 1)))) {
        return false;
      }
    }
    if (DATE.matcher(raw).find() || DOTTED.matcher(raw).matches()) {
      return false;
    }
    String before = text.substring(Math.max(0, start - 24), start);
    if (VERSION_CONTEXT.matcher(before).find() || CODE_PREFIX.matcher(before).find()) {
      return false;
    }
    boolean international = raw.startsWith("+");
    boolean idContext = ID_CONTEXT.matcher(before).find() && !PHONE_CONTEXT.matcher(before).find();
    if (!international && idContext) {
      return false;
    }
    return formatted || nd >= 10;
  }
}
