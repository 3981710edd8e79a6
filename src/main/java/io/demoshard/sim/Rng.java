package io.demoshard.sim;

import java.util.List;
import java.util.Random;

/** Seeded randomness helpers. Every stream derives from the run seed, never from the clock. */
final class Rng {
  final Random r;

  Rng(long seed) { r = new Random(seed); }

  /** SplitMix64 finaliser: a bijection, so distinct inputs give distinct, random-looking ids. */
  static long mix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static long derive(long seed, String purpose, long index) {
    long h = seed;
    for (int i = 0; i < purpose.length(); i++) h = mix(h * 31 + purpose.charAt(i));
    return mix(h ^ mix(index));
  }

  static String hex(long v, int digits) {
    String s = String.format("%016x", v);
    return s.substring(16 - digits);
  }

  int between(int lo, int hi) { return lo + r.nextInt(hi - lo + 1); }   // inclusive
  long between(long lo, long hi) { return lo + (long) (r.nextDouble() * (hi - lo + 1)); }
  boolean chance(double p) { return r.nextDouble() < p; }
  <T> T pick(List<T> xs) { return xs.get(r.nextInt(xs.size())); }
  @SafeVarargs final <T> T pick(T... xs) { return xs[r.nextInt(xs.length)]; }
  String digits(int n) { StringBuilder sb = new StringBuilder(); for (int i = 0; i < n; i++) sb.append((char) ('0' + r.nextInt(10))); return sb.toString(); }
  String alnum(int n, String alphabet) { StringBuilder sb = new StringBuilder(); for (int i = 0; i < n; i++) sb.append(alphabet.charAt(r.nextInt(alphabet.length()))); return sb.toString(); }
}
