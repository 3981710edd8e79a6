package io.demoshard.reduce;

import io.demoshard.model.Counts;

import java.io.Serializable;
import java.util.List;

/**
 * The result of reducing one session's events.
 *
 * @param actions ordered by their first raw event (the input order)
 * @param events  every input event counted exactly once: {@code used}, {@code not_action.<reason>}
 *                or {@code policy.secure_input}; the sum equals the input size and {@code used}
 *                equals the sum of {@link Action#eventCount()}
 * @param repairs informational counters of repairs made to faulty streams (not part of the
 *                accounting identity), e.g. {@code mouse.down_without_up}
 */
public record Reduction(List<Action> actions, Counts events, Counts repairs) implements Serializable {
  public Reduction {
    actions = List.copyOf(actions);
  }

  public Reduction(List<Action> actions, Counts events) {
    this(actions, events, new Counts());
  }
}
