package io.demoshard.model;

import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

/**
 * The schemas that pass between pipeline stages. Each stage documents which one it reads
 * and which one it writes; the shard schema is the published contract (EPISODES.md).
 */
public final class Schemas {
  private Schemas() {}

  public static final ArrayType STRINGS = DataTypes.createArrayType(StringType, true);

  private static StructField f(String name, DataType type) {
    return DataTypes.createStructField(name, type, true);
  }

  private static StructField req(String name, DataType type) {
    return DataTypes.createStructField(name, type, false);
  }

  /** Provenance of a raw line: which file, which (1-based) line, which upload day. */
  private static final StructField[] SOURCE = {
      f("src_file", StringType), f("src_line", LongType), f("upload_day", StringType)};

  /**
   * A validated input event (ingest output). Type-specific fields are null when the type
   * does not carry them. {@code key} of a secure key event is never filled (the text is
   * dropped at parse time). {@code payload_hash} identifies the payload for duplicate
   * detection; {@code unknown_fields} counts ignored fields.
   */
  public static final StructType EVENT = new StructType(concat(new StructField[] {
      req("event_id", StringType), req("user_id", StringType), req("device_id", StringType),
      req("session_id", StringType), req("seq", LongType), req("ts", LongType), req("type", StringType),
      f("screen_w", IntegerType), f("screen_h", IntegerType), f("scale", DoubleType), f("os", StringType),
      f("recorder", StringType), f("reason", StringType),
      f("app", StringType), f("title", StringType), f("url", StringType),
      f("key", StringType), f("modifiers", STRINGS), f("secure", BooleanType), f("repeat", BooleanType),
      f("x", IntegerType), f("y", IntegerType), f("button", StringType), f("dx", IntegerType), f("dy", IntegerType),
      f("task_id", StringType), f("label", StringType), f("status", StringType),
      f("unknown_fields", IntegerType), req("payload_hash", StringType)}, SOURCE));

  /** A validated screenshot index line (ingest output, before the image is checked). */
  public static final StructType FRAME_INDEX = new StructType(concat(new StructField[] {
      req("frame_id", StringType), req("user_id", StringType), req("device_id", StringType),
      req("session_id", StringType), req("ts", LongType), req("path", StringType),
      f("width", IntegerType), f("height", IntegerType), f("format", StringType), f("trigger", StringType),
      f("unknown_fields", IntegerType), req("payload_hash", StringType)}, SOURCE));

  /**
   * A screenshot whose image decoded (image check output): the decoded size and format win
   * over the index; {@code phash} is a 64-bit perceptual hash, {@code content_hash} the
   * SHA-256 of the bytes.
   */
  public static final StructType FRAME = new StructType(new StructField[] {
      req("frame_id", StringType), req("user_id", StringType), req("device_id", StringType),
      req("session_id", StringType), req("ts", LongType), req("path", StringType),
      req("width", IntegerType), req("height", IntegerType), req("format", StringType), f("trigger", StringType),
      req("phash", LongType), req("content_hash", StringType), req("bytes", LongType)});

  /** Rejected input, one row per rejected line or file (ingest and later stages). */
  public static final StructType QUARANTINE = new StructType(new StructField[] {
      req("kind", StringType),      // events | frames | images | consent | erasure | files
      f("src_file", StringType), f("src_line", LongType),
      f("raw", StringType),         // the raw text, with secure key text and free text redacted
      req("reason", StringType),    // machine-readable reason code
      f("detail", StringType)});

  /**
   * A consent registry row; {@code user_id} canonical. {@code unreadable} is null for a usable row;
   * set (the reason), the row names a user it could not be used for, who is then excluded.
   */
  public static final StructType CONSENT = new StructType(new StructField[] {
      req("user_id", StringType), f("status", StringType), f("region", StringType),
      f("updated_at", LongType), f("unreadable", StringType)});

  /** An erasure request row. */
  public static final StructType ERASURE = new StructType(new StructField[] {
      req("user_id", StringType), f("requested_at", LongType)});

  /** One step of an episode: the EPISODES.md step struct. */
  public static final StructType STEP = new StructType(new StructField[] {
      req("idx", IntegerType), req("t_ms", LongType), req("action", StringType),
      f("x", IntegerType), f("y", IntegerType), f("x2", IntegerType), f("y2", IntegerType),
      f("nx", DoubleType), f("ny", DoubleType), f("nx2", DoubleType), f("ny2", DoubleType),
      f("button", StringType), f("dx", IntegerType), f("dy", IntegerType), f("text", StringType),
      f("keys", STRINGS), f("count", IntegerType), f("frame", IntegerType)});

  /** A kept frame of an episode before its image bytes are attached (internal). */
  public static final StructType EPISODE_FRAME = new StructType(new StructField[] {
      req("idx", IntegerType), req("t_ms", LongType), req("frame_id", StringType), req("path", StringType),
      req("width", IntegerType), req("height", IntegerType), req("format", StringType),
      req("phash", LongType), req("content_hash", StringType), req("bytes", LongType)});

  /**
   * An episode between segmentation and publishing (internal, never shipped): the shard
   * columns without image bytes, plus identity columns for lineage, splits and dedup.
   */
  public static final StructType EPISODE = new StructType(new StructField[] {
      req("episode_id", StringType), req("user_key", StringType), req("session_id", StringType),
      req("start_ts", LongType), req("end_ts", LongType),
      f("app", StringType), f("apps", STRINGS), f("task_label", StringType), f("os", StringType),
      f("screen_w", IntegerType), f("screen_h", IntegerType), req("duration_ms", LongType),
      req("num_steps", IntegerType), req("num_frames", IntegerType),
      req("steps", DataTypes.createArrayType(STEP, false)),
      req("frames", DataTypes.createArrayType(EPISODE_FRAME, false)),
      // Raw events the steps were reduced from, and each step's first raw event id (lineage, evaluation).
      req("num_raw_events", LongType), req("step_event_ids", STRINGS)});

  /** {@code image} as Hugging Face's Image feature stores it. */
  public static final StructType IMAGE = new StructType(new StructField[] {
      f("bytes", BinaryType), f("path", StringType)});

  /** A frame as published; {@code redactions}: boxes painted over personal data in this frame. */
  public static final StructType SHARD_FRAME = new StructType(new StructField[] {
      req("idx", IntegerType), req("t_ms", LongType), req("width", IntegerType), req("height", IntegerType),
      req("format", StringType), req("image", IMAGE), req("phash", LongType), req("redactions", IntegerType)});

  /**
   * A kept frame after screenshot redaction (internal): {@link #EPISODE_FRAME} whose {@code image} holds
   * the bytes to publish (redacted, metadata-free; {@code format}, {@code bytes} and {@code content_hash}
   * describe them) and {@code redactions} the boxes painted.
   */
  public static final StructType REDACTED_FRAME = new StructType(concat(EPISODE_FRAME.fields(), new StructField[] {
      req("image", BinaryType), req("redactions", IntegerType)}));

  /** An episode after screenshot redaction: {@link #EPISODE} with {@link #REDACTED_FRAME} frames. */
  public static final StructType REDACTED_EPISODE = withFrames(DataTypes.createArrayType(REDACTED_FRAME, false));

  private static StructType withFrames(DataType frames) {
    StructField[] fields = EPISODE.fields().clone();
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].name().equals("frames")) {
        fields[i] = req("frames", frames);
      }
    }
    return new StructType(fields);
  }

  public static final int SCHEMA_VERSION = 1;

  /** The published shard row: EPISODES.md, schema_version 1. */
  public static final StructType SHARD = new StructType(new StructField[] {
      req("episode_id", StringType), req("schema_version", IntegerType), f("app", StringType),
      f("apps", STRINGS), f("task_label", StringType), f("os", StringType),
      f("screen_w", IntegerType), f("screen_h", IntegerType), req("duration_ms", LongType),
      req("num_steps", IntegerType), req("num_frames", IntegerType),
      req("steps", DataTypes.createArrayType(STEP, false)),
      req("frames", DataTypes.createArrayType(SHARD_FRAME, false))});

  /** The shard row as published before screenshot redaction (frames without {@code redactions}): erase still rewrites these. */
  public static final StructType SHARD_BEFORE_REDACTIONS = new StructType(java.util.Arrays.stream(SHARD.fields())
      .map(f -> f.name().equals("frames") ? req("frames", DataTypes.createArrayType(new StructType(
          java.util.Arrays.stream(SHARD_FRAME.fields()).filter(x -> !x.name().equals("redactions"))
              .toArray(StructField[]::new)), false)) : f)
      .toArray(StructField[]::new));

  /** The restricted lineage row (EPISODES.md), one per published episode. */
  public static final StructType LINEAGE = new StructType(new StructField[] {
      req("episode_id", StringType), req("user_key", StringType), req("session_id", StringType),
      req("start_ts", LongType), req("end_ts", LongType), req("split", StringType), req("shard", StringType),
      // Raw ids behind each published step (its first raw event) and frame: audits and evaluation.
      f("step_event_ids", STRINGS), f("frame_ids", STRINGS)});

  /** The same schema after the consent filter: {@code user_id} replaced by the pseudonym {@code user_key}. */
  public static StructType withUserKey(StructType schema) {
    StructField[] fields = schema.fields().clone();
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].name().equals("user_id")) {
        fields[i] = DataTypes.createStructField("user_key", StringType, fields[i].nullable());
      }
    }
    return new StructType(fields);
  }

  private static StructField[] concat(StructField[] a, StructField[] b) {
    StructField[] out = new StructField[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
