package io.demoshard.ingest;

import org.apache.spark.sql.types.StructType;

import java.io.Serializable;

/**
 * The outcome of parsing one raw line: either {@code values}, aligned with the target
 * schema ({@code Schemas.EVENT} or {@code Schemas.FRAME_INDEX}; the source columns are left
 * null for the caller), or a quarantine {@code reason} with a {@code detail} and the
 * redacted {@code raw} text.
 */
public final class ParseResult implements Serializable {
  private static final long serialVersionUID = 1L;

  private final StructType schema;
  private final Object[] values;
  private final boolean unknownType;
  private final String reason;
  private final String detail;
  private final String raw;

  private ParseResult(StructType schema, Object[] values, boolean unknownType, String reason, String detail,
                      String raw) {
    this.schema = schema;
    this.values = values;
    this.unknownType = unknownType;
    this.reason = reason;
    this.detail = detail;
    this.raw = raw;
  }

  static ParseResult valid(StructType schema, Object[] values, boolean unknownType) {
    return new ParseResult(schema, values, unknownType, null, null, null);
  }

  static ParseResult invalid(String reason, String detail, String redactedRaw) {
    return new ParseResult(null, null, false, reason, detail, Redactor.cap(redactedRaw));
  }

  public boolean ok() {
    return reason == null;
  }

  /** Values in target schema order (a copy), or null when the line is quarantined. */
  public Object[] values() {
    return values == null ? null : values.clone();
  }

  Object[] valuesUnsafe() {
    return values;
  }

  /** One value by column name of the target schema. */
  public Object get(String column) {
    if (values == null) {
      throw new IllegalStateException("quarantined line has no values: " + reason);
    }
    return values[schema.fieldIndex(column)];
  }

  public boolean unknownType() {
    return unknownType;
  }

  public int unknownFields() {
    return values == null ? 0 : (Integer) get("unknown_fields");
  }

  public String payloadHash() {
    return values == null ? null : (String) get("payload_hash");
  }

  public String reason() {
    return reason;
  }

  public String detail() {
    return detail;
  }

  /** The redacted, capped raw line (quarantined lines only). */
  public String raw() {
    return raw;
  }

  @Override
  public String toString() {
    return ok() ? "valid" + (unknownType ? "(unknown type)" : "") : reason + ": " + detail;
  }
}
