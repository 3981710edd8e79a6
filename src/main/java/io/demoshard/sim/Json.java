package io.demoshard.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Minimal ordered JSON object writer. Hand-rolled so field order (and thus every byte) is fixed:
 * the simulator must produce identical files for identical arguments.
 */
final class Json {
  private final List<String> keys = new ArrayList<>();
  private final List<Object> vals = new ArrayList<>();

  static Json obj() { return new Json(); }

  Json put(String k, Object v) {
    int i = keys.indexOf(k);
    if (i >= 0) { vals.set(i, v); } else { keys.add(k); vals.add(v); }
    return this;
  }

  Json remove(String k) {
    int i = keys.indexOf(k);
    if (i >= 0) { keys.remove(i); vals.remove(i); }
    return this;
  }

  Object get(String k) { int i = keys.indexOf(k); return i < 0 ? null : vals.get(i); }

  boolean has(String k) { return keys.contains(k); }

  List<String> keyList() { return List.copyOf(keys); }

  Json copy() {
    Json j = new Json();
    j.keys.addAll(keys);
    j.vals.addAll(vals);
    return j;
  }

  @Override public String toString() {
    StringBuilder sb = new StringBuilder(128);
    write(sb);
    return sb.toString();
  }

  void write(StringBuilder sb) {
    sb.append('{');
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) sb.append(',');
      str(sb, keys.get(i));
      sb.append(':');
      value(sb, vals.get(i));
    }
    sb.append('}');
  }

  static void value(StringBuilder sb, Object v) {
    if (v == null) sb.append("null");
    else if (v instanceof String s) str(sb, s);
    else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) sb.append(v);
    else if (v instanceof Double d) sb.append(d.doubleValue() == Math.rint(d) ? String.format("%.1f", d) : d.toString());
    else if (v instanceof Json j) j.write(sb);
    else if (v instanceof List<?> l) {
      sb.append('[');
      for (int i = 0; i < l.size(); i++) { if (i > 0) sb.append(','); value(sb, l.get(i)); }
      sb.append(']');
    } else throw new IllegalArgumentException("unsupported JSON value " + v.getClass());
  }

  static void str(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> { if (c < 0x20) sb.append(String.format("\\u%04x", (int) c)); else sb.append(c); }
      }
    }
    sb.append('"');
  }
}
