package io.demoshard.privacy;

import io.demoshard.privacy.scrub.DetectorsTestAccess;
import io.demoshard.privacy.scrub.TextScrubber;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Issue 10 items 3 and 6: values only the sequence of steps shows. */
class TypedTextTest {
  static final TextScrubber S = new TextScrubber(20, 3.5, DetectorsTestAccess.REGIONS);

  static TypedText.Step type(String text) {
    return new TypedText.Step("type", text, null, null);
  }

  static TypedText.Step key(String key, int count) {
    return new TypedText.Step("key", null, List.of(key), count);
  }

  static TypedText.Step click() {
    return new TypedText.Step("click", null, null, null);
  }

  static String[] run(Map<String, Long> counts, TypedText.Step... steps) {
    return TypedText.apply(List.of(steps), S, counts);
  }

  @Test
  void aValueTypedAfterAPasswordPromptIsASecret() {
    Map<String, Long> c = new HashMap<>();
    assertArrayEquals(new String[] {"sudo systemctl restart nginx", null, "<SECRET>", null},
        run(c, type("sudo systemctl restart nginx"), key("Enter", 1), type("k9Q2mzX7"), key("Enter", 1)));
    assertArrayEquals(new String[] {"mysql -u root -p", null, "<SECRET>"},
        run(c, type("mysql -u root -p"), key("Enter", 1), type("ab12cd")));
    assertArrayEquals(new String[] {"Password:", null, "<SECRET>"},
        run(c, type("Password:"), key("Tab", 1), type("CorrectHorseBatteryStaple")));
    assertArrayEquals(new String[] {"[sudo] password for jane:", null, "<SECRET>"},
        run(c, type("[sudo] password for jane:"), click(), type("correct horse battery staple")));
    assertEquals(4L, c.get("secret"));
  }

  @Test
  void theNextCommandAfterSudoIsNotASecret() {
    Map<String, Long> c = new HashMap<>();
    assertArrayEquals(new String[] {"sudo apt update", null, "git status"},
        run(c, type("sudo apt update"), key("Enter", 1), type("git status")));
    assertArrayEquals(new String[] {"ssh build-01", null, "ls"}, run(c, type("ssh build-01"), key("Enter", 1), type("ls")));
    assertArrayEquals(new String[] {"I will pass", null, "tomorrow"}, run(c, type("I will pass"), key("Enter", 1),
        type("tomorrow")));
    assertEquals(Map.of(), c);
  }

  @Test
  void aValueTypedInBurstsIsFoundInEveryStep() {
    Map<String, Long> c = new HashMap<>();
    assertArrayEquals(new String[] {"card <CARD>", null, "<CARD> thanks"},
        run(c, type("card 4111 1111"), click(), type(" 1111 1111 thanks")));
    assertEquals(Map.of("card", 1L), c);
  }

  @Test
  void backspaceCorrectionsAreApplied() {
    Map<String, Long> c = new HashMap<>();
    // "jane.doe@exm", Backspace, "ample.com": the reader sees jane.doe@example.com
    String[] out = run(c, type("mail jane.doe@exm"), key("Backspace", 1), type("ample.com"));
    assertEquals(List.of("mail <EMAIL>m", "<EMAIL>"), List.of(out[0], out[2]));
    assertEquals(Map.of("email", 1L), c);
    // after the per-step scrub nothing of the address is left anywhere
    List<String> scrubbed = new ArrayList<>();
    for (String s : out) {
      scrubbed.add(S.scrubText(s));
    }
    assertEquals(List.of(), S.scan(String.join("", scrubbed.subList(0, 1)) + scrubbed.get(2)));
  }

  @Test
  void enterAndTabEndARun() {
    Map<String, Long> c = new HashMap<>();
    assertArrayEquals(new String[] {"4111 1111", null, "1111 1111"},
        run(c, type("4111 1111"), key("Enter", 1), type("1111 1111")));
    assertArrayEquals(new String[] {"Jane", null, "jane@", null, "x"},
        run(c, type("Jane"), key("Tab", 1), type("jane@"), new TypedText.Step("hotkey", null, List.of("ctrl", "v"), null),
            type("x")));
    assertEquals(Map.of(), c);
  }
}
