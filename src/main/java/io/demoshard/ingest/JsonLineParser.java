package io.demoshard.ingest;

import io.demoshard.model.Sha256;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Shared machinery of the NDJSON line parsers: JSON syntax, the object check, the contract
 * version, typed field access that raises the right reason code, unknown-field counting and
 * the canonical payload hash. Subclasses declare the fields of their record.
 * Not thread-safe; one instance per task.
 */
abstract class JsonLineParser {
  static final int VERSION = 1;

  private final ObjectMapper mapper = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private final StructType schema;

  JsonLineParser(StructType schema) {
    this.schema = schema;
  }

  /** Fills the record's values from a version-1 object; throws {@link Invalid} to quarantine. */
  abstract void fill(Fields f) throws Invalid;

  /** Parses and validates one raw line (without its line terminator). */
  public ParseResult parse(String line) {
    if (line == null || line.isBlank()) {
      return ParseResult.invalid(Reasons.BAD_JSON, "blank line", line);
    }
    if (line.charAt(0) == '\uFEFF') {
      line = line.substring(1);  // a byte order mark at the start of a file
    }
    JsonNode node;
    try {
      node = mapper.readTree(line);
    } catch (JsonProcessingException e) {
      return ParseResult.invalid(Reasons.BAD_JSON, jsonError(e), Redactor.redactText(line));
    }
    if (!(node instanceof ObjectNode obj)) {
      return ParseResult.invalid(Reasons.NOT_OBJECT, "JSON " + node.getNodeType().name().toLowerCase(),
          Redactor.redactText(line));
    }
    Fields f = new Fields(obj, schema);
    try {
      long v = f.integral("v", true);
      if (v != VERSION) {
        throw new Invalid(Reasons.UNSUPPORTED_VERSION, "v=" + v);
      }
      fill(f);
    } catch (Invalid e) {
      return ParseResult.invalid(e.reason, e.getMessage(), redactedJson(obj));
    }
    f.put("unknown_fields", f.unknownFieldCount());
    f.put("payload_hash", Sha256.hex(canonical(f.hashedPayload())));
    return ParseResult.valid(schema, f.values, f.unknownType);
  }

  /** A raw line made safe for quarantine: redacted as JSON when it parses, as text otherwise. */
  public String redactedRaw(String line) {
    try {
      return Redactor.cap(Redactor.redact(mapper.readTree(line)).toString());
    } catch (JsonProcessingException | RuntimeException e) {
      return Redactor.redactText(line);
    }
  }

  private String redactedJson(ObjectNode obj) {
    return Redactor.redact(obj.deepCopy()).toString();
  }

  /**
   * What went wrong, and where, without quoting the input: Jackson's own messages repeat
   * tokens of the line, which may be key text.
   */
  private static String jsonError(JsonProcessingException e) {
    String what;
    if (e instanceof com.fasterxml.jackson.core.io.JsonEOFException) {
      what = "unexpected end of input";
    } else if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException) {
      what = "content after the JSON value";
    } else if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
      what = "duplicate field";
    } else if (e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) {
      what = "nesting or size limit exceeded";
    } else {
      what = "syntax error";
    }
    return e.getLocation() == null ? what : what + " at column " + e.getLocation().getColumnNr();
  }

  /** JSON with object keys sorted at every depth, so equal payloads hash equal. */
  static String canonical(JsonNode node) {
    StringBuilder sb = new StringBuilder();
    canonical(node, sb);
    return sb.toString();
  }

  private static void canonical(JsonNode node, StringBuilder sb) {
    if (node.isObject()) {
      TreeMap<String, JsonNode> sorted = new TreeMap<>();
      node.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
      sb.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        sb.append(com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getKey()).toString()).append(':');
        canonical(e.getValue(), sb);
      }
      sb.append('}');
    } else if (node.isArray()) {
      sb.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        canonical(node.get(i), sb);
      }
      sb.append(']');
    } else {
      sb.append(node.toString());
    }
  }

  /** A line that fails validation; cheap (no stack trace). */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;
    final String reason;

    Invalid(String reason, String detail) {
      super(detail, null, false, false);
      this.reason = reason;
    }
  }

  /** Typed access to the fields of one line; remembers which names the record knows. */
  static final class Fields {
    final ObjectNode obj;
    final Object[] values;
    private final StructType schema;
    private final Set<String> known = new HashSet<>();
    private final List<String> hashRedacted = new ArrayList<>();
    boolean unknownType;

    Fields(ObjectNode obj, StructType schema) {
      this.obj = obj;
      this.schema = schema;
      this.values = new Object[schema.size()];
    }

    void put(String column, Object value) {
      values[schema.fieldIndex(column)] = value;
    }

    /** Marks a field as known without storing it (a secure key's text). */
    void knownNotStored(String name) {
      known.add(name);
      if (obj.has(name)) {
        hashRedacted.add(name);
      }
    }

    int unknownFieldCount() {
      int n = 0;
      for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
        if (!known.contains(it.next())) {
          n++;
        }
      }
      return n;
    }

    /** The payload that {@code payload_hash} covers: the whole object, minus secure text. */
    JsonNode hashedPayload() {
      if (hashRedacted.isEmpty()) {
        return obj;
      }
      ObjectNode copy = obj.deepCopy();
      hashRedacted.forEach(n -> copy.put(n, Redactor.REDACTED));
      return copy;
    }

    /** The field's node, or null when absent or JSON null (then required means missing_field). */
    private JsonNode node(String name, boolean required) throws Invalid {
      known.add(name);
      JsonNode n = obj.get(name);
      if (n == null || n.isNull()) {
        if (required) {
          throw new Invalid(Reasons.MISSING_FIELD, name);
        }
        return null;
      }
      return n;
    }

    private static Invalid wrongType(String name, JsonNode n, String expected) {
      return new Invalid(Reasons.WRONG_TYPE, name + ": expected " + expected + ", got "
          + n.getNodeType().name().toLowerCase());
    }

    String string(String name, boolean required) throws Invalid {
      JsonNode n = node(name, required);
      if (n == null) {
        return null;
      }
      if (!n.isTextual()) {
        throw wrongType(name, n, "string");
      }
      return n.textValue();
    }

    /** A string that must not be empty (ids, names). */
    String nonEmpty(String name, boolean required) throws Invalid {
      String s = string(name, required);
      if (s != null && s.isEmpty()) {
        throw new Invalid(Reasons.BAD_VALUE, name + ": empty");
      }
      return s;
    }

    String oneOf(String name, boolean required, Set<String> allowed) throws Invalid {
      String s = string(name, required);
      if (s != null && !allowed.contains(s)) {
        throw new Invalid(Reasons.BAD_VALUE, name + ": not one of " + new java.util.TreeSet<>(allowed));
      }
      return s;
    }

    Long integral(String name, boolean required) throws Invalid {
      JsonNode n = node(name, required);
      if (n == null) {
        return null;
      }
      if (!n.isIntegralNumber()) {
        throw wrongType(name, n, "integer");
      }
      if (!n.canConvertToLong()) {
        throw new Invalid(Reasons.BAD_VALUE, name + ": out of range");
      }
      return n.longValue();
    }

    Integer integer(String name, boolean required) throws Invalid {
      Long v = integral(name, required);
      if (v == null) {
        return null;
      }
      if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        throw new Invalid(Reasons.BAD_VALUE, name + ": out of range");
      }
      return v.intValue();
    }

    Integer positive(String name, boolean required) throws Invalid {
      Integer v = integer(name, required);
      if (v != null && v <= 0) {
        throw new Invalid(Reasons.BAD_VALUE, name + ": must be > 0");
      }
      return v;
    }

    Double positiveNumber(String name, boolean required) throws Invalid {
      JsonNode n = node(name, required);
      if (n == null) {
        return null;
      }
      if (!n.isNumber()) {
        throw wrongType(name, n, "number");
      }
      double d = n.doubleValue();
      if (!(d > 0) || Double.isInfinite(d)) {
        throw new Invalid(Reasons.BAD_VALUE, name + ": must be > 0");
      }
      return d;
    }

    Boolean bool(String name, boolean required) throws Invalid {
      JsonNode n = node(name, required);
      if (n == null) {
        return null;
      }
      if (!n.isBoolean()) {
        throw wrongType(name, n, "boolean");
      }
      return n.booleanValue();
    }

    List<String> stringsOneOf(String name, boolean required, Set<String> allowed) throws Invalid {
      JsonNode n = node(name, required);
      if (n == null) {
        return null;
      }
      if (!n.isArray()) {
        throw wrongType(name, n, "array");
      }
      List<String> out = new ArrayList<>(n.size());
      for (JsonNode e : n) {
        if (!e.isTextual()) {
          throw wrongType(name + "[]", e, "string");
        }
        // Modifier names other recorders add (fn, capslock, altgr, ...) are kept lower-cased rather
        // than costing the key press: the reducer normalises and ignores what it does not know.
        String v = e.textValue().toLowerCase(java.util.Locale.ROOT);
        if (allowed != null && !allowed.contains(v)) {
          throw new Invalid(Reasons.BAD_VALUE, name + ": not one of " + new java.util.TreeSet<>(allowed));
        }
        out.add(v);
      }
      return out;
    }
  }
}
