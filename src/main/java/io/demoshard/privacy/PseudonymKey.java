package io.demoshard.privacy;

import io.demoshard.config.DemoshardConfig.PrivacyConfig;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secret HMAC-SHA256 key behind user pseudonyms: {@code user_key = hex(HMAC(key, user_id))}.
 * The key is never logged or written: {@link #toString()} hides it.
 */
public final class PseudonymKey implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int MIN_KEY_BYTES = 16;
  private final byte[] key;
  private final boolean throwaway;

  private PseudonymKey(byte[] key, boolean throwaway) {
    this.key = key.clone();
    this.throwaway = throwaway;
  }

  /** Reads the key from {@code privacy.key-file}, else from the variable {@code privacy.key-env}; refuses without one. */
  public static PseudonymKey load(PrivacyConfig cfg) {
    byte[] raw = null;
    if (cfg.keyFile() != null && !cfg.keyFile().isBlank()) {
      try {
        raw = Files.readString(Path.of(cfg.keyFile())).strip().getBytes(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read privacy.key-file " + cfg.keyFile() + ": " + e.getMessage());
      }
    } else if (cfg.keyEnv() != null && !cfg.keyEnv().isBlank()) {
      String v = System.getenv(cfg.keyEnv());
      if (v != null) {
        raw = v.strip().getBytes(StandardCharsets.UTF_8);
      }
    }
    if (raw == null || raw.length < MIN_KEY_BYTES) {
      throw new IllegalStateException("no pseudonym key: set privacy.key-file or the environment variable "
          + cfg.keyEnv() + " to a secret of at least " + MIN_KEY_BYTES + " bytes");
    }
    return new PseudonymKey(raw, false);
  }

  public static PseudonymKey of(byte[] key) {
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("pseudonym key shorter than " + MIN_KEY_BYTES + " bytes");
    }
    return new PseudonymKey(key, false);
  }

  /** A random key for simulated data only (simulate/demo). */
  public static PseudonymKey throwaway() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return new PseudonymKey(k, true);
  }

  /**
   * A fixed key for simulated data only (the demo): derived from the simulator's seed, so the same
   * demo gives the same pseudonyms and hence the same splits every time. Guessable by design: never
   * for real recordings.
   */
  public static PseudonymKey throwaway(long seed) {
    return new PseudonymKey(hmac("demoshard-demo-key".getBytes(StandardCharsets.UTF_8), Long.toString(seed)), true);
  }

  /** A key for one published version, derived from this one (privacy.key-per-version). */
  public PseudonymKey forVersion(String version) {
    return new PseudonymKey(hmac(key, "version:" + version), throwaway);
  }

  public String userKey(String userId) {
    return HexFormat.of().formatHex(hmac(key, userId));
  }

  public boolean isThrowaway() {
    return throwaway;
  }

  private static byte[] hmac(byte[] key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "PseudonymKey[redacted]";
  }
}
