package io.demoshard.publish;

import io.demoshard.model.Sha256;
import io.demoshard.config.DemoshardConfig.PublishConfig;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Assigns a user (by pseudonym) to a split. The split is a pure function of {@code user_key}
 * and the ratios, so every episode of a user lands in the same split, and the same user lands
 * in the same split every night as long as the pseudonym is stable (see the report on
 * {@code privacy.key-per-version}).
 */
public final class Splits {
  public static final String TRAIN = "train";
  public static final String VAL = "val";
  public static final String TEST = "test";
  /** Manifest and folder order. */
  public static final List<String> ALL = List.of(TRAIN, VAL, TEST);

  private Splits() {}

  /** A uniform number in [0, 1) from the first 53 bits of SHA-256("demoshard-split:" + userKey). */
  public static double unit(String userKey) {
    byte[] h = Sha256.digest(("demoshard-split:" + userKey).getBytes(StandardCharsets.UTF_8));
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (h[i] & 0xff);
    }
    return (v >>> 11) * 0x1.0p-53;
  }

  public static String of(String userKey, PublishConfig cfg) {
    double u = unit(userKey);
    if (u < cfg.trainRatio()) {
      return TRAIN;
    }
    if (u < cfg.trainRatio() + cfg.valRatio()) {
      return VAL;
    }
    // Rounding of ratios that sum to 1 can leave a sliver: it belongs to the last non-empty split.
    if (cfg.testRatio() > 0) {
      return TEST;
    }
    return cfg.valRatio() > 0 ? VAL : TRAIN;
  }

}
