package io.demoshard.reduce;

import io.demoshard.model.RawEvent;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The accounting identities of a {@link Reduction}, asserted after every reduction in tests. */
public final class Accounting {
  private Accounting() {}

  public static Reduction reduce(List<RawEvent> events) {
    return reduce(events, null);
  }

  public static Reduction reduce(List<RawEvent> events, int[] observation) {
    Reduction r = new ActionReducer(Rec.DEFAULTS).reduce(events, observation);
    check(r, events.size());
    long prev = Long.MIN_VALUE;
    for (Action a : r.actions()) { // sorted input: actions in time order, each non-negative in length
      assertTrue(a.startTs() >= prev, () -> "actions out of order: " + r.actions());
      assertTrue(a.endTs() >= a.startTs(), () -> "endTs before startTs: " + a);
      prev = a.startTs();
    }
    return r;
  }

  public static void check(Reduction r, int inputSize) {
    long total = r.events().asMap().values().stream().mapToLong(Long::longValue).sum();
    assertEquals(inputSize, total, () -> "every event counted once: " + r.events());
    for (String name : r.events().asMap().keySet()) {
      assertTrue(name.equals(ActionReducer.USED) || name.startsWith("not_action.") || name.equals(ActionReducer.SECURE),
          () -> "unexpected counter " + name);
    }
    long used = r.actions().stream().mapToLong(Action::eventCount).sum();
    assertEquals(r.events().get(ActionReducer.USED), used, "used == sum of eventCount");
    for (Action a : r.actions()) {
      assertTrue(a.eventCount() >= 1, () -> "action without events: " + a);
    }
  }
}
