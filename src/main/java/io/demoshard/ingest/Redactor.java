package io.demoshard.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Makes raw text safe to keep in quarantine: the values of {@code key}, {@code title},
 * {@code url} and {@code label} (key text, window titles, URLs, free text) are replaced with
 * {@value #REDACTED}, at any depth, whether or not the line parses; the result is capped at
 * {@value #MAX_RAW_BYTES} UTF-8 bytes.
 */
public final class Redactor {
  private Redactor() {}

  public static final String REDACTED = "<redacted>";
  public static final int MAX_RAW_BYTES = 4096;
  /**
   * Field names (compared lower-cased) whose values may hold typed text or personal data: the
   * contract's free-text fields, and the names other recorders use for the typed key.
   */
  static final Set<String> FIELDS = Set.of("key", "title", "url", "label", "code", "char", "chars", "text",
      "keycode", "key_code", "keychar", "value", "name");

  /**
   * A sensitive field name followed by its value in text that may not be JSON: a string
   * (possibly cut short by the end of the line) or any bare token up to a separator.
   */
  private static final Pattern FIELD_VALUE = Pattern.compile(
      "(\"(?:key|title|url|label|code|char|chars|text|keycode|key_code|keychar|value|name)\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*(?:\"|\\\\?$)|[^,}\\]\\s]+)",
      Pattern.CASE_INSENSITIVE);

  /** Redacts a parsed JSON value in place and returns it. */
  public static JsonNode redact(JsonNode node) {
    if (node instanceof ObjectNode obj) {
      for (Map.Entry<String, JsonNode> e : obj.properties()) {
        if (FIELDS.contains(e.getKey().toLowerCase(java.util.Locale.ROOT))) {
          e.setValue(TextNode.valueOf(REDACTED));
        } else {
          redact(e.getValue());
        }
      }
    } else if (node instanceof ArrayNode arr) {
      arr.forEach(Redactor::redact);
    }
    return node;
  }

  /** Redacts text that did not parse as JSON (a bad or cut line), then caps it. */
  public static String redactText(String text) {
    if (text == null) {
      return null;
    }
    return cap(FIELD_VALUE.matcher(text).replaceAll("$1\"" + REDACTED + "\""));
  }

  /** Cuts {@code s} to at most {@value #MAX_RAW_BYTES} UTF-8 bytes, never inside a character. */
  public static String cap(String s) {
    if (s == null || s.length() * 3 <= MAX_RAW_BYTES) {
      return s;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length <= MAX_RAW_BYTES) {
      return s;
    }
    int end = MAX_RAW_BYTES;
    while (end > 0 && (b[end] & 0xC0) == 0x80) {
      end--;  // b[end] is a continuation byte: the character starts earlier
    }
    return new String(b, 0, end, StandardCharsets.UTF_8);
  }
}
