package io.demoshard.privacy.scrub;

import java.io.Serializable;

/**
 * A half-open range {@code [start, end)} of a text that one detector recognised as {@code kind}
 * (e.g. {@code email}). Carries no copy of the matched value.
 */
public record Span(int start, int end, String kind) implements Serializable {
  public Span {
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    }
  }

  public int length() {
    return end - start;
  }

  public boolean overlaps(Span o) {
    return start < o.end && o.start < end;
  }
}
