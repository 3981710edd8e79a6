package io.demoshard.join;

import io.demoshard.model.FrameRef;
import io.demoshard.model.RawEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ObservationJoinTest {

  private static List<RawEvent> events(long... ts) {
    List<RawEvent> out = new ArrayList<>();
    for (int i = 0; i < ts.length; i++) {
      out.add(RawEvent.of("e" + i, i, ts[i], "key_down"));
    }
    return out;
  }

  private static List<FrameRef> frames(long... ts) {
    List<FrameRef> out = new ArrayList<>();
    for (int i = 0; i < ts.length; i++) {
      out.add(new FrameRef("f" + i, ts[i], "p" + i, 10, 10, "png", "timer", 0L, "h" + i, 1L));
    }
    return out;
  }

  @Test
  void frameAtExactlyTheEventTsCountsAsAtOrBefore() {
    assertArrayEquals(new int[] {0, 1}, ObservationJoin.observe(events(100, 200), frames(100, 200), 5000));
  }

  @Test
  void newestFrameAtOrBeforeIsChosenNeverALaterOne() {
    assertArrayEquals(new int[] {1, 2, 2}, ObservationJoin.observe(events(250, 301, 999), frames(100, 200, 300, 1000),
        5000));
  }

  @Test
  void maxAgeIsInclusive() {
    assertArrayEquals(new int[] {0, -1}, ObservationJoin.observe(events(5100, 5101), frames(100), 5000));
  }

  @Test
  void zeroMaxAgeOnlyMatchesEqualTs() {
    assertArrayEquals(new int[] {0, -1}, ObservationJoin.observe(events(100, 101), frames(100), 0));
  }

  @Test
  void noFrameBeforeOrNoFramesAtAll() {
    assertArrayEquals(new int[] {-1, -1}, ObservationJoin.observe(events(50, 99), frames(100), 5000));
    assertArrayEquals(new int[] {-1}, ObservationJoin.observe(events(50), List.of(), 5000));
    assertArrayEquals(new int[] {}, ObservationJoin.observe(List.of(), frames(1), 5000));
  }

  @Test
  void framesWithEqualTsTakeTheLastInList() {
    assertArrayEquals(new int[] {1}, ObservationJoin.observe(events(100), frames(100, 100), 5000));
  }

  @Test
  void unsortedFramesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> ObservationJoin.observe(events(1), frames(2, 1), 5));
    assertThrows(IllegalArgumentException.class, () -> ObservationJoin.observe(events(1), frames(1), -1));
  }

  @Test
  void matchesBruteForceOnRandomInputsIncludingUnsortedEvents() {
    Random rnd = new Random(42);
    for (int round = 0; round < 300; round++) {
      int n = rnd.nextInt(60);
      int m = rnd.nextInt(30);
      long[] et = new long[n];
      long[] ft = new long[m];
      for (int i = 0; i < n; i++) {
        et[i] = rnd.nextInt(20_000);
      }
      for (int j = 0; j < m; j++) {
        ft[j] = rnd.nextInt(20_000);
      }
      java.util.Arrays.sort(ft);
      if (rnd.nextBoolean()) {
        java.util.Arrays.sort(et);
      }
      long maxAge = rnd.nextInt(4000);
      int[] expected = new int[n];
      for (int i = 0; i < n; i++) {
        expected[i] = -1;
        for (int j = 0; j < m; j++) {
          if (ft[j] <= et[i] && et[i] - ft[j] <= maxAge) {
            expected[i] = j; // last qualifying index = newest (ties: later in list)
          }
        }
      }
      assertArrayEquals(expected, ObservationJoin.observe(events(et), frames(ft), maxAge), "round " + round);
    }
  }

  @Test
  void largeAndReversedInputsAgree() {
    int n = 200_000;
    long[] et = new long[n];
    long[] ft = new long[n / 10];
    for (int i = 0; i < n; i++) {
      et[i] = i * 10L;
    }
    for (int j = 0; j < ft.length; j++) {
      ft[j] = j * 100L;
    }
    List<RawEvent> ev = events(et);
    List<FrameRef> fr = frames(ft);
    int[] out = ObservationJoin.observe(ev, fr, 50);
    org.junit.jupiter.api.Assertions.assertEquals(-1, out[6]);
    org.junit.jupiter.api.Assertions.assertEquals(1, out[10]);
    Collections.reverse(ev); // fully reversed events: every event re-seeks by binary search
    int[] rev = ObservationJoin.observe(ev, fr, 50);
    org.junit.jupiter.api.Assertions.assertEquals(out[10], rev[n - 1 - 10]);
  }
}
