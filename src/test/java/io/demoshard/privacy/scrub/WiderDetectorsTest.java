package io.demoshard.privacy.scrub;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.demoshard.privacy.scrub.DetectorsTest.assertFinds;
import static io.demoshard.privacy.scrub.DetectorsTest.assertNone;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Issue 10 item 3: the card, phone and keyword rules that published values on the held-back corpus. */
class WiderDetectorsTest {

  @Nested
  class Cards {
    final Detector d = new CardDetector();

    @ParameterizedTest
    @ValueSource(strings = {"180002929794145", "213125740402688",          // JCB 15 digits
        "501849836165", "503811697385", "589334269083",                   // Maestro 12 digits
        "6304423996851152254", "6759649826438453",                         // Maestro 19 and 16
        "6231446026376809", "36745375185384", "2221015158388741", "6011889056118334", "3530614660523334",
        "4111111111111111", "378282246310005", "5555555555554444"})
    void issuerRangesWithLuhnWithoutSeparators(String number) {
      assertFinds(d, "ref " + number + " ok", number);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pay with card 4111 1111 1111 1112 today", "Visa: 4000-1234-5678-9010",
        "cc# 5105105105105101", "CC 123456789012", "expiry 12/27 number 4929 1234 5678 9012 345",
        "my credit card no. 1234567890123456"})
    void cardWordsMakeAnyTwelveToNineteenDigitsACard(String text) {
      assertEquals(1, d.find(text).size(), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"order 4111111111111112", "tracking 1Z999AA10123456784", "id 501849836166",
        "12345678901", "invoice 2024-000123-000456", "epoch 1733389200000 ms", "discovered 3 issues",
        "card 1234 ending", "uuid 20261205123456789012345"})
    void othersAreNot(String text) {
      assertNone(d, text);
    }
  }

  @Nested
  class Phones {
    final Detector d = new PhoneDetector(DetectorsTest.REGIONS);

    @ParameterizedTest
    @ValueSource(strings = {"+447700900123", "+442079460958", "+14155552671", "+4915123456789", "+33612345678",
        "+919876543210", "+81312345678", "+5511987654321"})
    void e164WithoutSpacesAnywhere(String number) {
      assertFinds(d, "ping " + number + " re: deploy", number);
      assertFinds(d, "call" + number, number);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1234", "+0441234567890", "+9991234567", "version +20261205", "sum 12+447700900123"})
    void notPhones(String text) {
      assertNone(d, text);
    }
  }

  @Nested
  class Keywords {
    final Detector d = new KeywordSecretDetector();

    @Test
    void keyThenSeparatorThenAnyValue() {
      assertFinds(d, "password: hunter2", "hunter2");
      assertFinds(d, "DB_PASSWORD=s3cr3t && ./run", "s3cr3t");
      assertFinds(d, "{\"api_key\": \"abcd 1234\"}", "abcd 1234");
      assertFinds(d, "export GITHUB_TOKEN='tok'", "tok");
      assertFinds(d, "token=abc/def+ghi==", "abc/def+ghi==");
      assertFinds(d, "pwd:letmein.", "letmein");
      assertFinds(d, "client_secret => qwerty", "qwerty");
      assertFinds(d, "passwd = aaaa", "aaaa");
      assertFinds(d, "PIN: 0000", "0000");
    }

    @Test
    void keyThenSpaceOnlyForMadeUpValues() {
      assertFinds(d, "my password is Hunter2x, don't tell", "Hunter2x");
      assertFinds(d, "password CorrectHorseBatteryStaple", "CorrectHorseBatteryStaple");
      assertFinds(d, "the wifi password was abc123xyz", "abc123xyz");
      assertNone(d, "reset password link sent");
      assertNone(d, "password manager GitHub login");
      assertNone(d, "token expired again");
    }

    @ParameterizedTest
    @ValueSource(strings = {"password: <SECRET>", "token=${GITHUB_TOKEN}", "password: ********", "api_key=$API_KEY",
        "Forgot your password?", "bypass the cache", "passport: renewed", "spin: 3 rounds", "password:"})
    void notSecrets(String text) {
      assertNone(d, text);
    }
  }

  @Test
  void theScrubberUsesThemAll() {
    TextScrubber s = new TextScrubber(20, 3.5, DetectorsTest.REGIONS);
    assertEquals("JCB <CARD> Maestro <CARD>", s.scrubText("JCB 180002929794145 Maestro 501849836165"));
    assertEquals("call Omar <PHONE> before 5pm", s.scrubText("call Omar +447700900123 before 5pm"));
    assertEquals("login: jdoe password: <SECRET>", s.scrubText("login: jdoe password: k9Q2mzX7"));
    assertEquals(List.of(), s.scan(s.scrubText("password: hunter2 token=abc/def+ghi==")));
  }
}
