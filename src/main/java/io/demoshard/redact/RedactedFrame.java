package io.demoshard.redact;

import java.util.List;
import java.util.Map;

/**
 * A frame after redaction. {@code bytes} has no metadata and is in {@code format} (WebP sources come
 * out as PNG when boxes were painted). {@code failure} is null when OCR succeeded; otherwise the
 * frame failed closed: {@code bytes} is null (on-failure = drop, or mask when even the size is
 * unreadable) or the whole frame painted over (on-failure = mask), never the original.
 */
public record RedactedFrame(byte[] bytes, String format, int redactions, Map<String, Integer> byKind,
                            List<Box> boxes, String failure) {
  public boolean failed() {
    return failure != null;
  }
}
