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
}
