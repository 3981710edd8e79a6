package io.demoshard.privacy.scrub;

import java.util.List;

/**
 * Finds one kind of personal data or secret in a text. Implementations validate their
 * candidates (checksums, ranges, decoding), not just pattern-match, and are thread-safe.
 */
public interface Detector {
  /** Machine name of what this detector finds, used in counters: {@code email}, {@code card}, ... */
  String kind();

  /** What replaces a match in scrubbed text, e.g. {@code <EMAIL>}. */
  String placeholder();

  /** Every match in {@code text}, in any order; matches of one detector may overlap. */
  List<Span> find(String text);

  /**
   * Tie-breaker between overlapping matches of equal length: lower is more specific and wins.
   * Longer matches always win first (see {@link TextScrubber}).
   */
  int specificity();
}
