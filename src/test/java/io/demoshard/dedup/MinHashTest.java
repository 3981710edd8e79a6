package io.demoshard.dedup;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MinHashTest {

  @Test
  void sCurveMatchesTheFormula() {
    // 1-(1-s^r)^b for b=20, r=5
    assertEquals(0.99964, MinHash.candidateProbability(0.8, 20, 5), 1e-5);
    assertEquals(0.47006, MinHash.candidateProbability(0.5, 20, 5), 1e-5);
    assertEquals(0.047494, MinHash.candidateProbability(0.3, 20, 5), 1e-5);
    assertEquals(0.0, MinHash.candidateProbability(0.0, 20, 5), 0.0);
    assertEquals(1.0, MinHash.candidateProbability(1.0, 20, 5), 0.0);
    assertEquals(Math.pow(0.05, 0.2), MinHash.threshold(20, 5), 1e-12);
    // monotone in s
    double prev = -1;
    for (int i = 0; i <= 20; i++) {
      double p = MinHash.candidateProbability(i / 20.0, 24, 6);
      assertTrue(p >= prev);
      prev = p;
    }
  }

  private static List<String> toks(String prefix, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(prefix + i);
    }
    return out;
  }

  @Test
  void shinglesAreOrderSensitiveSortedAndDistinct() {
    long[] a = MinHash.shingles(List.of("a", "b", "c", "d"), 3);
    assertEquals(2, a.length);
    assertTrue(a[0] < a[1]);
    assertFalse(java.util.Arrays.equals(a, MinHash.shingles(List.of("d", "c", "b", "a"), 3)));
    // repeated shingles count once; shorter than k: one shingle of everything
    assertEquals(1, MinHash.shingles(List.of("x", "x", "x", "x", "x"), 3).length);
    assertEquals(1, MinHash.shingles(List.of("x", "y"), 3).length);
    assertEquals(0, MinHash.shingles(List.of(), 3).length);
    // token boundaries matter
    assertNotEquals(MinHash.shingles(List.of("ab", "c"), 2)[0], MinHash.shingles(List.of("a", "bc"), 2)[0]);
  }

  @Test
  void exactJaccard() {
    assertEquals(0.5, MinHash.jaccard(new long[] {1, 2, 3}, new long[] {2, 3, 4, 1 + 4}), 0.1);
    assertEquals(2.0 / 4.0, MinHash.jaccard(new long[] {1, 2, 3}, new long[] {2, 3, 4}), 1e-12);
    assertEquals(1.0, MinHash.jaccard(new long[] {7}, new long[] {7}), 0.0);
    assertEquals(0.0, MinHash.jaccard(new long[] {7}, new long[] {8}), 0.0);
  }

  @Test
  void signatureAgreementEstimatesJaccard() {
    MinHash mh = new MinHash(40, 10); // 400 values: standard error ~ 0.02
    long[] a = MinHash.shingles(toks("t", 300), 1);
    List<String> bt = toks("t", 200);
    bt.addAll(toks("u", 100));
    long[] b = MinHash.shingles(bt, 1);
    double j = MinHash.jaccard(a, b); // 200 / 400
    assertEquals(0.5, j, 1e-12);
    long[] sa = mh.signature(a);
    long[] sb = mh.signature(b);
    int eq = 0;
    for (int i = 0; i < sa.length; i++) {
      eq += sa[i] == sb[i] ? 1 : 0;
    }
    assertEquals(j, eq / (double) sa.length, 0.08);
  }

  @Test
  void bandsEqualForEqualSetsAndRarelyForDifferentOnes() {
    MinHash mh = new MinHash(20, 5);
    long[] a = MinHash.shingles(toks("a", 30), 3);
    assertArrayEquals(mh.bandHashes(a), mh.bandHashes(a.clone()));
    assertEquals(20, mh.bandHashes(a).length);
    assertEquals(0, mh.bandHashes(new long[0]).length);
    // Disjoint sets share no band; a one-token edit at the end (J = 27/29) shares most bands.
    long[] c = MinHash.shingles(toks("c", 30), 3);
    List<String> near = toks("a", 29);
    near.add("zzz");
    long[] n = MinHash.shingles(near, 3);
    int shared = 0;
    int sharedDisjoint = 0;
    long[] ba = mh.bandHashes(a);
    long[] bn = mh.bandHashes(n);
    long[] bc = mh.bandHashes(c);
    for (int i = 0; i < 20; i++) {
      shared += ba[i] == bn[i] ? 1 : 0;
      sharedDisjoint += ba[i] == bc[i] ? 1 : 0;
    }
    assertEquals(0, sharedDisjoint);
    assertTrue(shared >= 5, "shared bands: " + shared); // expected 20 * (27/29)^5 = 14
    // band hashes depend on the band position: equal values in different bands do not collide
    assertNotEquals(new MinHash(2, 1).bandHashes(new long[] {5})[0], new MinHash(2, 1).bandHashes(new long[] {5})[1]);
  }
}
