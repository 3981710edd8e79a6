package io.demoshard.sim;

import java.math.BigInteger;
import java.util.List;

/** Personal data and secrets as employees really type them: the scrubber has to find exactly these. */
final class Pii {
  static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  static final String ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  static final List<String> FIRST = List.of("jane", "omar", "li", "priya", "lucas", "amara", "kenji", "sofia", "mateo", "noah", "olga", "ravi");
  static final List<String> LAST = List.of("doe", "haddad", "wei", "sharma", "silva", "okafor", "tanaka", "rossi", "garcia", "becker", "ivanova", "patel");
  static final List<String> DOMAINS = List.of("example.com", "acme-corp.com", "mail.example.org", "contoso.net");

  private Pii() {}

  static String name(Rng r) { return cap(r.pick(FIRST)) + " " + cap(r.pick(LAST)); }
  static String cap(String s) { return Character.toUpperCase(s.charAt(0)) + s.substring(1); }

  static String email(Rng r) { return r.pick(FIRST) + "." + r.pick(LAST) + r.between(1, 99) + "@" + r.pick(DOMAINS); }

  /** Phone numbers in the formats people use in several countries. */
  static String phone(Rng r) {
    return switch (r.r.nextInt(6)) {
      case 0 -> "+1 (" + r.between(201, 989) + ") 555-01" + r.digits(2);
      case 1 -> "+44 20 7946 0" + r.digits(3);
      case 2 -> "+49 30 " + r.digits(8);
      case 3 -> "+91 98" + r.digits(3) + " " + r.digits(5);
      case 4 -> "+81 3-" + r.digits(4) + "-" + r.digits(4);
      default -> "+33 1 " + r.digits(2) + " " + r.digits(2) + " " + r.digits(2) + " " + r.digits(2);
    };
  }

  /** Luhn-valid 16-digit card number, grouped by four like on the card. */
  static String card(Rng r) {
    String body = r.pick("4", "51", "52", "55") ;
    body = body + r.digits(15 - body.length());
    int sum = 0;
    for (int i = 0; i < body.length(); i++) {
      int d = body.charAt(body.length() - 1 - i) - '0';
      if (i % 2 == 0) { d *= 2; if (d > 9) d -= 9; }
      sum += d;
    }
    String n = body + ((10 - sum % 10) % 10);
    return n.substring(0, 4) + " " + n.substring(4, 8) + " " + n.substring(8, 12) + " " + n.substring(12);
  }

  static boolean luhn(String digitsOnly) {
    int sum = 0;
    for (int i = 0; i < digitsOnly.length(); i++) {
      int d = digitsOnly.charAt(digitsOnly.length() - 1 - i) - '0';
      if (i % 2 == 1) { d *= 2; if (d > 9) d -= 9; }
      sum += d;
    }
    return sum % 10 == 0;
  }

  /** IBAN with correct ISO 7064 mod-97 check digits. */
  static String iban(Rng r) {
    String cc = r.pick("DE", "FR", "NL", "ES");
    String bban = switch (cc) {
      case "DE" -> r.digits(18);
      case "FR" -> r.digits(23);
      case "NL" -> r.alnum(4, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + r.digits(10);
      default -> r.digits(20);
    };
    int check = 98 - mod97(bban + cc + "00");
    return cc + String.format("%02d", check) + bban;
  }

  static int mod97(String s) {
    StringBuilder num = new StringBuilder();
    for (char c : s.toCharArray()) num.append(Character.isLetter(c) ? String.valueOf(c - 'A' + 10) : String.valueOf(c));
    return new BigInteger(num.toString()).mod(BigInteger.valueOf(97)).intValue();
  }

  static String ssn(Rng r) { return r.between(100, 665) + "-" + String.format("%02d", r.between(1, 99)) + "-" + String.format("%04d", r.between(1, 9999)); }

  static String awsKey(Rng r) { return "AKIA" + r.alnum(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"); }
  static String githubToken(Rng r) { return "ghp_" + r.alnum(36, ALNUM); }
  static String slackToken(Rng r) { return "xoxb-" + r.digits(11) + "-" + r.digits(13) + "-" + r.alnum(24, ALNUM); }

  static String password(Rng r) { return r.alnum(r.between(5, 8), ALNUM) + r.pick("!", "#", "$", "%", "&", "?") + r.alnum(r.between(3, 6), ALNUM); }
}
