package io.demoshard.sim;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** simulate.mixed-consent-users: the demo's mix keeps every consent case and adds consenting users. */
class ConsentMixTest {
  static final LocalDate DAY = LocalDate.parse("2026-11-20");

  private static long publishable(DayPlanner p) {
    return p.users.stream().filter(p::publishable).count();
  }

  @Test
  void usersAfterTheMixedOnesAllConsentInAnOpenRegion() {
    DayPlanner all = new DayPlanner(7, DAY);
    all.plan(14);
    DayPlanner demo = new DayPlanner(7, DAY, 6);
    demo.plan(14);
    assertEquals(5, publishable(all), "3 of the 10 histories publish: users 0, 3, 6, 10, 13");
    assertEquals(2 + 8, publishable(demo));
    // the first six keep their histories (same consent rows as the default mix)
    for (int i = 0; i < 6; i++) {
      SimUser a = all.users.get(i);
      SimUser d = demo.users.get(i);
      assertEquals(List.of(a.id, a.consent, String.valueOf(a.region), a.erased),
          List.of(d.id, d.consent, String.valueOf(d.region), d.erased));
    }
    assertEquals(2, demo.erasure.size(), "the erased history (and the former employee's request) remain");
  }
}
