package io.demoshard.join;

import io.demoshard.model.FrameRef;
import io.demoshard.model.RawEvent;

import java.util.List;

/**
 * The as-of join between a session's events and its frames: the observation of an event is
 * the newest frame whose {@code ts} is at or before the event's {@code ts}, if it is at most
 * {@code maxFrameAgeMs} old (EPISODES.md, RAW_FORMAT.md).
 *
 * <p>Both inputs are expected sorted by {@code ts} (the Spark stage sorts each session once);
 * the join is then a single linear two-pointer merge, O(events + frames). Frames with equal
 * {@code ts}: the one later in the list wins (it is the "newest" by list order). If the events
 * are not sorted, the result is still correct: an event whose ts goes backwards re-seeks the
 * frame pointer by binary search (O(log frames)). Frames must be sorted by ts; unsorted frames
 * are rejected with {@link IllegalArgumentException} (a caller bug, not a data fault).
 */
public final class ObservationJoin {
  private ObservationJoin() {}

  /**
   * @return {@code result[i]} = index into {@code framesByTs} of the newest frame with
   *     {@code ts <= events[i].ts} and {@code events[i].ts - ts <= maxFrameAgeMs}, else -1
   */
  public static int[] observe(List<RawEvent> eventsByTs, List<FrameRef> framesByTs, long maxFrameAgeMs) {
    if (maxFrameAgeMs < 0) {
      throw new IllegalArgumentException("maxFrameAgeMs must be >= 0, got " + maxFrameAgeMs);
    }
    int n = eventsByTs.size();
    int m = framesByTs.size();
    long[] frameTs = new long[m];
    for (int j = 0; j < m; j++) {
      frameTs[j] = framesByTs.get(j).ts();
      if (j > 0 && frameTs[j] < frameTs[j - 1]) {
        throw new IllegalArgumentException("frames not sorted by ts at index " + j);
      }
    }
    int[] out = new int[n];
    int j = -1; // index of the newest frame with ts <= the current event's ts, -1 if none
    long prevTs = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      long ts = eventsByTs.get(i).ts();
      if (ts < prevTs) {
        j = lastAtOrBefore(frameTs, ts); // unsorted events: re-seek, then continue linearly
      }
      while (j + 1 < m && frameTs[j + 1] <= ts) {
        j++;
      }
      // subtraction, not ts - max <= frameTs, so that huge clocks cannot overflow the bound
      out[i] = j >= 0 && ts - frameTs[j] <= maxFrameAgeMs && ts - frameTs[j] >= 0 ? j : -1;
      prevTs = ts;
    }
    return out;
  }

  /** Index of the last element {@code <= ts}, or -1. */
  private static int lastAtOrBefore(long[] sorted, long ts) {
    int lo = 0;
    int hi = sorted.length; // first index with value > ts lies in [lo, hi]
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= ts) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo - 1;
  }
}
