package io.demoshard.reduce;

import java.io.Serializable;
import java.util.List;

/**
 * One model action (EPISODES.md, "The action space"). Fields a type does not carry are null.
 *
 * @param type         click, double_click, triple_click, drag, scroll, type, key, hotkey
 * @param startTs      ts of the first raw event of the action
 * @param endTs        ts of the last defining raw event (mouse_up, last scroll, last key press);
 *                     trailing key_up events are consumed but do not extend it
 * @param button       click and drag only (left, right, middle)
 * @param keys         key: one W3C name as recorded; hotkey: modifiers (ctrl, alt, shift, meta) then the key in lower case
 * @param count        key only: number of presses merged
 * @param firstEventId event id of the first raw event
 * @param frame        observation of the first raw event (index into the session's frames), or -1
 * @param app          focused application at the first raw event, may be null
 * @param eventCount   raw events consumed by this action (key_up events included)
 */
public record Action(String type, long startTs, long endTs, Integer x, Integer y, Integer x2, Integer y2,
                     String button, Integer dx, Integer dy, String text, List<String> keys, Integer count,
                     String firstEventId, int frame, String app, int eventCount) implements Serializable {

  public static final String CLICK = "click";
  public static final String DOUBLE_CLICK = "double_click";
  public static final String TRIPLE_CLICK = "triple_click";
  public static final String DRAG = "drag";
  public static final String SCROLL = "scroll";
  public static final String TYPE = "type";
  public static final String KEY = "key";
  public static final String HOTKEY = "hotkey";

  public Action {
    keys = keys == null ? null : List.copyOf(keys);
  }

  public Action withEventCount(int n) {
    return new Action(type, startTs, endTs, x, y, x2, y2, button, dx, dy, text, keys, count, firstEventId, frame,
        app, n);
  }
}
