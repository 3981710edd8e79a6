package io.demoshard.model;

import org.apache.spark.sql.Row;

import java.io.Serializable;
import java.util.List;

/**
 * One validated input event of a session, as the pure per-session logic (join, reduce,
 * segment) sees it. Session identity lives on the session, not on each event. Nullable
 * boxed fields are the type-specific ones (RAW_FORMAT.md).
 */
public record RawEvent(
    String eventId, long seq, long ts, String type,
    Integer screenW, Integer screenH, String os, String reason,
    String app, String title, String url,
    String key, List<String> modifiers, boolean secure, boolean repeat,
    Integer x, Integer y, String button, Integer dx, Integer dy,
    String taskId, String label, String status) implements Serializable {

  /** Reads a row of {@link Schemas#EVENT}. */
  public static RawEvent fromRow(Row r) {
    List<String> mods = r.isNullAt(r.fieldIndex("modifiers")) ? List.of() : r.getList(r.fieldIndex("modifiers"));
    return new RawEvent(
        r.getAs("event_id"), r.<Long>getAs("seq"), r.<Long>getAs("ts"), r.getAs("type"),
        r.getAs("screen_w"), r.getAs("screen_h"), r.getAs("os"), r.getAs("reason"),
        r.getAs("app"), r.getAs("title"), r.getAs("url"),
        r.getAs("key"), List.copyOf(mods), bool(r, "secure"), bool(r, "repeat"),
        r.getAs("x"), r.getAs("y"), r.getAs("button"), r.getAs("dx"), r.getAs("dy"),
        r.getAs("task_id"), r.getAs("label"), r.getAs("status"));
  }

  private static boolean bool(Row r, String name) {
    Boolean b = r.getAs(name);
    return b != null && b;
  }

  /** Convenience for tests and the simulator: an event with only the common fields set. */
  public static RawEvent of(String eventId, long seq, long ts, String type) {
    return new RawEvent(eventId, seq, ts, type, null, null, null, null, null, null, null, null, List.of(),
        false, false, null, null, null, null, null, null, null, null);
  }
}
