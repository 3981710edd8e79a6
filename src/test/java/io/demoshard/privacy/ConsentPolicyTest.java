package io.demoshard.privacy;

import io.demoshard.privacy.ConsentPolicy.ConsentRow;
import io.demoshard.privacy.ConsentPolicy.Reason;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsentPolicyTest {
  static final long DAY_END = 1_700_000_000_000L;
  final ConsentPolicy p = new ConsentPolicy(List.of("de", "GB", "FR"));

  Reason decide(boolean erased, ConsentRow... rows) {
    return p.decide("u1", List.of(rows), erased, DAY_END).reason();
  }

  static ConsentRow row(String status, String region, long at) {
    return new ConsentRow("u1", status, region, at);
  }

  @Test
  void newestRowHolds() {
    assertEquals(Reason.INCLUDED, decide(false, row("revoked", "US", DAY_END - 500), row("granted", "US", DAY_END - 100)));
    assertEquals(Reason.REVOKED, decide(false, row("granted", "US", DAY_END - 500), row("revoked", "US", DAY_END - 100)));
    assertTrue(p.decide("u1", List.of(row("granted", "US", DAY_END)), false, DAY_END).included(), "end of day inclusive");
  }

  @Test
  void futureDatedRowIsIgnored() {
    assertEquals(Reason.INCLUDED, decide(false, row("granted", "US", DAY_END - 1), row("revoked", "US", DAY_END + 1)));
    assertEquals(Reason.NO_CONSENT, decide(false, row("granted", "US", DAY_END + 1)));
  }

  @Test
  void tieRevokedWins() {
    assertEquals(Reason.REVOKED, decide(false, row("granted", "US", DAY_END - 5), row("revoked", "US", DAY_END - 5)));
    assertEquals(Reason.REVOKED, decide(false, row("revoked", "US", DAY_END - 5), row("granted", "US", DAY_END - 5)));
  }

  @Test
  void excludedRegionCaseInsensitiveAndMissingRegion() {
    assertEquals(Reason.EXCLUDED_REGION, decide(false, row("granted", "de", DAY_END - 1)));
    assertEquals(Reason.EXCLUDED_REGION, decide(false, row("granted", " GB ", DAY_END - 1)));
    assertEquals(Reason.EXCLUDED_REGION, decide(false, row("granted", "", DAY_END - 1)));
    assertEquals(Reason.INCLUDED, decide(false, row("GRANTED", "us", DAY_END - 1)));
  }

  @Test
  void noRowOrUnknownStatusIsNoConsent() {
    assertEquals(Reason.NO_CONSENT, decide(false));
    assertEquals(Reason.NO_CONSENT, decide(false, row("pending", "US", DAY_END - 1)));
  }

  @Test
  void erasedNeverIncluded() {
    assertEquals(Reason.ERASED, decide(true, row("granted", "US", DAY_END - 1)));
    Map<String, ConsentPolicy.Decision> all = p.decideAll(
        List.of(new ConsentRow("a", "granted", "US", 1), new ConsentRow("b", "granted", "US", 1),
            new ConsentRow("c", "granted", "US", 1), new ConsentRow("d", "revoked", "US", 1)),
        Set.of("b", "x"), Set.of("key-of-c"), u -> "key-of-" + u, DAY_END);
    assertEquals(Reason.INCLUDED, all.get("a").reason());
    assertEquals(Reason.ERASED, all.get("b").reason(), "erasure row");
    assertEquals(Reason.ERASED, all.get("c").reason(), "pseudonym on the persistent denylist");
    assertEquals(Reason.REVOKED, all.get("d").reason());
    assertEquals(Reason.ERASED, all.get("x").reason(), "erased without a consent row");
    assertFalse(all.containsKey("nobody"));
    assertEquals("excluded_region", Reason.EXCLUDED_REGION.code());
  }

  @Test
  void revokeWithoutRegionBeatsOlderGrant() {
    assertEquals(Reason.REVOKED, decide(false, row("granted", "US", DAY_END - 500), row("revoked", null, DAY_END - 100)));
  }

  @Test
  void anyOtherStatusIsNoConsentAndNeverWinsATie() {
    assertEquals(Reason.NO_CONSENT, decide(false, row("granted", "US", DAY_END - 500), row("withdrawn", "US", DAY_END - 100)));
    assertEquals(Reason.NO_CONSENT, decide(false, row("granted", "US", DAY_END - 500), row("Denied", "US", DAY_END - 100)));
    assertEquals(Reason.NO_CONSENT, decide(false, row("granted", "US", DAY_END - 500), row(null, "US", DAY_END - 100)));
    assertEquals(Reason.NO_CONSENT, decide(false, row("granted", "US", DAY_END - 5), row("withdrawn", "US", DAY_END - 5)));
    assertEquals(Reason.NO_CONSENT, decide(false, row("withdrawn", "US", DAY_END - 5), row("granted", "US", DAY_END - 5)));
  }

  @Test
  void unreadableConsentRowExcludesItsUser() {
    Map<String, ConsentPolicy.Decision> all = p.decideAll(
        List.of(new ConsentRow("u1", "granted", "US", 1), new ConsentRow("u2", "granted", "US", 1)),
        Set.of("U1\u00A0", "u3"), Set.of(), Set.of(), u -> "key-of-" + u, DAY_END);
    assertEquals(Reason.CONSENT_UNREADABLE, all.get("u1").reason(), "even with an older readable grant");
    assertEquals(Reason.INCLUDED, all.get("u2").reason());
    assertEquals(Reason.CONSENT_UNREADABLE, all.get("u3").reason());
    assertEquals("consent_unreadable", Reason.CONSENT_UNREADABLE.code());
    Map<String, ConsentPolicy.Decision> erased = p.decideAll(List.of(), Set.of("u1"), Set.of("u1"), Set.of(),
        u -> u, DAY_END);
    assertEquals(Reason.ERASED, erased.get("u1").reason(), "erased is checked first");
  }

  @Test
  void idsAreMatchedCanonically() {
    Map<String, ConsentPolicy.Decision> all = p.decideAll(
        List.of(new ConsentRow("U004213", "granted", "US", 1), new ConsentRow("u000007 ", "granted", "US", 1)),
        Set.of("u004213\u00A0"), Set.of("key-of-u000007"), u -> "key-of-" + u, DAY_END);
    assertEquals(Set.of("u004213", "u000007"), all.keySet());
    assertEquals(Reason.ERASED, all.get("u004213").reason());
    assertEquals(Reason.ERASED, all.get("u000007").reason(), "denylist pseudonym of the canonical id");
  }

  @Test
  void regionAliasesTerritoriesAndMalformedRegions() {
    ConsentPolicy defaults = new ConsentPolicy(io.demoshard.config.DemoshardConfig.from(
        io.demoshard.config.ConfigLoader.load("local", "nightly", null, Map.of())).privacy().excludedRegions());
    for (String region : List.of("UK", "uk", "GB", "EL", "GR", "RE", "re", "AX", "GP", "MQ", "GF", "YT", "MF", "IC",
        "EA", "XI", "USA", "U", "1A", "", " ")) {
      assertEquals(Reason.EXCLUDED_REGION, defaults.decide("u1", List.of(row("granted", region, DAY_END - 1)), false,
          DAY_END).reason(), region);
    }
    assertEquals(Reason.INCLUDED, defaults.decide("u1", List.of(row("granted", " us ", DAY_END - 1)), false,
        DAY_END).reason());
    assertEquals(Reason.EXCLUDED_REGION, new ConsentPolicy(List.of("uk")).decide("u1",
        List.of(row("granted", "GB", DAY_END - 1)), false, DAY_END).reason(), "aliases in the config too");
  }
}
