package io.demoshard.segment;

import io.demoshard.config.DemoshardConfig.SegmentConfig;
import io.demoshard.reduce.Action;
import io.demoshard.model.RawEvent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Cuts one session's actions into episodes. Boundaries are found on the raw events (markers,
 * session events, idle gaps, lasting app switches), each action goes to the segment of its
 * first raw event, then length caps split long segments at their largest internal gap and
 * segments with fewer than {@code min-steps} actions are set aside. The decisions the
 * contract leaves open are documented in {@code package-info.java}.
 */
public final class Segmenter {
  public static final String TASK_END = "task_end";
  public static final String TASK_START = "task_start";
  public static final String SESSION_START = "session_start";
  public static final String SESSION_END = "session_end";
  public static final String IDLE = "idle";
  public static final String APP_SWITCH = "app_switch";
  public static final String CAP = "cap";

  private static final Set<String> INPUT_TYPES =
      Set.of("key_down", "key_up", "mouse_move", "mouse_down", "mouse_up", "scroll");

  private final SegmentConfig cfg;

  public Segmenter(SegmentConfig cfg) {
    this.cfg = Objects.requireNonNull(cfg, "cfg");
  }

  /**
   * @param eventsByTs the session's events sorted by (ts, seq), as given to the reducer
   * @param actions    the reducer's actions for exactly these events, in order
   */
  public Segmentation segment(List<RawEvent> eventsByTs, List<Action> actions) {
    List<Segment> segments = cut(eventsByTs);
    assign(eventsByTs, actions, segments);
    List<EpisodeDraft> episodes = new ArrayList<>();
    List<EpisodeDraft> dropped = new ArrayList<>();
    for (Segment s : segments) {
      if (s.actions.isEmpty()) {
        continue; // no actions, no episode (neither kept nor counted as short)
      }
      for (EpisodeDraft d : splitByCaps(s)) {
        (d.actions().size() < cfg.minSteps() ? dropped : episodes).add(d);
      }
    }
    return new Segmentation(episodes, dropped);
  }

  /** A run of events [start, end) and the actions whose first raw event lies in it. */
  private static final class Segment {
    final int start;
    int end;
    String taskId;
    String label;
    boolean inTask;
    String boundary;
    final List<Action> actions = new ArrayList<>();

    Segment(int start) {
      this.start = start;
    }
  }

  private final class Cutter {
    final List<Segment> out = new ArrayList<>();
    Segment cur = new Segment(0);

    /** Ends the current segment before event {@code index}; the next one is heuristic. */
    void cut(int index, String reason) {
      cur.end = index;
      cur.boundary = reason;
      out.add(cur);
      cur = new Segment(index);
    }
  }

  private List<Segment> cut(List<RawEvent> ev) {
    int n = ev.size();
    long[] switchEnd = switchEnds(ev);
    Cutter c = new Cutter();
    String baseApp = null;   // the app the user is lastingly in
    boolean haveInput = false;
    long lastInputTs = 0;
    for (int i = 0; i < n; i++) {
      RawEvent e = ev.get(i);
      String type = e == null || e.type() == null ? "" : e.type();
      switch (type) {
        case "task_start" -> {
          c.cut(i, TASK_START);
          c.cur.inTask = true;
          c.cur.taskId = e.taskId();
          c.cur.label = e.label();
        }
        case "task_end" -> {
          if (c.cur.inTask) {
            c.cut(i + 1, TASK_END);
          } // a task_end without an open task (its start was lost or cut off) is ignored
        }
        case "session_start" -> {
          if (!c.cur.inTask) {
            c.cut(i, SESSION_START);
          }
        }
        case "session_end" -> c.cut(i + 1, SESSION_END); // an open task runs to the session end
        case "focus" -> {
          String app = e.app();
          if (app != null) {
            if (baseApp == null) {
              baseApp = app;
            } else if (!app.equals(baseApp) && switchEnd[i] - e.ts() > cfg.appSwitchMinMs()) {
              if (!c.cur.inTask) {
                c.cut(i, APP_SWITCH);
              }
              baseApp = app;
            }
          }
        }
        default -> {
          if (INPUT_TYPES.contains(type)) {
            if (haveInput && !c.cur.inTask && e.ts() - lastInputTs > cfg.idleGapMs()) {
              c.cut(i, IDLE);
            }
            haveInput = true;
            lastInputTs = e.ts();
          }
        }
      }
    }
    c.cur.end = n;
    c.cur.boundary = SESSION_END;
    c.out.add(c.cur);
    return c.out;
  }

  /**
   * For each focus event with an app: the ts at which that app stops being focused, i.e. of
   * the next focus event on a different app, else the session's last event.
   */
  private static long[] switchEnds(List<RawEvent> ev) {
    int n = ev.size();
    long[] end = new long[n];
    long sessionEnd = Long.MIN_VALUE;
    for (RawEvent e : ev) {
      if (e != null) {
        sessionEnd = Math.max(sessionEnd, e.ts());
      }
    }
    int next = -1; // next focus event with an app
    for (int i = n - 1; i >= 0; i--) {
      RawEvent e = ev.get(i);
      if (e == null || !"focus".equals(e.type()) || e.app() == null) {
        continue;
      }
      if (next < 0) {
        end[i] = sessionEnd;
      } else if (!ev.get(next).app().equals(e.app())) {
        end[i] = ev.get(next).ts();
      } else {
        end[i] = end[next];
      }
      next = i;
    }
    return end;
  }

  /** Puts every action into the segment holding its first raw event. */
  private static void assign(List<RawEvent> ev, List<Action> actions, List<Segment> segments) {
    Map<String, int[]> byId = new HashMap<>();
    for (int i = 0; i < ev.size(); i++) {
      RawEvent e = ev.get(i);
      if (e != null && e.eventId() != null) {
        byId.merge(e.eventId(), new int[] {i}, EventIndex::concat);
      }
    }
    int prev = 0;
    int seg = 0;
    for (Action a : actions) {
      int idx = EventIndex.locate(ev, byId.get(a.firstEventId()), a.startTs(), prev);
      prev = idx;
      while (seg + 1 < segments.size() && segments.get(seg + 1).start <= idx) {
        seg++;
      }
      segments.get(seg).actions.add(a);
    }
  }

  private static final class EventIndex {
    static int[] concat(int[] a, int[] b) {
      int[] out = new int[a.length + b.length];
      System.arraycopy(a, 0, out, 0, a.length);
      System.arraycopy(b, 0, out, a.length, b.length);
      return out;
    }

    /**
     * The event index of an action's first raw event. Event ids are unique after ingest; should
     * one repeat, the first occurrence at or after the previous action's event with the action's
     * ts is taken. Never goes backwards, so segments receive actions in order.
     */
    static int locate(List<RawEvent> ev, int[] candidates, long ts, int prev) {
      if (candidates == null) {
        return prev;
      }
      int fallback = -1;
      for (int c : candidates) {
        if (c >= prev) {
          if (ev.get(c).ts() == ts) {
            return c;
          }
          if (fallback < 0) {
            fallback = c;
          }
        }
      }
      return fallback >= 0 ? fallback : prev;
    }
  }

  // ---- caps

  private List<EpisodeDraft> splitByCaps(Segment s) {
    List<Action> a = s.actions;
    List<EpisodeDraft> out = new ArrayList<>();
    Deque<int[]> stack = new ArrayDeque<>(); // {from, to (exclusive), isLastPart}
    stack.push(new int[] {0, a.size(), 1});
    while (!stack.isEmpty()) {
      int[] r = stack.pop();
      int from = r[0];
      int to = r[1];
      String boundary = r[2] == 1 ? s.boundary : CAP;
      if (to - from <= 1 || withinCaps(a, from, to)) {
        out.add(draft(a.subList(from, to), s, boundary));
        continue;
      }
      int cut = largestGap(a, from, to);
      stack.push(new int[] {cut, to, r[2]}); // right part keeps the original boundary
      stack.push(new int[] {from, cut, 0});  // left part ends because of the cap; popped first
    }
    return out;
  }

  private boolean withinCaps(List<Action> a, int from, int to) {
    return to - from <= cfg.maxSteps() && endTs(a.subList(from, to)) - a.get(from).startTs() <= cfg.maxDurationMs();
  }

  /**
   * The index {@code i} in (from, to) maximising {@code a[i].startTs - a[i-1].endTs}; among equal
   * gaps the one nearest the middle (then the earlier), so that uniform streams split evenly.
   */
  static int largestGap(List<Action> a, int from, int to) {
    int best = -1;
    long bestGap = Long.MIN_VALUE;
    long bestDist = Long.MAX_VALUE;
    long mid2 = (long) from + to; // twice the middle
    for (int i = from + 1; i < to; i++) {
      long gap = a.get(i).startTs() - a.get(i - 1).endTs();
      long dist = Math.abs(2L * i - mid2);
      if (gap > bestGap || (gap == bestGap && dist < bestDist)) {
        best = i;
        bestGap = gap;
        bestDist = dist;
      }
    }
    return best;
  }

  private static long endTs(List<Action> a) {
    long end = Long.MIN_VALUE;
    for (Action x : a) {
      end = Math.max(end, x.endTs());
    }
    return end;
  }

  private static EpisodeDraft draft(List<Action> actions, Segment s, String boundary) {
    Map<String, Integer> uses = new LinkedHashMap<>(); // order of first use
    for (Action x : actions) {
      if (x.app() != null) {
        uses.merge(x.app(), 1, Integer::sum);
      }
    }
    String app = null;
    int most = 0;
    for (Map.Entry<String, Integer> u : uses.entrySet()) {
      if (u.getValue() > most) { // strictly more: ties keep the first used
        app = u.getKey();
        most = u.getValue();
      }
    }
    return new EpisodeDraft(actions, s.taskId, s.label, new ArrayList<>(uses.keySet()), app,
        actions.get(0).startTs(), endTs(actions), boundary);
  }
}
