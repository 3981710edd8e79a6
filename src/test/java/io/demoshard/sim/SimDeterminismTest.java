package io.demoshard.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimDeterminismTest {
  @TempDir Path tmp;

  static Map<String, String> digest(Path root) throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (Path f : SimFixtures.files(root, "")) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      out.put(root.relativize(f).toString(), HexFormat.of().formatHex(md.digest(Files.readAllBytes(f))));
    }
    return out;
  }

  @Test
  void sameSeedGivesIdenticalBytesAndAnotherSeedDiffers() throws Exception {
    SimulationSummary a = SimFixtures.simulate(tmp.resolve("a"), 2, 11, true);
    SimulationSummary b = SimFixtures.simulate(tmp.resolve("b"), 2, 11, true);
    SimFixtures.simulate(tmp.resolve("c"), 2, 12, true);
    Map<String, String> da = digest(tmp.resolve("a"));
    Map<String, String> db = digest(tmp.resolve("b"));
    Map<String, String> dc = digest(tmp.resolve("c"));
    assertTrue(da.size() > 100, "expected a real tree, got " + da.size() + " files");
    assertEquals(da, db);
    assertEquals(a, b);
    assertNotEquals(da, dc);
    assertNotEquals(da.get("_truth/episodes.jsonl"), dc.get("_truth/episodes.jsonl"));
  }
}
