package io.demoshard.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Input event synthesiser: turns intentions ("click there", "type this") into the raw events a
 * recorder sees, with human timing, and records the ground-truth action each intention yields.
 *
 * <p>It also keeps the actions apart the way the job's reducer (conf `reduce`) would see them: a new
 * type burst waits out `type-pause`, a repeated key or scroll waits out its merge gap, clicks near
 * each other wait out `multi-click-interval`. Otherwise the truth would say two actions where the
 * job, correctly, finds one.
 */
final class SessionBuilder {
  static final String SHIFTED = "~!@#$%^&*()_+{}|:\"<>?";

  final SimSession s;
  final Rng r;
  final Layout L;
  final SimUser u;
  long t;                 // time of the next thing the employee does
  private long order;
  int mx, my;             // pointer
  final Map<String, Screen> windows = new TreeMap<>();
  String app = "Finder";
  SimAction last;
  int task = -1;
  boolean typos = true;   // occasional typos fixed with Backspace (off inside a repeated routine)
  private long prevKeyUp;

  SessionBuilder(SimSession s, Rng r, Layout layout, long start) {
    this.s = s;
    this.r = r;
    this.L = layout;
    this.u = s.user;
    this.t = start;
    this.mx = layout.w / 2;
    this.my = layout.h / 2;
    windows.put(app, Screen.of(app, "Desktop", null));
  }

  // ---------------------------------------------------------------- plumbing

  SimEvent ev(long ts, String type) {
    SimEvent e = new SimEvent(s, ts, type, order++);
    s.events.add(e);
    return e;
  }

  Screen cur() { return windows.get(app); }

  Screen window(String name) { return windows.get(name); }

  /** The focused window now looks like {@code sc} from {@code ts} on. */
  void show(long ts, Screen sc) {
    windows.put(sc.app(), sc);
    if (sc.app().equals(app)) s.states.add(new SimSession.StateAt(ts, order++, new Screen.View(sc, u.os, u.dark, mx, my)));
  }

  private void pointerMoved(long ts) { s.states.add(new SimSession.StateAt(ts, order++, new Screen.View(cur(), u.os, u.dark, mx, my))); }

  void waitMs(long ms) { t += ms; }

  /** Reading, deciding, looking for the next widget. */
  void think() { t += r.chance(0.15) ? r.between(2500, 7000) : r.between(350, 2000); }

  private static List<String> mods(String... m) { return List.of(m); }

  // ---------------------------------------------------------------- session level events

  void sessionStart() {
    ev(t, "session_start").body.put("screen_w", L.w).put("screen_h", L.h).put("scale", u.scale)
        .put("os", u.os).put("recorder", u.os.equals("macos") ? "2.4.1-mac" : "2.4.1");
    pointerMoved(t);
    t += r.between(200, 900);
  }

  void sessionEnd(String reason) {
    ev(t, "session_end").body.put("reason", reason);
  }

  /** The window of {@code sc.app()} comes to the front (or changes its title/url). */
  void focus(Screen sc) {
    app = sc.app();
    windows.put(app, sc);
    SimEvent e = ev(t, "focus");
    e.body.put("app", app).put("title", sc.title());
    if (sc.url() != null) e.body.put("url", sc.url());
    pointerMoved(t);
    t += r.between(20, 120);
  }

  void taskStart(String taskId, String label) {
    SimEvent e = ev(t, "task_start");
    e.body.put("task_id", taskId);
    if (label != null) e.body.put("label", label);
    t += r.between(600, 2500);
  }

  void taskEnd(String taskId, String status) {
    t += r.between(500, 2000);
    ev(t, "task_end").body.put("task_id", taskId).put("status", status);
  }

  // ---------------------------------------------------------------- actions

  private SimAction begin(String kind, String key) {
    if (task < 0) throw new IllegalStateException("action outside a task");
    if (last != null) {
      long need = 0;
      boolean clicky = kind.endsWith("click");
      if (last.action.equals("type") && (kind.equals("type") || "Backspace".equals(key))) need = 1800;
      if (last.action.equals("key") && kind.equals("key") && last.keys.get(0).equals(key)) need = 1300;
      if (last.action.equals("scroll") && kind.equals("scroll")) need = 1300;
      if (last.action.endsWith("click") && clicky) need = 800;
      if (t < last.lastTs + need) t = last.lastTs + need + r.between(0, 400);
    }
    SimAction a = new SimAction(kind);
    a.task = task;
    return a;
  }

  private void finish(SimAction a, SimEvent first, long lastTs) {
    a.first = first;
    a.lastTs = lastTs;
    s.actions.add(a);
    last = a;
    t = Math.max(t, lastTs) + r.between(30, 150);
  }

  /** Several mouse_move events along a slightly curved path, as a hand moves a mouse. */
  void moveTo(int x, int y) {
    x = L.clampX(x);
    y = L.clampY(y);
    int d = Math.abs(x - mx) + Math.abs(y - my);
    if (d <= 3) { mx = x; my = y; return; }
    int n = Math.min(12, 3 + d / 120);
    double bend = r.r.nextGaussian() * 0.12;
    int x0 = mx, y0 = my;
    for (int i = 1; i <= n; i++) {
      double f = (double) i / n;
      double e = f * f * (3 - 2 * f);   // ease in/out
      double arc = Math.sin(Math.PI * f) * bend;
      int px = i == n ? x : L.clampX((int) Math.round(x0 + (x - x0) * e - (y - y0) * arc));
      int py = i == n ? y : L.clampY((int) Math.round(y0 + (y - y0) * e + (x - x0) * arc));
      t += r.between(8, 30);
      ev(t, "mouse_move").body.put("x", px).put("y", py);
    }
    mx = x;
    my = y;
    pointerMoved(t);
  }

  SimAction click(int x, int y, String button, Screen after) {
    SimAction a = begin("click", null);
    moveTo(x, y);
    t += r.between(60, 250);
    SimEvent down = ev(t, "mouse_down");
    down.body.put("x", mx).put("y", my).put("button", button);
    t += r.between(50, 140);
    ev(t, "mouse_up").body.put("x", mx).put("y", my).put("button", button);
    a.x = mx; a.y = my; a.button = button;
    finish(a, down, t);
    if (after != null) show(t, after);
    return a;
  }

  SimAction click(int x, int y, Screen after) { return click(x, y, "left", after); }

  /** Two or three left clicks within the multi-click interval and distance. */
  SimAction multiClick(int x, int y, int n, Screen after) {
    SimAction a = begin(n == 2 ? "double_click" : "triple_click", null);
    moveTo(x, y);
    t += r.between(60, 250);
    SimEvent first = null;
    for (int i = 0; i < n; i++) {
      if (i > 0) t += r.between(60, 100);
      SimEvent d = ev(t, "mouse_down");
      d.body.put("x", mx).put("y", my).put("button", "left");
      if (first == null) first = d;
      t += r.between(45, 85);
      ev(t, "mouse_up").body.put("x", mx).put("y", my).put("button", "left");
    }
    a.x = mx; a.y = my;
    finish(a, first, t);
    if (after != null) show(t, after);
    return a;
  }

  SimAction drag(int x1, int y1, int x2, int y2, Screen after) {
    SimAction a = begin("drag", null);
    moveTo(x1, y1);
    t += r.between(80, 250);
    SimEvent down = ev(t, "mouse_down");
    down.body.put("x", mx).put("y", my).put("button", "left");
    x2 = L.clampX(x2);
    y2 = L.clampY(y2);
    int n = r.between(5, 10);
    int sx = mx, sy = my;
    for (int i = 1; i <= n; i++) {
      t += r.between(20, 60);
      ev(t, "mouse_move").body.put("x", sx + (x2 - sx) * i / n).put("y", sy + (y2 - sy) * i / n);
    }
    mx = x2;
    my = y2;
    t += r.between(40, 150);
    ev(t, "mouse_up").body.put("x", mx).put("y", my).put("button", "left");
    a.x = sx; a.y = sy; a.x2 = mx; a.y2 = my; a.button = "left";
    finish(a, down, t);
    if (after != null) show(t, after);
    else pointerMoved(t);
    return a;
  }

  /** A burst of wheel events at one spot; {@code perNotch} gives the screen after each. */
  SimAction scroll(int x, int y, int notches, int step, IntFunction<Screen> perNotch) {
    SimAction a = begin("scroll", null);
    moveTo(x, y);
    t += r.between(100, 400);
    SimEvent first = null;
    int sum = 0;
    for (int i = 0; i < notches; i++) {
      if (i > 0) t += r.between(25, 110);
      SimEvent e = ev(t, "scroll");
      e.body.put("x", mx).put("y", my).put("dx", 0).put("dy", step);
      sum += step;
      if (first == null) first = e;
      if (perNotch != null) show(t, perNotch.apply(i));
    }
    a.x = first.body.get("x") == null ? mx : (Integer) first.body.get("x");
    a.y = (Integer) first.body.get("y");
    a.dx = 0;
    a.dy = sum;
    finish(a, first, t);
    return a;
  }

  /** Printable text with per-key timing, Shift for capitals and symbols and typo corrections. */
  SimAction type(String text, Function<String, Screen> sink) {
    SimAction a = begin("type", null);
    long[] lastTs = {t};
    SimEvent first = typeKeys(text, sink, false, lastTs);
    a.text = text;
    finish(a, first, lastTs[0]);
    return a;
  }

  /** Keys typed into a password field: recorded with secure=true and never an action. */
  void typeSecure(String text, Function<String, Screen> sink) {
    long[] lastTs = {t};
    typeKeys(text, sink, true, lastTs);
    t = lastTs[0] + r.between(100, 400);
  }

  private SimEvent typeKeys(String text, Function<String, Screen> sink, boolean secure, long[] lastTs) {
    StringBuilder shown = new StringBuilder();
    SimEvent first = null;
    prevKeyUp = t;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (typos && i > 1 && !secure && Character.isLetter(c) && r.chance(0.035)) {
        // a typo fixed at once: wrong letter, Backspace, then the right one
        char wrong = (char) ('a' + r.r.nextInt(26));
        stroke(String.valueOf(wrong), false, false, lastTs);
        shown.append(wrong);
        if (sink != null) show(t, sink.apply(shown.toString()));
        t += r.between(150, 400);
        stroke("Backspace", false, false, lastTs);
        shown.setLength(shown.length() - 1);
        if (sink != null) show(t, sink.apply(shown.toString()));
      }
      SimEvent e = stroke(String.valueOf(c), Character.isUpperCase(c) || SHIFTED.indexOf(c) >= 0, secure, lastTs);
      if (first == null) first = e;
      shown.append(c);
      if (sink != null) show(e.ts, sink.apply(shown.toString()));
      if (c == ' ' && r.chance(0.08)) t += r.between(400, 1100);   // a short hesitation between words
    }
    return first;
  }

  /** One keystroke starting at t; returns its first event (the Shift press when shifted). */
  private SimEvent stroke(String key, boolean shift, boolean secure, long[] lastTs) {
    SimEvent first;
    long down;
    long end;
    if (shift) {
      long sd = Math.max(t, prevKeyUp + 5);   // earlier keys are released before Shift goes down
      first = keyEvent(sd, "key_down", "Shift", mods("shift"), secure, false);
      down = sd + r.between(40, 90);
      keyEvent(down, "key_down", key, mods("shift"), secure, false);
      long up = down + r.between(30, 120);
      keyEvent(up, "key_up", key, mods("shift"), secure, false);
      end = up + r.between(15, 60);
      keyEvent(end, "key_up", "Shift", mods(), secure, false);
      t = end + r.between(60, 200);
    } else {
      down = t;
      first = keyEvent(down, "key_down", key, mods(), secure, false);
      end = down + r.between(30, 120);
      keyEvent(end, "key_up", key, mods(), secure, false);
      t = down + r.between(60, 250);
    }
    prevKeyUp = end;
    lastTs[0] = Math.max(lastTs[0], end);
    return first;
  }

  private SimEvent keyEvent(long ts, String type, String key, List<String> modifiers, boolean secure, boolean repeat) {
    SimEvent e = ev(ts, type);
    e.body.put("key", key).put("modifiers", modifiers).put("secure", secure).put("repeat", repeat);
    return e;
  }

  /** {@code n} separate presses of a non-printable key, less than the key-repeat gap apart. */
  SimAction key(String name, int n, IntFunction<Screen> onPress) {
    SimAction a = begin("key", name);
    SimEvent first = null;
    long up = t;
    for (int i = 0; i < n; i++) {
      if (i > 0) t = up + r.between(90, 350);
      SimEvent d = keyEvent(t, "key_down", name, mods(), false, false);
      if (first == null) first = d;
      up = t + r.between(40, 110);
      keyEvent(up, "key_up", name, mods(), false, false);
      if (onPress != null) show(t, onPress.apply(i));
    }
    a.keys = List.of(name);
    a.count = n;
    finish(a, first, up);
    return a;
  }

  /** A key held down: the OS auto-repeats it (repeat=true) after ~500 ms, every ~33 ms. */
  SimAction keyHold(String name, int repeats, IntFunction<Screen> onPress) {
    SimAction a = begin("key", name);
    SimEvent first = keyEvent(t, "key_down", name, mods(), false, false);
    if (onPress != null) show(t, onPress.apply(0));
    long ts = t + r.between(480, 560);
    for (int i = 1; i <= repeats; i++) {
      keyEvent(ts, "key_down", name, mods(), false, true);
      if (onPress != null) show(ts, onPress.apply(i));
      ts += r.between(30, 36);
    }
    long up = ts - r.between(5, 20);
    keyEvent(up, "key_up", name, mods(), false, false);
    a.keys = List.of(name);
    a.count = repeats + 1;
    finish(a, first, up);
    return a;
  }

  /** Modifiers (in the order ctrl, alt, shift, meta) held while {@code key} is pressed. */
  SimAction hotkey(List<String> modifiers, String key, Screen after) {
    SimAction a = begin("hotkey", null);
    List<String> held = new ArrayList<>();
    SimEvent first = null;
    long ts = t;
    for (String m : modifiers) {
      held.add(m);
      SimEvent e = keyEvent(ts, "key_down", modName(m), List.copyOf(held), false, false);
      if (first == null) first = e;
      ts += r.between(40, 120);
    }
    String k = held.contains("shift") && key.length() == 1 ? key.toUpperCase() : key;
    keyEvent(ts, "key_down", k, List.copyOf(held), false, false);
    if (after != null) show(ts, after);
    ts += r.between(50, 120);
    keyEvent(ts, "key_up", k, List.copyOf(held), false, false);
    for (int i = modifiers.size() - 1; i >= 0; i--) {
      ts += r.between(15, 70);
      String m = modifiers.get(i);
      held.remove(m);
      keyEvent(ts, "key_up", modName(m), List.copyOf(held), false, false);
    }
    List<String> keys = new ArrayList<>(modifiers);
    keys.add(key.toLowerCase());
    a.keys = List.copyOf(keys);
    finish(a, first, ts);
    return a;
  }

  /** The platform shortcut: Ctrl+key on Windows/Linux, Cmd+key on macOS. */
  SimAction shortcut(String key, Screen after) { return hotkey(List.of(u.shortcutMod()), key, after); }

  static String modName(String m) {
    return switch (m) { case "ctrl" -> "Control"; case "alt" -> "Alt"; case "shift" -> "Shift"; default -> "Meta"; };
  }
}
