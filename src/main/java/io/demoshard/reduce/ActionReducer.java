package io.demoshard.reduce;

import io.demoshard.config.DemoshardConfig.ReduceConfig;
import io.demoshard.model.Counts;
import io.demoshard.model.RawEvent;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reduces one session's raw events, sorted by (ts, seq), to model actions in one streaming
 * pass. The rules and every decision the contract leaves open are documented in
 * {@code package-info.java} of this package.
 *
 * <p>Instances are immutable and thread-safe; {@link #reduce} keeps its state on the stack.
 */
public final class ActionReducer {

  /** Counter names of {@link Reduction#events()}. */
  public static final String USED = "used";
  public static final String SECURE = "policy.secure_input";
  static final String NA = "not_action.";
  static final String MOUSE_MOVE = NA + "mouse_move";
  static final String FOCUS = NA + "focus";
  static final String SESSION_START = NA + "session_start";
  static final String SESSION_END = NA + "session_end";
  static final String TASK_MARKER = NA + "task_marker";
  static final String MODIFIER_ONLY = NA + "modifier_only";
  static final String UNSUPPORTED_KEY = NA + "unsupported_key";
  static final String UNMATCHED_MOUSE = NA + "unmatched_mouse";
  static final String UNMATCHED_KEY_UP = NA + "unmatched_key_up";
  static final String CANCELLED_TYPING = NA + "cancelled_typing";
  static final String UNKNOWN_TYPE = NA + "unknown_type";
  static final String INVALID_EVENT = NA + "invalid_event";

  /** Keys that become a {@code key} action (EPISODES.md), W3C names. */
  static final Set<String> ACTION_KEYS = Set.of("Enter", "Tab", "Escape", "Backspace", "Delete", "ArrowUp",
      "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown", "F1", "F2", "F3", "F4", "F5",
      "F6", "F7", "F8", "F9", "F10", "F11", "F12");

  /** Non-printable keys that may take part in a hotkey besides {@link #ACTION_KEYS}. */
  static final Set<String> EXTRA_HOTKEY_KEYS = Set.of("Insert");

  enum Mod { CTRL, ALT, SHIFT, META, ALTGRAPH }

  /** W3C modifier key names: these presses produce nothing. null = modifier-only but not tracked. */
  private static final Map<String, Mod> MODIFIER_KEYS = new HashMap<>();
  private static final Set<String> UNTRACKED_MODIFIER_KEYS = Set.of("Fn", "FnLock", "Symbol", "SymbolLock");

  static {
    MODIFIER_KEYS.put("Shift", Mod.SHIFT);
    MODIFIER_KEYS.put("Control", Mod.CTRL);
    MODIFIER_KEYS.put("Alt", Mod.ALT);
    MODIFIER_KEYS.put("Meta", Mod.META);
    MODIFIER_KEYS.put("OS", Mod.META);
    MODIFIER_KEYS.put("Command", Mod.META);
    MODIFIER_KEYS.put("Super", Mod.META);
    MODIFIER_KEYS.put("Hyper", Mod.META);
    MODIFIER_KEYS.put("AltGraph", Mod.ALTGRAPH);
  }

  private final ReduceConfig cfg;

  public ActionReducer(ReduceConfig cfg) {
    this.cfg = Objects.requireNonNull(cfg, "cfg");
  }

  /**
   * @param eventsByTs  one session's events sorted by (ts, seq); unsorted input does not fail
   * @param observation {@code ObservationJoin.observe(eventsByTs, ...)}, or null for no frames
   */
  public Reduction reduce(List<RawEvent> eventsByTs, int[] observation) {
    if (observation != null && observation.length != eventsByTs.size()) {
      throw new IllegalArgumentException("observation has " + observation.length + " entries for "
          + eventsByTs.size() + " events");
    }
    return new Run(eventsByTs, observation).run();
  }

  // ---------------------------------------------------------------------------------------
  // Helpers shared with tests

  /** One Unicode code point that is not a control character (space included). */
  static boolean isPrintable(String key) {
    if (key == null || key.isEmpty()) {
      return false;
    }
    int cp = key.codePointAt(0);
    if (Character.charCount(cp) != key.length()) {
      return false;
    }
    int t = Character.getType(cp);
    return t != Character.CONTROL && t != Character.SURROGATE && t != Character.UNASSIGNED;
  }

  /** Normalises one entry of an event's {@code modifiers} array; null if unknown. */
  static Mod modifierName(String m) {
    if (m == null) {
      return null;
    }
    return switch (m.trim().toLowerCase(Locale.ROOT)) {
      case "ctrl", "control" -> Mod.CTRL;
      case "alt", "option" -> Mod.ALT;
      case "shift" -> Mod.SHIFT;
      case "meta", "cmd", "command", "os", "super", "win", "hyper" -> Mod.META;
      case "altgraph", "altgr" -> Mod.ALTGRAPH;
      default -> null;
    };
  }

  // ---------------------------------------------------------------------------------------

  /**
   * Where the raw events of one (potential) action are accounted. Events are added while the
   * action is being built and also afterwards (late key_up events); a sink either becomes an
   * action (its events count as {@code used}) or is dropped with a reason.
   */
  private static final class Sink {
    int events;
    boolean closed;
    String dropReason; // set when closed without an action
    Action proto;      // set when closed with an action (eventCount filled in at the end)
    int firstIndex;
  }

  private final class Run {
    private final List<RawEvent> ev;
    private final int[] obs;
    private final Counts counts = new Counts();
    private final Counts repairs = new Counts();
    private final List<Sink> emitted = new ArrayList<>();
    /** Open key presses by lower-cased key (modifier keys by their normalised name). */
    private final Map<String, Sink> openPresses = new HashMap<>();
    /** Pending mouse downs by button (insertion ordered for determinism). */
    private final Map<String, PendingDown> downs = new LinkedHashMap<>();
    private final EnumSet<Mod> tracked = EnumSet.noneOf(Mod.class);
    /**
     * Modifier presses not yet part of an action. A modifier held when an action's key goes
     * down belongs to that action (Shift before a capital, Control before the c of ctrl+c):
     * its press is then the action's first raw event, the one its observation is taken for.
     * Released alone, it is {@code modifier_only}.
     */
    private final Map<Mod, PendingModifier> unclaimed = new java.util.EnumMap<>(Mod.class);
    private Builder current;
    private String app;

    Run(List<RawEvent> ev, int[] obs) {
      this.ev = ev;
      this.obs = obs;
    }

    Reduction run() {
      for (int i = 0; i < ev.size(); i++) {
        RawEvent e = ev.get(i);
        String type = e == null ? null : e.type();
        if (type == null) {
          counts.add(UNKNOWN_TYPE, 1);
          continue;
        }
        switch (type) {
          case "key_down" -> keyDown(i, e);
          case "key_up" -> keyUp(e);
          case "mouse_down" -> {
            dropUnclaimed();
            mouseDown(i, e);
          }
          case "mouse_up" -> mouseUp(i, e);
          case "scroll" -> {
            dropUnclaimed(); // a modifier held across another action does not prefix a later one
            scroll(i, e);
          }
          case "mouse_move" -> counts.add(MOUSE_MOVE, 1);
          case "focus" -> {
            finishCurrent();
            dropUnclaimed();
            app = e.app();
            counts.add(FOCUS, 1);
          }
          case "session_start", "session_end" -> {
            finishCurrent();
            resolveAllDowns(); // the session was cut: a press without release is a click at the press
            dropUnclaimed();
            tracked.clear();
            counts.add(type.equals("session_start") ? SESSION_START : SESSION_END, 1);
          }
          case "task_start", "task_end" -> {
            finishCurrent(); // no action straddles a task marker
            counts.add(TASK_MARKER, 1);
          }
          default -> counts.add(UNKNOWN_TYPE, 1);
        }
      }
      finishCurrent();
      resolveAllDowns();
      dropUnclaimed();
      emitted.sort((a, b) -> Integer.compare(a.firstIndex, b.firstIndex));
      List<Action> actions = new ArrayList<>(emitted.size());
      for (Sink s : emitted) {
        actions.add(s.proto.withEventCount(s.events));
        counts.add(USED, s.events);
      }
      return new Reduction(actions, counts, repairs);
    }

    private record PendingModifier(int index, RawEvent event, Sink sink) {}

    /** Moves the held, unclaimed modifier presses in {@code mods} into the action's sink and start. */
    private void claim(Sink target, EnumSet<Mod> mods, java.util.function.BiConsumer<Integer, RawEvent> startAt) {
      for (Mod m : mods) {
        PendingModifier pm = unclaimed.remove(m);
        if (pm == null) {
          continue;
        }
        target.events += pm.sink().events;
        pm.sink().events = 0;
        pm.sink().closed = true;
        openPresses.replaceAll((k, s) -> s == pm.sink() ? target : s);
        if (pm.index() < target.firstIndex || target.firstIndex < 0) {
          target.firstIndex = pm.index();
          startAt.accept(pm.index(), pm.event());
        }
      }
    }

    /** Modifier presses never claimed by an action are {@code modifier_only}. */
    private void dropUnclaimed() {
      for (PendingModifier pm : unclaimed.values()) {
        drop(pm.sink(), MODIFIER_ONLY);
      }
      unclaimed.clear();
    }

    // ---- accounting

    private Sink newSink(int firstIndex) {
      Sink s = new Sink();
      s.firstIndex = firstIndex;
      return s;
    }

    private void addTo(Sink s) {
      s.events++;
      if (s.closed && s.dropReason != null) {
        counts.add(s.dropReason, 1);
      }
    }

    private void emit(Sink s, Action proto) {
      s.closed = true;
      s.proto = proto;
      emitted.add(s);
    }

    private void drop(Sink s, String reason) {
      s.closed = true;
      s.dropReason = reason;
      counts.add(reason, s.events);
    }

    /** A single event that is not an action but may be released later by a key_up. */
    private Sink dropped(String reason) {
      Sink s = newSink(-1);
      s.events = 1;
      drop(s, reason);
      return s;
    }

    private int frameOf(int index) {
      return obs == null || index < 0 ? -1 : obs[index];
    }

    private void finishCurrent() {
      if (current != null) {
        Builder b = current;
        current = null;
        b.finish();
      }
    }

    // ---- keyboard

    private void keyDown(int i, RawEvent e) {
      if (e.secure()) {
        finishCurrent(); // secure key events end any burst; their key is never looked at
        counts.add(SECURE, 1);
        return;
      }
      String key = e.key();
      if (key == null || key.isEmpty()) {
        counts.add(INVALID_EVENT, 1);
        return;
      }
      EnumSet<Mod> held = heldModifiers(e);
      Mod asModifier = MODIFIER_KEYS.get(key);
      if (asModifier != null || UNTRACKED_MODIFIER_KEYS.contains(key)) {
        if (asModifier == null || asModifier == Mod.ALTGRAPH) {
          if (asModifier != null) {
            tracked.add(asModifier);
          }
          openPresses.put(pressKey(key), dropped(MODIFIER_ONLY));
          return;
        }
        tracked.add(asModifier);
        Sink open = openPresses.get(pressKey(key));
        if (open != null) {
          addTo(open); // auto-repeat of a held modifier: part of whatever its press became
          return;
        }
        Sink s = newSink(i);
        s.events = 1;
        unclaimed.put(asModifier, new PendingModifier(i, e, s));
        openPresses.put(pressKey(key), s);
        return;
      }
      if (held.contains(Mod.ALTGRAPH)) {
        // AltGr is how many layouts type characters; Windows reports it as ctrl+alt.
        held.remove(Mod.CTRL);
        held.remove(Mod.ALT);
      }
      boolean command = held.contains(Mod.CTRL) || held.contains(Mod.ALT) || held.contains(Mod.META);
      boolean shift = held.contains(Mod.SHIFT);
      if (command && held.contains(Mod.CTRL) && key.length() == 1 && key.charAt(0) >= 1 && key.charAt(0) <= 26) {
        key = String.valueOf((char) ('a' + key.charAt(0) - 1)); // ctrl+c reported as U+0003
      }
      boolean printable = isPrintable(key);
      boolean hotkeyable = printable || ACTION_KEYS.contains(key) || EXTRA_HOTKEY_KEYS.contains(key);
      Sink sink;
      if (command || (shift && !printable)) {
        if (!hotkeyable) {
          sink = dropped(UNSUPPORTED_KEY);
        } else {
          finishCurrent();
          sink = newSink(i);
          sink.events = 1;
          int[] start = {i};
          RawEvent[] startEvent = {e};
          claim(sink, held, (idx, ev0) -> {
            start[0] = idx;
            startEvent[0] = ev0;
          });
          emit(sink, hotkey(start[0], startEvent[0], e, held, key));
        }
      } else if (printable) {
        TypeBurst burst = current instanceof TypeBurst t && e.ts() - t.lastTs <= cfg.typePauseMs() ? t : null;
        if (burst == null) {
          finishCurrent();
          burst = new TypeBurst(i, e);
          current = burst;
        }
        burst.type(e, key);
        TypeBurst b = burst;
        claim(burst.sink, EnumSet.of(Mod.SHIFT), (idx, ev0) -> {
          b.first = idx;
          b.firstEvent = ev0;
        });
        sink = burst.sink;
      } else if (key.equals("Backspace") && current instanceof TypeBurst t && !t.isEmpty()
          && e.ts() - t.lastTs <= cfg.typePauseMs()) {
        t.backspace(e);
        sink = t.sink;
      } else if (ACTION_KEYS.contains(key)) {
        KeyRun run = current instanceof KeyRun k && k.key.equals(key) && e.ts() - k.lastTs <= cfg.keyRepeatGapMs()
            ? k : null;
        if (run == null) {
          finishCurrent();
          run = new KeyRun(i, e, key);
          current = run;
        } else {
          run.press(e);
        }
        sink = run.sink;
      } else {
        sink = dropped(UNSUPPORTED_KEY); // CapsLock, Insert alone, media keys, F13+, Dead, Unidentified...
      }
      openPresses.put(pressKey(key), sink);
    }

    private void keyUp(RawEvent e) {
      if (e.secure()) {
        finishCurrent();
        counts.add(SECURE, 1);
        return;
      }
      String key = e.key();
      if (key == null || key.isEmpty()) {
        counts.add(INVALID_EVENT, 1);
        return;
      }
      Mod m = MODIFIER_KEYS.get(key);
      if (m != null) {
        tracked.remove(m);
        PendingModifier pm = unclaimed.get(m);
        if (pm != null && openPresses.get(pressKey(key)) == pm.sink()) {
          unclaimed.remove(m);
          openPresses.remove(pressKey(key));
          pm.sink().events++;
          drop(pm.sink(), MODIFIER_ONLY);
          return;
        }
      }
      Sink s = openPresses.remove(pressKey(key));
      if (s == null) {
        counts.add(UNMATCHED_KEY_UP, 1);
      } else {
        addTo(s);
      }
    }

    private String pressKey(String key) {
      Mod m = MODIFIER_KEYS.get(key);
      return m != null ? "\u0000" + m.name() : key.toLowerCase(Locale.ROOT);
    }

    private EnumSet<Mod> heldModifiers(RawEvent e) {
      EnumSet<Mod> fromEvent = EnumSet.noneOf(Mod.class);
      if (e.modifiers() != null) {
        for (String s : e.modifiers()) {
          Mod m = modifierName(s);
          if (m != null) {
            fromEvent.add(m);
          }
        }
      }
      if (!fromEvent.isEmpty()) {
        // The recorder fills the array: a tracked modifier it does not list is no longer held
        // (its key_up was lost). AltGraph is never listed by the contract, keep tracking it.
        tracked.removeIf(m -> m != Mod.ALTGRAPH && !fromEvent.contains(m));
      }
      EnumSet<Mod> held = EnumSet.copyOf(fromEvent);
      held.addAll(tracked);
      return held;
    }

    /** A hotkey whose first raw event is {@code start} (a modifier press, or the key itself). */
    private Action hotkey(int i, RawEvent start, RawEvent e, EnumSet<Mod> held, String key) {
      List<String> keys = new ArrayList<>(5);
      if (held.contains(Mod.CTRL)) {
        keys.add("ctrl");
      }
      if (held.contains(Mod.ALT)) {
        keys.add("alt");
      }
      if (held.contains(Mod.SHIFT)) {
        keys.add("shift");
      }
      if (held.contains(Mod.META)) {
        keys.add("meta");
      }
      keys.add(key.toLowerCase(Locale.ROOT));
      return new Action(Action.HOTKEY, start.ts(), e.ts(), null, null, null, null, null, null, null, null, keys, null,
          start.eventId(), frameOf(i), app, 0);
    }

    // ---- mouse

    private boolean validMouse(RawEvent e) {
      return e.x() != null && e.y() != null && e.button() != null;
    }

    private void mouseDown(int i, RawEvent e) {
      if (!validMouse(e)) {
        counts.add(INVALID_EVENT, 1);
        return;
      }
      PendingDown previous = downs.remove(e.button());
      if (previous != null) {
        repairs.add("mouse.down_without_up", 1);
        previous.resolve(null);
      }
      boolean candidate = current instanceof ClickGroup g && g.accepts(e);
      if (!candidate) {
        finishCurrent();
      }
      downs.put(e.button(), new PendingDown(i, e, candidate ? (ClickGroup) current : null));
    }

    private void mouseUp(int i, RawEvent e) {
      if (!validMouse(e)) {
        counts.add(INVALID_EVENT, 1);
        return;
      }
      PendingDown d = downs.remove(e.button());
      if (d == null) {
        repairs.add("mouse.up_without_down", 1);
        counts.add(UNMATCHED_MOUSE, 1);
        return;
      }
      d.resolve(e);
    }

    private void resolveAllDowns() {
      if (downs.isEmpty()) {
        return;
      }
      List<PendingDown> pending = new ArrayList<>(downs.values());
      downs.clear();
      for (PendingDown d : pending) {
        repairs.add("mouse.down_without_up", 1);
        d.resolve(null);
      }
    }

    private final class PendingDown {
      final int index;
      final RawEvent down;
      final ClickGroup group; // the click group this press may extend, or null
      final String downApp;   // focused app at the press

      PendingDown(int index, RawEvent down, ClickGroup group) {
        this.index = index;
        this.down = down;
        this.group = group;
        this.downApp = app;
      }

      /** @param up the matching mouse_up, or null when it was lost (click at the press) */
      void resolve(RawEvent up) {
        int x = down.x();
        int y = down.y();
        Sink sink;
        if (up != null && !withinDist(x, y, up.x(), up.y(), cfg.dragThresholdPx())) {
          if (current instanceof ClickGroup) {
            finishCurrent();
          }
          sink = newSink(index);
          sink.events = 2;
          emit(sink, new Action(Action.DRAG, down.ts(), up.ts(), x, y, up.x(), up.y(), down.button(), null, null,
              null, null, null, down.eventId(), frameOf(index), downApp, 0));
          return;
        }
        int events = up == null ? 1 : 2;
        long endTs = up == null ? down.ts() : up.ts();
        if (up != null && group != null && current == group) {
          group.add(x, y, endTs, events);
          return;
        }
        if (up != null && "left".equals(down.button())) {
          finishCurrent();
          ClickGroup g = new ClickGroup(index, down, downApp);
          g.add(x, y, endTs, events);
          current = g;
          return;
        }
        // Non-left clicks never multi-click; a click whose release was lost is final too.
        sink = newSink(index);
        sink.events = events;
        emit(sink, new Action(Action.CLICK, down.ts(), endTs, x, y, null, null, down.button(), null, null, null,
            null, null, down.eventId(), frameOf(index), downApp, 0));
      }
    }

    private void scroll(int i, RawEvent e) {
      if (e.x() == null || e.y() == null) {
        counts.add(INVALID_EVENT, 1);
        return;
      }
      if (current instanceof ScrollRun r && e.ts() - r.lastTs <= cfg.scrollMergeGapMs()
          && withinDist(r.x, r.y, e.x(), e.y(), cfg.scrollMergeDistancePx())) {
        r.add(e);
        return;
      }
      finishCurrent();
      current = new ScrollRun(i, e);
    }

    // ---- builders: at most one is open at a time, so actions never interleave

    private abstract class Builder {
      final Sink sink;
      int first;            // the action's first raw event: may move back to a modifier press
      RawEvent firstEvent;
      final String builderApp;

      Builder(int first, RawEvent firstEvent) {
        this.first = first;
        this.firstEvent = firstEvent;
        this.builderApp = app;
        this.sink = newSink(first);
      }

      abstract void finish();
    }

    private final class TypeBurst extends Builder {
      final StringBuilder text = new StringBuilder();
      long lastTs;

      TypeBurst(int first, RawEvent e) {
        super(first, e);
        lastTs = e.ts();
      }

      void type(RawEvent e, String key) {
        text.append(key);
        sink.events++;
        lastTs = e.ts();
      }

      boolean isEmpty() {
        return text.length() == 0;
      }

      void backspace(RawEvent e) {
        int n = text.length();
        text.setLength(n - Character.charCount(text.codePointBefore(n)));
        sink.events++;
        lastTs = e.ts();
      }

      @Override
      void finish() {
        if (text.length() == 0) {
          drop(sink, CANCELLED_TYPING);
        } else {
          emit(sink, new Action(Action.TYPE, firstEvent.ts(), lastTs, null, null, null, null, null, null, null,
              text.toString(), null, null, firstEvent.eventId(), frameOf(first), builderApp, 0));
        }
      }
    }

    private final class KeyRun extends Builder {
      final String key;
      int count = 1;
      long lastTs;

      KeyRun(int first, RawEvent e, String key) {
        super(first, e);
        this.key = key;
        this.lastTs = e.ts();
        sink.events = 1;
      }

      void press(RawEvent e) {
        count++;
        sink.events++;
        lastTs = e.ts();
      }

      @Override
      void finish() {
        emit(sink, new Action(Action.KEY, firstEvent.ts(), lastTs, null, null, null, null, null, null, null, null,
            List.of(key), count, firstEvent.eventId(), frameOf(first), builderApp, 0));
      }
    }

    private final class ScrollRun extends Builder {
      final int x;
      final int y;
      long dx;
      long dy;
      long lastTs;

      ScrollRun(int first, RawEvent e) {
        super(first, e);
        x = e.x();
        y = e.y();
        add(e);
      }

      void add(RawEvent e) {
        dx += e.dx() == null ? 0 : e.dx();
        dy += e.dy() == null ? 0 : e.dy();
        lastTs = e.ts();
        sink.events++;
      }

      @Override
      void finish() {
        emit(sink, new Action(Action.SCROLL, firstEvent.ts(), lastTs, x, y, null, null, null, clamp(dx), clamp(dy),
            null, null, null, firstEvent.eventId(), frameOf(first), builderApp, 0));
      }
    }

    /** One to three left clicks close in time and place. */
    private final class ClickGroup extends Builder {
      final String groupApp;
      int clicks;
      int lastX;
      int lastY;
      long lastUpTs;

      ClickGroup(int first, RawEvent down, String groupApp) {
        super(first, down);
        this.groupApp = groupApp;
      }


      boolean accepts(RawEvent down) {
        return clicks < 3 && "left".equals(down.button()) && down.ts() - lastUpTs <= cfg.multiClickIntervalMs()
            && withinDist(lastX, lastY, down.x(), down.y(), cfg.multiClickDistancePx());
      }

      void add(int x, int y, long upTs, int events) {
        clicks++;
        lastX = x;
        lastY = y;
        lastUpTs = upTs;
        sink.events += events;
        if (clicks == 3 && current == this) {
          finishCurrent(); // a fourth click starts a new click
        }
      }

      @Override
      void finish() {
        String type = clicks == 1 ? Action.CLICK : clicks == 2 ? Action.DOUBLE_CLICK : Action.TRIPLE_CLICK;
        emit(sink, new Action(type, firstEvent.ts(), lastUpTs, firstEvent.x(), firstEvent.y(), null, null,
            clicks == 1 ? "left" : null, null, null, null, null, null, firstEvent.eventId(), frameOf(first),
            groupApp, 0));
      }
    }
  }

  static boolean withinDist(long x1, long y1, long x2, long y2, long maxPx) {
    long dx = x2 - x1;
    long dy = y2 - y1;
    return dx * dx + dy * dy <= maxPx * maxPx;
  }

  private static int clamp(long v) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
  }
}
