package io.demoshard.reduce;

import io.demoshard.config.DemoshardConfig.ReduceConfig;
import io.demoshard.model.RawEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * A tiny recorder for tests: appends events at a clock that advances {@code step} ms after
 * every event (10 ms unless changed); {@link #pause} and {@link #at} move it explicitly.
 * Event ids are {@code e<seq>}.
 */
public final class Rec {
  /** The public defaults of conf/defaults.conf (BUILD_FACTS.md). */
  public static final ReduceConfig DEFAULTS = new ReduceConfig(6, 500, 4, 1000, 24, 1500, 1000);

  private final List<RawEvent> events = new ArrayList<>();
  private long ts = 1_000_000L;
  private long seq;
  private long step = 10;

  public static Rec rec() {
    return new Rec();
  }

  public List<RawEvent> events() {
    return List.copyOf(events);
  }

  public long now() {
    return ts;
  }

  public Rec at(long absoluteTs) {
    ts = absoluteTs;
    return this;
  }

  public Rec pause(long ms) {
    ts += ms;
    return this;
  }

  public Rec step(long ms) {
    step = ms;
    return this;
  }

  /** A fully specified event; all helpers go through here. */
  public Rec add(String type, String key, List<String> mods, boolean secure, boolean repeat, Integer x, Integer y,
                 String button, Integer dx, Integer dy, String app, String taskId, String label) {
    seq++;
    events.add(new RawEvent("e" + seq, seq, ts, type, null, null, null, null, app, app == null ? null : app + " window",
        null, key, mods, secure, repeat, x, y, button, dx, dy, taskId, label, null));
    ts += step;
    return this;
  }

  public Rec other(String type) {
    return add(type, null, List.of(), false, false, null, null, null, null, null, null, null, null);
  }

  // ---- keyboard

  public Rec keyDown(String key, String... mods) {
    return add("key_down", key, List.of(mods), false, false, null, null, null, null, null, null, null, null);
  }

  public Rec repeat(String key, String... mods) {
    return add("key_down", key, List.of(mods), false, true, null, null, null, null, null, null, null, null);
  }

  public Rec keyUp(String key, String... mods) {
    return add("key_up", key, List.of(mods), false, false, null, null, null, null, null, null, null, null);
  }

  /** key_down then key_up of one key. */
  public Rec press(String key, String... mods) {
    return keyDown(key, mods).keyUp(key, mods);
  }

  /** Types text as a recorder would: upper-case letters with Shift held (Shift key events included). */
  public Rec type(String text) {
    text.codePoints().forEach(cp -> {
      String k = new String(Character.toChars(cp));
      if (Character.isUpperCase(cp)) {
        keyDown("Shift", "shift").press(k, "shift").keyUp("Shift");
      } else {
        press(k);
      }
    });
    return this;
  }

  /** A key press in a secure field: the recorder dropped the key. */
  public Rec secureKey() {
    add("key_down", null, List.of(), true, false, null, null, null, null, null, null, null, null);
    return add("key_up", null, List.of(), true, false, null, null, null, null, null, null, null, null);
  }

  // ---- mouse

  public Rec mouseDown(String button, int x, int y) {
    return add("mouse_down", null, List.of(), false, false, x, y, button, null, null, null, null, null);
  }

  public Rec mouseUp(String button, int x, int y) {
    return add("mouse_up", null, List.of(), false, false, x, y, button, null, null, null, null, null);
  }

  public Rec click(int x, int y) {
    return click("left", x, y);
  }

  public Rec click(String button, int x, int y) {
    return mouseDown(button, x, y).mouseUp(button, x, y);
  }

  public Rec move(int x, int y) {
    return add("mouse_move", null, List.of(), false, false, x, y, null, null, null, null, null, null);
  }

  public Rec scroll(int x, int y, int dx, int dy) {
    return add("scroll", null, List.of(), false, false, x, y, null, dx, dy, null, null, null);
  }

  // ---- context

  public Rec focus(String app) {
    return add("focus", null, List.of(), false, false, null, null, null, null, null, app, null, null);
  }

  public Rec taskStart(String id, String label) {
    return add("task_start", null, List.of(), false, false, null, null, null, null, null, null, id, label);
  }

  public Rec taskEnd(String id) {
    return add("task_end", null, List.of(), false, false, null, null, null, null, null, null, id, null);
  }

  public Rec sessionStart() {
    return other("session_start");
  }

  public Rec sessionEnd() {
    return other("session_end");
  }
}
