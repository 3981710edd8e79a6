package io.demoshard.privacy.scrub;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UserIdDetectorTest {
  private final TextScrubber scrubber = new TextScrubber(20, 3.5, List.of("US"))
      .withKnownUserIds(List.of("u004213", "U000777", "ab"));

  @Test
  void knownIdsBecomeUserPlaceholdersInAnyCase() {
    assertEquals("login <USER> then <USER>.", scrubber.scrubText("login U004213 then u000777."));
    assertEquals("ticket for <USER>: done", scrubber.scrubText("ticket for u004213: done"));
    assertEquals(1, scrubber.scrub("user=u004213").counts().get("user_id"));
  }

  @Test
  void onlyWholeTokensAndNotTooShortIds() {
    // part of a longer token, or an unknown id, or an id too short to be safe to match
    assertEquals("u0042130 xu004213 u004214 ab", scrubber.scrubText("u0042130 xu004213 u004214 ab"));
  }
}
