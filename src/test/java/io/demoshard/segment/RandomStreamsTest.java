package io.demoshard.segment;

import io.demoshard.config.DemoshardConfig.SegmentConfig;
import io.demoshard.join.ObservationJoin;
import io.demoshard.model.FrameRef;
import io.demoshard.model.RawEvent;
import io.demoshard.reduce.Accounting;
import io.demoshard.reduce.Action;
import io.demoshard.reduce.ActionReducer;
import io.demoshard.reduce.Rec;
import io.demoshard.reduce.Reduction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 500 random streams of mixed (and faulty) events, fixed seeds: duplicated, shuffled,
 * truncated, sorted or not. Nothing may throw and the accounting identities must hold.
 */
class RandomStreamsTest {
  private static final String LEAK = "\u00a7"; // only ever used as the key of a secure event
  private static final String[] TYPES = {"key_down", "key_down", "key_down", "key_up", "key_up", "mouse_down",
      "mouse_up", "mouse_move", "scroll", "scroll", "focus", "session_start", "session_end", "task_start",
      "task_end", "clipboard", null};
  private static final String[] KEYS = {"a", "b", "A", " ", "1", "!", "\u00e9", "\uD83D\uDE00", "Enter", "Tab",
      "Backspace", "Backspace", "Escape", "ArrowLeft", "Delete", "F5", "F13", "CapsLock", "Insert", "Shift",
      "Control", "Alt", "Meta", "AltGraph", "Dead", "Unidentified", "\u0003", "", null};
  private static final String[] MODS = {"shift", "ctrl", "alt", "meta", "Control", "bogus"};
  private static final String[] BUTTONS = {"left", "left", "left", "right", "middle", null};
  private static final String[] APPS = {"Code", "Terminal", "Google Chrome", null};
  private static final long[] GAPS = {0, 5, 40, 100, 400, 501, 900, 1001, 1600, 12_000, 70_000};
  private static final SegmentConfig SEG = new SegmentConfig(60_000, 10_000, 7, 20_000, 2);

  @Test
  void randomStreamsNeverThrowAndAccountingHolds() {
    TreeMap<String, Integer> seenTypes = new TreeMap<>();
    long totalActions = 0;
    int episodes = 0;
    for (int seed = 1; seed <= 500; seed++) {
      Random rnd = new Random(seed);
      List<RawEvent> events = mutate(generate(rnd), rnd);
      List<FrameRef> frames = frames(rnd, events);
      String where = "seed " + seed;
      int[] obs = ObservationJoin.observe(events, frames, 5000);
      Reduction r = new ActionReducer(Rec.DEFAULTS).reduce(events, obs);
      Accounting.check(r, events.size());
      for (Action a : r.actions()) {
        seenTypes.merge(a.type(), 1, Integer::sum);
        checkAction(a, frames.size(), where);
      }
      totalActions += r.actions().size();
      Segmentation s = new Segmenter(SEG).segment(events, r.actions());
      SegmenterTest.assertPartition(r.actions(), s);
      for (EpisodeDraft d : s.episodes()) {
        assertTrue(d.actions().size() >= SEG.minSteps(), where);
        assertTrue(d.actions().size() <= SEG.maxSteps(), where);
        assertTrue(d.actions().size() == 1 || d.endTs() - d.startTs() <= SEG.maxDurationMs(), where);
        assertNotNull(d.boundary(), where);
        episodes++;
      }
      for (EpisodeDraft d : s.droppedShort()) {
        assertTrue(d.actions().size() < SEG.minSteps(), where);
      }
    }
    // the generator must actually exercise every action type, or the identities prove little
    assertEquals(Set.of(Action.CLICK, Action.DOUBLE_CLICK, Action.TRIPLE_CLICK, Action.DRAG, Action.SCROLL,
        Action.TYPE, Action.KEY, Action.HOTKEY), seenTypes.keySet(), seenTypes::toString);
    assertTrue(totalActions > 5_000, "actions: " + totalActions);
    assertTrue(episodes > 200, "episodes: " + episodes);
  }

  @Test
  void largeSessionStaysConsistent() {
    Rec r = Rec.rec().sessionStart().focus("Code");
    for (int i = 0; i < 6_000; i++) { // about 250k events, 7 hours of activity
      r.type("hello world").press("Enter").move(i % 500, 20).click(i % 500, 20).scroll(10, 10, 0, 3)
          .press("s", "ctrl").pause(i % 97 == 0 ? 70_000 : 1_000);
      if (i % 50 == 0) {
        r.focus(i % 100 == 0 ? "Code" : "Terminal").pause(11_000);
      }
    }
    List<RawEvent> events = r.sessionEnd().events();
    int[] obs = ObservationJoin.observe(events, List.of(), 5000);
    Reduction red = new ActionReducer(Rec.DEFAULTS).reduce(events, obs);
    Segmentation s = new Segmenter(new SegmentConfig(60_000, 10_000, 200, 15 * 60_000, 3)).segment(events,
        red.actions());
    Accounting.check(red, events.size());
    SegmenterTest.assertPartition(red.actions(), s);
    assertEquals(6_000 * 5, red.actions().size());
  }

  private static void checkAction(Action a, int frames, String where) {
    assertTrue(a.frame() >= -1 && a.frame() < frames, where);
    assertFalse(a.text() != null && a.text().contains(LEAK), where);
    assertFalse(a.keys() != null && a.keys().stream().anyMatch(k -> k.contains(LEAK)), where);
    assertNotNull(a.firstEventId(), where);
    switch (a.type()) {
      case Action.TYPE -> assertFalse(a.text().isEmpty(), where);
      case Action.KEY -> assertTrue(a.count() >= 1 && a.keys().size() == 1, where);
      case Action.HOTKEY -> {
        assertTrue(a.keys().size() >= 2, where);
        List<String> mods = a.keys().subList(0, a.keys().size() - 1);
        List<String> order = List.of("ctrl", "alt", "shift", "meta");
        List<String> sorted = new ArrayList<>(mods);
        sorted.sort(Comparator.comparingInt(order::indexOf));
        assertEquals(sorted, mods, where);
        assertTrue(order.containsAll(mods), where);
      }
      case Action.CLICK, Action.DRAG -> assertNotNull(a.button(), where);
      case Action.SCROLL, Action.DOUBLE_CLICK, Action.TRIPLE_CLICK -> assertNotNull(a.x(), where);
      default -> throw new AssertionError("unknown action type " + a.type());
    }
  }

  private static List<RawEvent> generate(Random rnd) {
    int n = rnd.nextInt(300);
    long ts = 1_700_000_000_000L;
    List<RawEvent> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ts += GAPS[rnd.nextInt(GAPS.length)];
      if (rnd.nextInt(12) == 0) { // a burst of 1-4 quick clicks in place: multi-clicks
        int x = rnd.nextInt(40);
        int y = rnd.nextInt(40);
        for (int c = rnd.nextInt(4); c >= 0 && i < n; c--) {
          out.add(mouse("mouse_down", "e" + i, i++, ts, x, y));
          ts += rnd.nextInt(120);
          out.add(mouse("mouse_up", "e" + i, i++, ts, x + rnd.nextInt(3), y));
          ts += rnd.nextInt(300);
        }
        i--;
        continue;
      }
      String type = TYPES[rnd.nextInt(TYPES.length)];
      boolean secure = type != null && type.startsWith("key_") && rnd.nextInt(15) == 0;
      String key = secure ? (rnd.nextBoolean() ? null : LEAK) : KEYS[rnd.nextInt(KEYS.length)];
      List<String> mods = new ArrayList<>();
      if (rnd.nextInt(4) == 0) {
        mods.add(MODS[rnd.nextInt(MODS.length)]);
      }
      if (rnd.nextInt(10) == 0) {
        mods.add(MODS[rnd.nextInt(MODS.length)]);
      }
      Integer x = rnd.nextInt(40) == 0 ? null : rnd.nextInt(40);
      Integer y = rnd.nextInt(40) == 0 ? null : rnd.nextInt(40);
      Integer dx = rnd.nextInt(10) == 0 ? null : rnd.nextInt(200) - 100;
      Integer dy = rnd.nextInt(10) == 0 ? null : rnd.nextInt(200) - 100;
      String app = APPS[rnd.nextInt(APPS.length)];
      String task = rnd.nextInt(5) == 0 ? null : "t" + rnd.nextInt(3);
      out.add(new RawEvent("e" + i, i, ts, type, 1280, 800, "linux", null, app, null, null, key,
          rnd.nextInt(50) == 0 ? null : mods, secure, rnd.nextInt(8) == 0, x, y, BUTTONS[rnd.nextInt(BUTTONS.length)],
          dx, dy, task, rnd.nextBoolean() ? null : "label", null));
    }
    return out;
  }

  private static RawEvent mouse(String type, String id, long seq, long ts, int x, int y) {
    return new RawEvent(id, seq, ts, type, null, null, null, null, null, null, null, null, List.of(), false, false,
        x, y, "left", null, null, null, null, null);
  }

  /** Faults: redelivered duplicates, local or full shuffles, truncation; then sorted or not. */
  private static List<RawEvent> mutate(List<RawEvent> ev, Random rnd) {
    List<RawEvent> out = new ArrayList<>(ev);
    int dups = rnd.nextInt(4) == 0 ? rnd.nextInt(10) : 0;
    for (int i = 0; i < dups && !ev.isEmpty(); i++) {
      out.add(ev.get(rnd.nextInt(ev.size())));
    }
    switch (rnd.nextInt(3)) {
      case 0 -> Collections.shuffle(out, rnd);
      case 1 -> {
        for (int i = 0; i + 1 < out.size(); i++) {
          if (rnd.nextInt(10) == 0) {
            Collections.swap(out, i, i + 1);
          }
        }
      }
      default -> { }
    }
    if (!out.isEmpty() && rnd.nextInt(3) == 0) {
      int a = rnd.nextInt(out.size());
      int b = a + rnd.nextInt(out.size() - a + 1);
      out = new ArrayList<>(out.subList(a, b));
    }
    if (rnd.nextInt(3) > 0) { // mostly what the Spark stage hands over: sorted by (ts, seq)
      out.sort(Comparator.comparingLong(RawEvent::ts).thenComparingLong(RawEvent::seq));
    }
    return out;
  }

  private static List<FrameRef> frames(Random rnd, List<RawEvent> ev) {
    List<FrameRef> out = new ArrayList<>();
    if (ev.isEmpty()) {
      return out;
    }
    long lo = ev.stream().mapToLong(RawEvent::ts).min().orElse(0);
    long hi = ev.stream().mapToLong(RawEvent::ts).max().orElse(0);
    int m = rnd.nextInt(40);
    List<Long> ts = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      ts.add(lo + (long) (rnd.nextDouble() * (hi - lo + 1)));
    }
    Collections.sort(ts);
    for (int i = 0; i < m; i++) {
      out.add(new FrameRef("f" + i, ts.get(i), "p", 1, 1, "png", "timer", 0L, "h", 1L));
    }
    return out;
  }
}
