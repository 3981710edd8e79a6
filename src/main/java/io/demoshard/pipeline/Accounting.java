package io.demoshard.pipeline;

import io.demoshard.model.Counts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The accounting identities, checked before anything is published: every raw line of the
 * events and frame index ends in exactly one terminal bucket (quarantined by reason, a
 * duplicate, dropped by a counted policy, not an action, used in an episode, kept, dedup'ed
 * or unused). A run whose counts do not add up fails instead of publishing.
 */
public final class Accounting {
  /** Counter prefixes (under {@code events.} / {@code frames.}) that are terminal fates of a line. */
  static final List<String> TERMINAL = List.of("quarantined", "duplicate", "policy", "not_action", "used",
      "kept", "unused", "deduplicated", "unsegmented");

  private Accounting() {}

  public record Check(String kind, long lines, long accounted) {
    public boolean ok() {
      return lines == accounted;
    }
  }

  public static List<Check> checks(Counts c) {
    List<Check> out = new ArrayList<>();
    for (String kind : List.of("events", "frames")) {
      long accounted = 0;
      for (Map.Entry<String, Long> e : c.asMap().entrySet()) {
        String name = e.getKey();
        if (!name.startsWith(kind + ".")) {
          continue;
        }
        String rest = name.substring(kind.length() + 1);
        String head = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
        if (TERMINAL.contains(head)) {
          accounted += e.getValue();
        }
      }
      out.add(new Check(kind, c.get(kind + ".lines"), accounted));
    }
    return out;
  }

  /** Throws when any identity fails; also when segmentation lost or invented actions. */
  public static void verify(Counts c) {
    List<String> broken = new ArrayList<>();
    for (Check k : checks(c)) {
      if (!k.ok()) {
        broken.add(k.kind() + ": " + k.lines() + " lines but " + k.accounted() + " accounted for");
      }
    }
    if (c.get("events.unsegmented") != 0) {
      broken.add("events: " + c.get("events.unsegmented") + " used events in no episode");
    }
    if (!broken.isEmpty()) {
      throw new IllegalStateException("accounting identity failed, nothing published: " + String.join("; ", broken));
    }
  }
}
