package io.demoshard.privacy;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one canonical form of a user id, used wherever ids are matched or pseudonymised (consent and
 * erasure rows, events, frames, quarantine, erasure of published data): Unicode NFKC; format
 * characters ({@code \p{Cf}}: zero-width space/joiners, BOM, soft hyphen, bidi marks) removed
 * anywhere; separators ({@code \p{Z}}, e.g. NBSP), control characters and ASCII whitespace
 * stripped at both ends; lower-cased with {@link Locale#ROOT}. So {@code U004213},
 * {@code u004213\u00A0} and {@code u00\u200B4213} are the same person. Pseudonyms are
 * {@code HMAC(key, canonical(id))}.
 */
public final class UserIds {
  private UserIds() {}

  /** The canonical id, or null when nothing is left (null, empty or invisible-only input). */
  public static String canonical(String id) {
    if (id == null) {
      return null;
    }
    String s = Normalizer.normalize(id, Normalizer.Form.NFKC);
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().filter(c -> Character.getType(c) != Character.FORMAT).forEach(b::appendCodePoint);
    int start = 0;
    int end = b.length();
    while (start < end && isEdgeJunk(b.codePointAt(start))) {
      start += Character.charCount(b.codePointAt(start));
    }
    while (end > start && isEdgeJunk(b.codePointBefore(end))) {
      end -= Character.charCount(b.codePointBefore(end));
    }
    if (start >= end) {
      return null;
    }
    return b.substring(start, end).toLowerCase(Locale.ROOT);
  }

  private static boolean isEdgeJunk(int c) {
    int t = Character.getType(c);
    return t == Character.SPACE_SEPARATOR || t == Character.LINE_SEPARATOR || t == Character.PARAGRAPH_SEPARATOR
        || t == Character.CONTROL || Character.isWhitespace(c);
  }
}
