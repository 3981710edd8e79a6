package io.demoshard.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the one place: payload, content, configuration, id and file hashes all use it. */
public final class Sha256 {
  private Sha256() {}

  /** A fresh digest, for hashing a stream as it is written or read. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  public static byte[] digest(byte[] bytes) {
    return newDigest().digest(bytes);
  }

  /** Lower-case hex. */
  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(digest(bytes));
  }

  public static String hex(String utf8) {
    return hex(utf8.getBytes(StandardCharsets.UTF_8));
  }
}
