package io.demoshard.privacy;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;

/**
 * Region codes as the consent policy compares them: NFKC, trimmed (also of non-ASCII spaces and
 * invisible format characters), upper-cased; the non-ISO aliases {@code UK} and {@code EL} map to
 * {@code GB} and {@code GR}. Anything that is then not two letters {@code A-Z} is not a region
 * ({@link #canonical} gives null) and the policy excludes it.
 */
public final class Regions {
  private static final Map<String, String> ALIASES = Map.of("UK", "GB", "EL", "GR");

  private Regions() {}

  /** The canonical two-letter code, or null when the value is missing or not a two-letter code. */
  public static String canonical(String region) {
    if (region == null) {
      return null;
    }
    String s = Normalizer.normalize(region, Normalizer.Form.NFKC).replaceAll("\\p{Cf}", "")
        .replaceAll("^[\\p{Z}\\s]+|[\\p{Z}\\s]+$", "").toUpperCase(Locale.ROOT);
    s = ALIASES.getOrDefault(s, s);
    return s.matches("[A-Z]{2}") ? s : null;
  }
}
