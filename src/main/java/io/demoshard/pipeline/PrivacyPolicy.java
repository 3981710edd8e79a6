package io.demoshard.pipeline;

import io.demoshard.model.Sha256;
import io.demoshard.config.DemoshardConfig.PrivacyConfig;


/** A digest of the privacy policy in force (regions, k, quantum, denylists, detectors), never of the key. */
final class PrivacyPolicy {
  private PrivacyPolicy() {}

  static String digest(PrivacyConfig p) {
    String policy = String.join("|", "regions=" + p.excludedRegions(), "k=" + p.kAnonymity(),
        "quantum=" + p.timeQuantumMs(), "apps=" + p.denylistApps(), "titles=" + p.denylistTitles(),
        "secret=" + p.secretMinLength() + "/" + p.secretEntropyBits(), "phones=" + p.phoneRegions(),
        "per-version-key=" + p.keyPerVersion());
    return Sha256.hex(policy);
  }
}
