package io.demoshard.model;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Named counters one stage reports (e.g. {@code events.quarantined.bad_json}). Every stage
 * reports the same way; the nightly job merges them into the manifest and checks the
 * accounting identities on them. Names are dot-separated, lower case.
 */
public final class Counts implements Serializable {
  private static final long serialVersionUID = 1L;
  private final TreeMap<String, Long> values = new TreeMap<>();

  public Counts add(String name, long delta) {
    values.merge(name, delta, Long::sum);
    return this;
  }

  public Counts addAll(Counts other) {
    other.values.forEach(this::add);
    return this;
  }

  public Counts addAll(Map<String, Long> other) {
    other.forEach(this::add);
    return this;
  }

  public long get(String name) {
    return values.getOrDefault(name, 0L);
  }

  /** Sum of every counter whose name starts with {@code prefix + "."}. */
  public long sumPrefix(String prefix) {
    String p = prefix + ".";
    return values.subMap(p, p + Character.MAX_VALUE).values().stream().mapToLong(Long::longValue).sum();
  }

  public Map<String, Long> asMap() {
    return Collections.unmodifiableMap(values);
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
