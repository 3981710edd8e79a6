package io.demoshard.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Screenshot schedule per the contract: a `timer` frame every interval while the session runs, an
 * `input` frame 1-30 ms before every mouse_down and before the first key after a pause.
 */
final class FrameScheduler {
  static final long KEY_PAUSE_MS = 1000;

  private FrameScheduler() {}

  /** Sorts the session's events, numbers them (seq, ids), and schedules its frames. */
  static void finish(SimSession s, Rng r, long intervalMs, int w, int h) {
    s.events.sort(Comparator.comparingLong((SimEvent e) -> e.ts).thenComparingLong(e -> e.order));
    s.states.sort(Comparator.comparingLong(SimSession.StateAt::ts).thenComparingLong(SimSession.StateAt::order));
    long seq = 1;
    for (SimEvent e : s.events) {
      e.seq = seq;
      e.eventId = eventId(s.seedForIds, seq);
      seq++;
    }
    long start = s.events.get(0).ts;
    long end = s.events.get(s.events.size() - 1).ts;
    TreeSet<Long> used = new TreeSet<>();
    List<long[]> wanted = new ArrayList<>();   // {ts, 1 = input / 0 = timer}
    long lastInput = Long.MIN_VALUE / 2;
    for (SimEvent e : s.events) {
      boolean mouse = e.type.equals("mouse_down");
      boolean key = e.type.equals("key_down") && !Boolean.TRUE.equals(e.body.get("repeat"));
      if (mouse || (key && e.ts - lastInput > KEY_PAUSE_MS)) {
        long f = e.ts - r.between(1, 30);
        while (used.contains(f)) f--;
        used.add(f);
        wanted.add(new long[] {f, 1});
      }
      if (mouse || key) lastInput = e.ts;
    }
    for (long f = start + r.between(0, (int) Math.min(intervalMs - 1, Integer.MAX_VALUE)); f <= end; f += intervalMs) {
      long g = f;
      while (used.contains(g)) g++;
      used.add(g);
      wanted.add(new long[] {g, 0});
    }
    wanted.sort(Comparator.comparingLong(a -> a[0]));
    int si = 0;
    Screen.View view = s.states.get(0).view();
    int k = 0;
    for (long[] wf : wanted) {
      while (si < s.states.size() && s.states.get(si).ts() <= wf[0]) view = s.states.get(si++).view();
      SimFrame fr = new SimFrame(s, wf[0], wf[1] == 1 ? "input" : "timer", view);
      fr.frameId = frameId(s.seedForIds, k++);
      fr.width = w;
      fr.height = h;
      s.frames.add(fr);
    }
  }

  static String eventId(long sessionSeed, long seq) { return "ev-" + Rng.hex(Rng.mix(sessionSeed * 0x100000001B3L + seq), 16); }

  static String frameId(long sessionSeed, long k) { return "fr-" + Rng.hex(Rng.mix(~sessionSeed * 0x100000001B3L + k), 16); }

  /** Newest valid frame at or before {@code ts}, at most {@code maxAge} older; null if none. */
  static SimFrame observation(List<SimFrame> frames, long ts, long maxAge) {
    SimFrame best = null;
    for (SimFrame f : frames) {
      if (f.ts > ts) break;
      if (f.imageValid() && ts - f.ts <= maxAge) best = f;
    }
    return best;
  }
}
