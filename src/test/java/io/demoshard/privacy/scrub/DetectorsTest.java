package io.demoshard.privacy.scrub;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetectorsTest {
  static final List<String> REGIONS = List.of("US", "GB", "DE", "FR", "IN", "BR", "CA", "AU", "JP", "ES", "IT", "NL",
      "MX", "SG");

  /** The exact matched substrings, in order. */
  static List<String> matches(Detector d, String text) {
    return d.find(text).stream().sorted(java.util.Comparator.comparingInt(Span::start))
        .map(s -> text.substring(s.start(), s.end())).toList();
  }

  static void assertFinds(Detector d, String text, String expected) {
    assertEquals(List.of(expected), matches(d, text), () -> d.kind() + " in: " + text);
  }

  static void assertNone(Detector d, String text) {
    assertEquals(List.of(), matches(d, text), () -> d.kind() + " should find nothing in: " + text);
  }

  @Nested
  class Email {
    final Detector d = new EmailDetector();

    @ParameterizedTest
    @ValueSource(strings = {"jane.doe@example.com", "j+tag@mail.example.co.uk", "o'brien@corp.io", "X_Y-Z@sub-d.example.org",
        "jürgen.müller@bücher.de"})
    void finds(String addr) {
      assertFinds(d, "mail " + addr + ". thanks", addr);
    }

    @ParameterizedTest
    @ValueSource(strings = {"user@localhost", "a@b.c", "@jane on slack", "john..doe@example.com", ".jd@example.com",
        "x@-bad.com", "no at sign here", "me@example.c0m"})
    void rejects(String text) {
      assertNone(d, text);
    }

    @Test
    void quoteBeforeAddressIsNotPartOfIt() {
      assertFinds(d, "to:'bob@example.com'", "bob@example.com");
    }
  }

  @Nested
  class Card {
    final Detector d = new CardDetector();

    @ParameterizedTest
    @ValueSource(strings = {"4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111111", "5500 0000 0000 0004",
        "3782 822463 10005", "6011111111111117", "2223000048400011"})
    void finds(String card) {
      assertFinds(d, "card: " + card + " exp 12/27", card);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111 1111 1111 1112", /* Luhn fails */ "1234567890123452", /* Luhn ok, unknown IIN */
        "9999999999999995", "411111111111111", /* Visa with 15 digits */ "12345678901234567890123", "4111  1111 1111 1111",
        "phone 650-253-0000", "2024-01-15"})
    void rejects(String text) {
      assertNone(d, text);
    }

    @Test
    void cardInsideLongerGroupedRun() {
      assertFinds(d, "4111 1111 1111 1111 2025", "4111 1111 1111 1111");
    }

    @Test
    void luhn() {
      assertTrue(CardDetector.luhn("79927398713"));
      assertFalse(CardDetector.luhn("79927398710"));
    }
  }

  @Nested
  class Iban {
    final Detector d = new IbanDetector();

    @ParameterizedTest
    @ValueSource(strings = {"GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432", "DE89 3704 0044 0532 0130 00",
        "de89370400440532013000", "FR14 2004 1010 0505 0001 3M02 606", "NO93 8601 1117 947"})
    void finds(String iban) {
      assertFinds(d, "IBAN: " + iban + " thanks", iban);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GB83 WEST 1234 5698 7654 32", /* bad check digits */
        "DE89 3704 0044 0532 0130 0", /* one char short */ "DE89 3704 0044 0532 0130 001", /* one too long */
        "XX82WEST12345698765432", /* no such country */ "GB82WEST1234569876543", "DE89370400440532013001"})
    void rejects(String text) {
      assertNone(d, text);
    }
  }

  @Nested
  class Phone {
    final Detector d = new PhoneDetector(REGIONS);

    @ParameterizedTest
    @ValueSource(strings = {"+1 650-253-0000", "(650) 253-0000", "650.253.0000", "+44 20 7946 0958", "020 7946 0958",
        "+44 7911 123456", "+49 30 901820", "030 901820", "+49 1512 3456789", "+91 98765 43210", "098765 43210",
        "6502530000"})
    void finds(String phone) {
      assertFinds(d, "call me at " + phone + " tomorrow", phone);
    }

    @Test
    void phoneWordsBeatIdWords() {
      assertFinds(d, "phone number 6502530000", "6502530000");
      assertFinds(d, "Telefon: 030 12345678", "030 12345678");
      assertFinds(d, "order desk +1 650-253-0000", "+1 650-253-0000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"on 2024-01-15 at noon", "am 15.01.2024", "due 01/15/2024", "version 10.0.19041.1",
        "v1.2.3", "Order #6502530000", "order no. 6502530000", "invoice 4402079460", "ref: 650253000",
        "total 1234567", "4111 1111 1111 1111", "build 2024.01.15.1234", "ip 192.168.100.200", "at 12:30:45",
        "Invoice INV-2024-000123", "Meeting ID: 123 4567 8901", "WHERE id = 6502530000", "CVE-2024-12345",
        "ZIP 94043-1351", "08/15/2024 14:32:05", "epoch 1700000000000"})
    void rejects(String text) {
      assertNone(d, text);
    }
  }

  @Nested
  class Ip {
    final Detector d = new IpDetector();

    @ParameterizedTest
    @ValueSource(strings = {"192.168.1.20", "10.0.0.1", "255.255.255.255", "2001:db8:85a3::8a2e:370:7334",
        "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "fe80::1ff:fe23:4567:890a", "::ffff:192.0.2.128"})
    void finds(String ip) {
      assertFinds(d, "host " + ip + ".", ip);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4.5", "v1.2.3", "v10.0.1.2", "version 4.2.0.1", "1.2.3", "256.1.1.1",
        "10.0.19041.1", "at 12:30:45", "std::vector", "a::b", "00:1A:2B:3C:4D:5E", "x1.2.3.4", "1.2.3.4a"})
    void rejects(String text) {
      assertNone(d, text);
    }
  }

  @Nested
  class Ssn {
    final Detector d = new SsnDetector();

    @ParameterizedTest
    @ValueSource(strings = {"123-45-6789", "078-05-1120", "899-99-9999"})
    void finds(String ssn) {
      assertFinds(d, "SSN " + ssn + ".", ssn);
    }

    @ParameterizedTest
    @ValueSource(strings = {"000-12-3456", "666-12-3456", "900-12-3456", "999-12-3456", "123-00-4567", "123-45-0000",
        "1234-45-6789", "123-45-67890", "123456789", "2024-01-15"})
    void rejects(String text) {
      assertNone(d, text);
    }
  }

  @Nested
  class Secrets {
    final Detector d = new SecretTokenDetector();
    static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
        + "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ."
        + "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    @ParameterizedTest
    @ValueSource(strings = {"AKIAIOSFODNN7EXAMPLE", "ASIAY34FZKBOKMUTVV7A", "ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOabcd",
        "gho_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOabcd", "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuv",
        "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "xoxp-1234567890-abcdef",
        "AIzaSyA-1234567890abcdefghijklmnopqrstu", "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
        "rk_live_51H8abcdefGHIJKL", JWT, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."})
    void finds(String token) {
      assertFinds(d, "token=\"" + token + "\" ok", token);
    }

    @Test
    void pemBlockAndTruncatedPem() {
      String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1\nabc\n-----END RSA PRIVATE KEY-----";
      assertFinds(d, "key:\n" + pem + "\nbye", pem);
      String truncated = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAA";
      assertFinds(d, "oops " + truncated, truncated);
      assertNone(d, "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----");
    }

    @ParameterizedTest
    @ValueSource(strings = {"the quick brown fox jumps over the lazy dog", "AKIA is a prefix", "AKIAIOSFODNN7EXAMPL",
        "ghp_short", "xoxb-nodigitsatallhere", "sk_live_", "AIzaShort", "correct.horse.battery",
        "alpha12345.bravo67890.charlie", "readme.config.yaml", "eyJub3Rqc29u.eyJzdWIiOiJ4In0.sig12345"})
    void rejects(String text) {
      assertNone(d, text);
    }

    @Test
    void jwtHeaderMustBeJson() {
      assertTrue(SecretTokenDetector.isJsonObject("eyJhbGciOiJIUzI1NiJ9"));
      assertFalse(SecretTokenDetector.isJsonObject("aGVsbG8gd29ybGQ")); // "hello world"
    }
  }

  @Nested
  class Entropy {
    final Detector d = new EntropySecretDetector(20, 3.5);

    @ParameterizedTest
    @ValueSource(strings = {"u8jzPde0IgxLd6GncfBAepfJBd0Kh8oO", "3f8a9b2c7d1e4f6a8b0c2d4e6f8a0b1c",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==", "Kw8#pL2!xQ9@vR4$mN7%",
        "MyPassw0rd!2024SuperSecret"})
    void finds(String token) {
      assertFinds(d, "secret: " + token + " end", token);
    }

    @Test
    void onlyTheRandomSegmentOfAUrlPath() {
      String id = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms";
      assertFinds(d, "https://docs.example.com/document/d/" + id + "/edit", id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"internationalization and responsibilities", "AbstractSingletonProxyFactoryBean",
        "/usr/local/lib/x86_64-linux-gnu/libssl.so.3", "/home/alice/projects/demo2024_v3/build/output.tar.gz",
        "org.apache.spark.sql.execution.datasources", "123e4567-e89b-12d3-a456-426614174000",
        "https://github.com/apache/spark/blob/master/sql/core/src/main/scala/Dataset.scala",
        "SELECT_ALL_CUSTOMERS_FROM_DATABASE", "u8jzPde0IgxLd6Gncf" /* 18 chars: too short */,
        "C:\\Users\\Jane\\Documents\\Budget_2024_final_v2.xlsx", "java.lang.IllegalStateException: Cannot invoke",
        "npm install @babel/core@7.23.2 --save-dev", "docker run -p 8080:80 nginx:1.25.3-alpine"})
    void rejects(String text) {
      assertNone(d, text);
    }

    @Test
    void thresholdIsStrict() {
      // 16 distinct symbols, each twice: exactly 4.0 bits per char
      String exactly4 = "0123456789abcdef0123456789abcdef";
      assertEquals(4.0, EntropySecretDetector.entropy(exactly4), 1e-9);
      assertNone(new EntropySecretDetector(20, 4.0), exactly4);
      assertFinds(new EntropySecretDetector(20, 3.99), exactly4, exactly4);
      // 17 distinct symbols in 34 chars: above 4.0
      String above = "0123456789abcdefg0123456789abcdefg";
      assertFinds(new EntropySecretDetector(20, 4.0), above, above);
    }

    @Test
    void minLengthEdge() {
      String twenty = "u8jzPde0IgxLd6GncfBA";
      assertFinds(new EntropySecretDetector(20, 3.5), twenty, twenty);
      assertNone(new EntropySecretDetector(21, 3.5), twenty);
    }
  }

  @Nested
  class Urls {
    final UrlQueryStripper u = new UrlQueryStripper();
    final TextScrubber s = new TextScrubber(20, 3.5, REGIONS);

    @Test
    void keepsPathLosesQueryAndFragment() {
      assertEquals("see https://shop.example.com/orders/list and more",
          s.scrubText("see https://shop.example.com/orders/list?user=jane&session=42#top and more"));
      assertEquals("https://example.com/a/b.", s.scrubText("https://example.com/a/b#frag."));
      assertEquals("www.example.com/search", s.scrubText("www.example.com/search?q=divorce+lawyer"));
      assertEquals("https://example.com/path", s.scrubText("https://example.com/path"));
    }

    @Test
    void userInfoIsRemoved() {
      assertEquals("ftp://files.example.com/pub", s.scrubText("ftp://jane:hunter2@files.example.com/pub"));
    }

    @Test
    void questionMarksOutsideUrlsStay() {
      assertEquals(List.of(), u.find("why? because. #hashtag"));
      assertEquals("why? because", s.scrubText("why? because"));
    }
  }
}
