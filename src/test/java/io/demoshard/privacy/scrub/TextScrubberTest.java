package io.demoshard.privacy.scrub;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextScrubberTest {
  final TextScrubber s = new TextScrubber(20, 3.5, DetectorsTest.REGIONS);

  /** What the reducer hands over after applying Backspace to the typed keys. */
  static String applyBackspaces(String typed) {
    StringBuilder sb = new StringBuilder();
    for (char c : typed.toCharArray()) {
      if (c == '\b') {
        if (sb.length() > 0) {
          sb.setLength(sb.length() - 1);
        }
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  @Test
  void valueTypedWithBackspaceCorrectionIsFound() {
    String corrected = applyBackspaces("jane.doe@exma\b\bample.com and 4111 1111 1111 1112\b1");
    assertEquals("jane.doe@example.com and 4111 1111 1111 1111", corrected);
    TextScrubber.Result r = s.scrub(corrected);
    assertEquals("<EMAIL> and <CARD>", r.text());
    assertEquals(Map.of("email", 1, "card", 1), r.counts());
  }

  @Test
  void everyKindIsReplacedAndCounted() {
    String text = "Mail jane@example.com, call +44 20 7946 0958, IBAN DE89 3704 0044 0532 0130 00, "
        + "SSN 123-45-6789, host 192.168.1.20, key AKIAIOSFODNN7EXAMPLE, see https://x.example.com/p?id=7";
    TextScrubber.Result r = s.scrub(text);
    assertEquals("Mail <EMAIL>, call <PHONE>, IBAN <IBAN>, SSN <SSN>, host <IP>, key <SECRET>, "
        + "see https://x.example.com/p", r.text());
    assertEquals(Map.of("email", 1, "phone", 1, "iban", 1, "ssn", 1, "ip", 1, "secret", 1, "url_query", 1), r.counts());
    assertEquals(7, r.total());
  }

  @Test
  void overlapsLongestThenMostSpecificWins() {
    // the IBAN contains digit groups the phone and card detectors might see; the longer IBAN wins
    assertEquals("<IBAN>", s.scrubText("GB82 WEST 1234 5698 7654 32"));
    // a card number is also a long digit run; the card wins over any phone sub-match
    TextScrubber.Result card = s.scrub("4111 1111 1111 1111");
    assertEquals("<CARD>", card.text());
    assertEquals(Map.of("card", 1), card.counts());
    // a JWT is both a known format and a high-entropy token: one secret, counted once
    TextScrubber.Result jwt = s.scrub("Bearer " + DetectorsTest.Secrets.JWT);
    assertEquals("Bearer <SECRET>", jwt.text());
    assertEquals(Map.of("secret", 1), jwt.counts());
    // equal length: specificity decides deterministically (card beats the high-entropy rule)
    List<Span> resolved = TextScrubber.resolve(List.of(new TextScrubber.Candidate(new Span(0, 10, "secret"), 90),
        new TextScrubber.Candidate(new Span(0, 10, "card"), 20), new TextScrubber.Candidate(new Span(5, 12, "phone"), 60)));
    assertEquals(List.of(new Span(0, 10, "card")), resolved);
  }

  @Test
  void queryIsRemovedBeforeOtherDetectorsSeeIt() {
    TextScrubber.Result r = s.scrub("https://mail.example.com/inbox?to=jane@example.com&t=ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOabcd");
    assertEquals("https://mail.example.com/inbox", r.text());
    assertEquals(Map.of("url_query", 1), r.counts());
  }

  @Test
  void cleanTextAndNullStayTheSame() {
    String clean = "Opened the quarterly report in Excel, renamed sheet to Summary_2024 and saved.";
    assertEquals(clean, s.scrubText(clean));
    assertNull(s.scrubText(null));
    assertEquals("<EMAIL> placeholders survive", s.scrubText("<EMAIL> placeholders survive"));
  }

  @Test
  void scanReportsKindOffsetLengthNeverTheValue() {
    String text = "x jane@example.com y https://a.example.com/p?q=1";
    List<Finding> f = s.scan(text);
    assertEquals(List.of(new Finding("email", 2, 16), new Finding("url_query", 44, 4)), f);
    assertTrue(s.scan("nothing to see here").isEmpty());
  }

  @Test
  void survivesJavaSerialization() throws Exception {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    s.scrubText("warm up jane@example.com"); // detectors built: must not be serialized
    try (ObjectOutputStream out = new ObjectOutputStream(bos)) {
      out.writeObject(s);
    }
    TextScrubber copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bos.toByteArray()))) {
      copy = (TextScrubber) in.readObject();
    }
    assertEquals("<PHONE>", copy.scrubText("+1 650-253-0000"));
    assertFalse(bos.size() > 2000, "only the configuration travels: " + bos.size() + " bytes");
  }
}
