package io.demoshard.ingest;

import io.demoshard.model.Schemas;

import java.util.List;
import java.util.Set;

/**
 * Parses and validates one line of {@code events/} (RAW_FORMAT.md, version 1) into the
 * values of {@link Schemas#EVENT}. Pure Java, no Spark; one instance per task.
 *
 * <p>The fields an action or a boundary needs are required (ids, seq, ts, type, coordinates,
 * buttons, key, secure, task ids). Descriptive fields whose absence costs nothing downstream
 * are optional, so a recorder that omits them does not lose the event: {@code url},
 * {@code label}, {@code title}, {@code scale}, {@code recorder}, {@code os}, {@code modifiers}
 * (default empty: the reducer also tracks modifier keys) and {@code repeat} (default false).
 * {@code secure} stays required on key events: a key of unknown secrecy is never kept.
 * A key event's {@code key} is required
 * unless {@code secure} is true; a secure key's text is never stored, and the payload hash
 * covers it as {@value Redactor#REDACTED} (a hash of one key press is trivially reversible).
 * Unknown types keep their common fields and are flagged; unknown fields are counted.
 */
public final class EventParser extends JsonLineParser {
  public static final Set<String> TYPES = Set.of("session_start", "session_end", "focus", "key_down", "key_up",
      "mouse_move", "mouse_down", "mouse_up", "scroll", "task_start", "task_end");
  static final Set<String> OS = Set.of("macos", "windows", "linux");
  static final Set<String> END_REASONS = Set.of("lock", "logout", "shutdown", "pause");
  static final Set<String> MODIFIERS = Set.of("shift", "ctrl", "alt", "meta");
  static final Set<String> BUTTONS = Set.of("left", "right", "middle");
  static final Set<String> TASK_STATUS = Set.of("done", "abandoned");

  public EventParser() {
    super(Schemas.EVENT);
  }

  @Override
  void fill(Fields f) throws Invalid {
    f.put("event_id", f.nonEmpty("event_id", true));
    f.put("user_id", f.nonEmpty("user_id", true));
    f.put("device_id", f.nonEmpty("device_id", true));
    f.put("session_id", f.nonEmpty("session_id", true));
    f.put("seq", f.integral("seq", true));
    f.put("ts", f.integral("ts", true));
    String type = f.nonEmpty("type", true);
    f.put("type", type);
    switch (type) {
      case "session_start" -> {
        f.put("screen_w", f.positive("screen_w", true));
        f.put("screen_h", f.positive("screen_h", true));
        f.put("scale", f.positiveNumber("scale", false));
        f.put("os", f.oneOf("os", false, OS));
        f.put("recorder", f.string("recorder", false));
      }
      case "session_end" -> f.put("reason", f.oneOf("reason", true, END_REASONS));
      case "focus" -> {
        // A focus without an app still carries a title/url the denylist must see.
        String app = f.string("app", false);
        f.put("app", app == null || app.isBlank() ? null : app);
        f.put("title", f.string("title", false));
        f.put("url", f.string("url", false));
      }
      case "key_down", "key_up" -> {
        boolean secure = f.bool("secure", true);
        f.put("secure", secure);
        if (secure) {
          f.knownNotStored("key");
        } else {
          f.put("key", f.nonEmpty("key", true));
        }
        List<String> mods = f.stringsOneOf("modifiers", false, null);
        f.put("modifiers", mods == null ? List.of() : mods);
        Boolean repeat = f.bool("repeat", false);
        f.put("repeat", repeat != null && repeat);
      }
      case "mouse_move" -> xy(f);
      case "mouse_down", "mouse_up" -> {
        xy(f);
        f.put("button", f.oneOf("button", true, BUTTONS));
      }
      case "scroll" -> {
        xy(f);
        f.put("dx", f.integer("dx", true));
        f.put("dy", f.integer("dy", true));
      }
      case "task_start" -> {
        f.put("task_id", f.nonEmpty("task_id", true));
        f.put("label", f.string("label", false));
      }
      case "task_end" -> {
        f.put("task_id", f.nonEmpty("task_id", true));
        f.put("status", f.oneOf("status", true, TASK_STATUS));
      }
      default -> f.unknownType = true;
    }
  }

  private static void xy(Fields f) throws Invalid {
    f.put("x", f.integer("x", true));
    f.put("y", f.integer("y", true));
  }
}
