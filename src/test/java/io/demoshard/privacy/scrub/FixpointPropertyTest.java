package io.demoshard.privacy.scrub;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Scrubbing is a fixpoint: for generated strings (seeded, 3000 cases) mixing e-mails, cards,
 * secrets with {@code / + =}, URLs with queries, phones, IBANs and placeholders glued to text, the
 * detectors find nothing in {@code scrub(s)}, and scrubbing the result again changes nothing.
 */
class FixpointPropertyTest {
  static final TextScrubber S = new TextScrubber(20, 3.5, DetectorsTest.REGIONS)
      .withKnownUserIds(List.of("u004213", "jdoe42"));
  static final String B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  static final List<String> GLUE = List.of("", "", " ", " ", "/", "+", "=", ":", "-", "_", ".", ",", "'", "\"",
      "(", ")", "<", ">", "@", "?", "&", "#", "\n", "token=", "password: ", "key=", "?q=", "://");
  static final List<String> PLACEHOLDERS = List.of("<EMAIL>", "<CARD>", "<SECRET>", "<PHONE>", "<IBAN>", "<USER>",
      "<PERSON>", "<IP>", "<SSN>", "<REDACTED>");
  static final List<String> WORDS = List.of("deploy", "the", "report", "Q3", "invoice", "card", "visa", "call", "tel",
      "https://example.com/a/b", "www.acme-corp.com/x", "2024-01-15", "v1.2.3", "10.0.0.1", "order", "#1234", "ok");

  static <T> T pick(Random r, List<T> l) {
    return l.get(r.nextInt(l.size()));
  }

  static String rnd(Random r, String alphabet, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  static String luhnCard(Random r, String prefix, int len) {
    String body = prefix + rnd(r, "0123456789", len - 1 - prefix.length());
    for (int d = 0; d < 10; d++) {
      if (CardDetector.luhn(body + d)) {
        return body + d;
      }
    }
    throw new AssertionError();
  }

  /** One piece of personal data or a secret, in a real-world format. */
  static String value(Random r) {
    return switch (r.nextInt(12)) {
      case 0 -> rnd(r, "abcdefghij", 1 + r.nextInt(8)) + "." + rnd(r, "klmnop", 3) + "@" + pick(r, List.of("example.com",
          "acme-corp.com", "mail.example.org"));
      case 1 -> {
        String c = luhnCard(r, pick(r, List.of("4", "51", "2221", "34", "6011", "3530", "1800", "5018", "62")),
            pick(r, List.of(16, 15, 16, 16)));
        yield r.nextBoolean() ? c : c.replaceAll("(\\d{4})(?=\\d)", "$1 ");
      }
      case 2 -> rnd(r, B64, 40);                        // AWS-style secret key with / and +
      case 3 -> rnd(r, B64, 20 + r.nextInt(30)) + "==";
      case 4 -> "ghp_" + rnd(r, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 36);
      case 5 -> "https://" + pick(r, List.of("a.example.com", "www.acme-corp.com")) + "/" + rnd(r, B64, 8 + r.nextInt(30))
          + "?token=" + rnd(r, B64, 12) + "&u=" + rnd(r, "abc", 4) + "@x.com";
      case 6 -> "+" + pick(r, List.of("44", "1", "49", "33", "91")) + rnd(r, "0123456789", 10);
      case 7 -> "DE89 3704 0044 0532 0130 00";
      case 8 -> "AKIA" + rnd(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
      case 9 -> "token=" + rnd(r, B64, 16 + r.nextInt(24)) + "/" + rnd(r, "abcdef/", 10);
      case 10 -> "password: " + rnd(r, "abcdefXYZ0123!#", 6 + r.nextInt(10));
      default -> "u004213";
    };
  }

  static String generate(Random r) {
    StringBuilder sb = new StringBuilder();
    int parts = 1 + r.nextInt(7);
    for (int p = 0; p < parts; p++) {
      sb.append(pick(r, GLUE));
      switch (r.nextInt(4)) {
        case 0, 1 -> sb.append(value(r));
        case 2 -> sb.append(pick(r, PLACEHOLDERS));
        default -> sb.append(pick(r, WORDS));
      }
    }
    return sb.toString();
  }

  @Test
  void scrubbedTextHasNoFindingsAndIsStable() {
    Random r = new Random(20261205L);
    int cases = 3000;
    int redactedWhole = 0;
    List<String> examples = new java.util.ArrayList<>();
    for (int i = 0; i < cases; i++) {
      String s = generate(r);
      TextScrubber.Result once = S.scrub(s);
      List<Finding> left = S.scan(once.text());
      if (!left.isEmpty()) {
        fail("case " + i + ": findings " + left + " in scrub(" + s + ") = " + once.text());
      }
      assertEquals(once.text(), S.scrubText(once.text()), "scrub(scrub(s)) == scrub(s) for case " + i + ": " + s);
      if (TextScrubber.REDACTED.equals(once.text())) {
        redactedWhole++;
        if (examples.size() < 5) {
          examples.add(s);
        }
      }
    }
    // the whole-text fallback is a safety net, not the way texts are usually made safe
    assertTrue(redactedWhole < cases / 100, "texts redacted whole: " + redactedWhole + ", e.g. " + examples);
  }

  @Test
  void theIssueCasesAreFixpoints() {
    // an AWS-style secret key: only a segment looked random; the rest next to <SECRET> matched again
    String aws = "aws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY done";
    assertEquals("aws_secret_access_key <SECRET> done", S.scrubText(aws));
    String tokenPath = "curl -H token=9f8A7b6C5d4E3f2A1b0C9d8E7f6A/v1/users/export.csv now";
    assertEquals("curl -H token=<SECRET> now", S.scrubText(tokenPath));
    for (String s : List.of(aws, tokenPath, "x<SECRET>" + "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==/abc+def=")) {
      assertTrue(S.scan(S.scrubText(s)).isEmpty(), s);
    }
  }
}
