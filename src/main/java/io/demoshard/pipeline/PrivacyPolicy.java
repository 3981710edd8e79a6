package io.demoshard.pipeline;

import io.demoshard.config.DemoshardConfig.PrivacyConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A digest of the privacy policy in force (regions, k, quantum, denylists, detectors), never of the key. */
final class PrivacyPolicy {
  private PrivacyPolicy() {}

  static String digest(PrivacyConfig p) {
    String policy = String.join("|", "regions=" + p.excludedRegions(), "k=" + p.kAnonymity(),
        "quantum=" + p.timeQuantumMs(), "apps=" + p.denylistApps(), "titles=" + p.denylistTitles(),
        "secret=" + p.secretMinLength() + "/" + p.secretEntropyBits(), "phones=" + p.phoneRegions(),
        "per-version-key=" + p.keyPerVersion());
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(policy.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
