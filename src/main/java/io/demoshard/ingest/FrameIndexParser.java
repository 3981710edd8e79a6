package io.demoshard.ingest;

import io.demoshard.model.Schemas;

import java.util.Set;

/**
 * Parses and validates one line of {@code frames/} (RAW_FORMAT.md, version 1) into the
 * values of {@link Schemas#FRAME_INDEX}. Every listed field is required. {@code path} must
 * be relative to the raw root: no scheme, no leading slash, no {@code ..} segment.
 * Pure Java, no Spark; one instance per task.
 */
public final class FrameIndexParser extends JsonLineParser {
  static final Set<String> FORMATS = Set.of("png", "jpeg", "webp");
  static final Set<String> TRIGGERS = Set.of("timer", "input", "change");

  public FrameIndexParser() {
    super(Schemas.FRAME_INDEX);
  }

  @Override
  void fill(Fields f) throws Invalid {
    f.put("frame_id", f.nonEmpty("frame_id", true));
    f.put("user_id", f.nonEmpty("user_id", true));
    f.put("device_id", f.nonEmpty("device_id", true));
    f.put("session_id", f.nonEmpty("session_id", true));
    f.put("ts", f.integral("ts", true));
    String path = f.nonEmpty("path", true);
    if (path.startsWith("/") || path.contains(":") || path.contains("\\")
        || ("/" + path + "/").contains("/../") || ("/" + path + "/").contains("/./")) {
      throw new Invalid(Reasons.BAD_VALUE, "path: must be a plain relative path");
    }
    f.put("path", path);
    f.put("width", f.positive("width", true));
    f.put("height", f.positive("height", true));
    f.put("format", f.oneOf("format", true, FORMATS));
    f.put("trigger", f.oneOf("trigger", true, TRIGGERS));
  }
}
