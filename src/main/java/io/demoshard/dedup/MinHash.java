package io.demoshard.dedup;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The MinHash arithmetic of near-duplicate detection, free of Spark so it can be unit-tested
 * and reused by the benchmark.
 *
 * <ul>
 *   <li>a shingle is {@code k} consecutive action tokens; its id is a 64-bit hash of the
 *       tokens (an episode shorter than {@code k} yields one shingle of all its tokens);</li>
 *   <li>the signature has {@code bands * rows} values; value {@code i} is the minimum over the
 *       shingles of {@code mix64(shingle ^ seed_i)} (a family of 64-bit mixing functions);</li>
 *   <li>band {@code j} hashes signature values {@code [j*rows, (j+1)*rows)} together with
 *       {@code j}; two episodes become a candidate pair when any band hash is equal.</li>
 * </ul>
 *
 * With Jaccard similarity {@code s}, one signature value agrees with probability {@code s}, a
 * band with {@code s^r}, and at least one of {@code b} bands with {@code 1-(1-s^r)^b}
 * ({@link #candidateProbability}).
 */
public final class MinHash implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Fixed: band hashes are persisted across nights, so the hash family must not change. */
  static final long SEED = 0x5DEECE66DL;

  private final int bands;
  private final int rows;
  private final long[] seeds;

  public MinHash(int bands, int rows) {
    if (bands <= 0 || rows <= 0) {
      throw new IllegalArgumentException("bands and rows must be > 0");
    }
    this.bands = bands;
    this.rows = rows;
    this.seeds = new long[bands * rows];
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = mix64(SEED + 0x9E3779B97F4A7C15L * (i + 1));
    }
  }

  /** The fingerprint of the band parameters stored beside persisted band hashes. */
  public String params() {
    return "b=" + bands + ";r=" + rows + ";seed=" + SEED;
  }

  /** Probability that a pair of Jaccard similarity {@code s} becomes a candidate. */
  public static double candidateProbability(double s, int bands, int rows) {
    return 1.0 - Math.pow(1.0 - Math.pow(s, rows), bands);
  }

  /** The similarity at which the S-curve is steepest, about {@code (1/b)^(1/r)}. */
  public static double threshold(int bands, int rows) {
    return Math.pow(1.0 / bands, 1.0 / rows);
  }

  /** Sorted distinct shingle ids of a token sequence (empty for no tokens). */
  public static long[] shingles(List<String> tokens, int k) {
    int n = tokens.size();
    if (n == 0) {
      return new long[0];
    }
    int width = Math.min(k, n);
    long[] out = new long[n - width + 1];
    for (int i = 0; i + width <= n; i++) {
      long h = 0xCBF29CE484222325L;
      for (int j = i; j < i + width; j++) {
        h = fnv(h, tokens.get(j));
        h = fnvByte(h, 0x1F); // token separator: ("ab","c") != ("a","bc")
      }
      out[i] = mix64(h);
    }
    Arrays.sort(out);
    int m = 0;
    for (int i = 0; i < out.length; i++) {
      if (i == 0 || out[i] != out[i - 1]) {
        out[m++] = out[i];
      }
    }
    return Arrays.copyOf(out, m);
  }

  /** The MinHash signature ({@code bands * rows} values); null for an empty set. */
  public long[] signature(long[] shingles) {
    if (shingles.length == 0) {
      return null;
    }
    long[] sig = new long[seeds.length];
    Arrays.fill(sig, Long.MAX_VALUE);
    for (long s : shingles) {
      for (int i = 0; i < seeds.length; i++) {
        long h = mix64(s ^ seeds[i]);
        if (h < sig[i]) {
          sig[i] = h;
        }
      }
    }
    return sig;
  }

  /** One hash per band (empty for an empty set: such an episode is never a near duplicate). */
  public long[] bandHashes(long[] shingles) {
    long[] sig = signature(shingles);
    if (sig == null) {
      return new long[0];
    }
    long[] out = new long[bands];
    for (int b = 0; b < bands; b++) {
      long h = mix64(b + 1L);
      for (int r = 0; r < rows; r++) {
        h = mix64(h * 31 + sig[b * rows + r]);
      }
      out[b] = h;
    }
    return out;
  }

  /** Exact Jaccard similarity of two sorted distinct arrays. */
  public static double jaccard(long[] a, long[] b) {
    if (a.length == 0 && b.length == 0) {
      return 1.0;
    }
    int i = 0;
    int j = 0;
    int inter = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        inter++;
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return inter / (double) (a.length + b.length - inter);
  }

  /** SplitMix64's finaliser: a good 64-bit mixing function. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static long fnv(long h, String s) {
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h = fnvByte(h, b & 0xFF);
    }
    return h;
  }

  private static long fnvByte(long h, int b) {
    return (h ^ b) * 0x100000001B3L;
  }
}
