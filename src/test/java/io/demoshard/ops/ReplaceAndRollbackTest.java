package io.demoshard.ops;

import io.demoshard.SparkTestBase;
import io.demoshard.config.ConfigLoader;
import io.demoshard.config.DemoshardConfig;
import io.demoshard.model.Counts;
import io.demoshard.pipeline.ErasureLedger;
import io.demoshard.publish.DatasetReader;
import io.demoshard.publish.PublishFixtures;
import io.demoshard.publish.PublishResult;
import io.demoshard.publish.Publisher;
import io.demoshard.spark.HadoopConf;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 11 items 2: never silently shrink, keep the replaced version, roll back, never resurrect an erased user. */
class ReplaceAndRollbackTest extends SparkTestBase {
  static final LocalDate DATE = LocalDate.parse(PublishFixtures.DAY);
  static final String D = DATE.toString();

  @TempDir
  static Path tmp;
  static Path raw;
  static List<Row> rows;
  static HadoopConf hadoop;

  @BeforeAll
  static void setUp() throws Exception {
    raw = tmp.resolve("raw");
    rows = PublishFixtures.episodes(raw, 8);  // 24 episodes
    hadoop = new HadoopConf(new Configuration(spark().sparkContext().hadoopConfiguration()));
  }

  static DemoshardConfig cfg(String maxShrink, String keep) {
    return DemoshardConfig.from(ConfigLoader.load("local", null, null, Map.of(
        "demoshard.publish.splits.train", "0.5", "demoshard.publish.splits.val", "0.25",
        "demoshard.publish.splits.test", "0.25", "demoshard.publish.target-shard-bytes", "20480",
        "demoshard.publish.max-shrink", maxShrink, "demoshard.publish.keep-replaced", keep)));
  }

  static PublishResult publish(Path out, DemoshardConfig cfg, List<Row> rs) {
    return new Publisher(spark(), cfg, hadoop).publish(PublishFixtures.dataset(spark(), raw, rs),
        out.toString(), DATE, new Counts(), Map.of());
  }

  /** The night's dedup state folder, with a marker saying which version it belongs to (NightlyJob writes it after publish). */
  static void writeState(Path out, String marker) throws Exception {
    Path s = out.resolve("_state/dedup/date=" + D);
    Files.createDirectories(s);
    Files.writeString(s.resolve("_SUCCESS"), "");
    Files.writeString(s.resolve("marker"), marker);
  }

  static String state(Path out) throws Exception {
    Path m = out.resolve("_state/dedup/date=" + D + "/marker");
    return Files.exists(m) ? Files.readString(m) : null;
  }

  static String runId(Path out) {
    return DatasetReader.open(spark(), hadoop, out.resolve(D).toString()).verifyChecksums().manifest()
        .get("run_id").asText();
  }

  static long committedRows(Path out) {
    return DatasetReader.open(spark(), hadoop, out.resolve(D).toString()).rowsPerSplit().values().stream()
        .mapToLong(Long::longValue).sum();
  }

  static Set<String> kept(Path out) throws Exception {
    Path dir = out.resolve("_trash/" + D);
    if (!Files.exists(dir)) {
      return Set.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  static <T> T withStderr(StringBuilder err, Supplier<T> body) {
    PrintStream old = System.err;
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    System.setErr(new PrintStream(b, true, StandardCharsets.UTF_8));
    try {
      return body.get();
    } finally {
      System.setErr(old);
      err.append(b.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void replacingRefusesToShrinkKeepsTheOldVersionAndRollsBack() throws Exception {
    Path out = tmp.resolve("out");
    Rollback rollback = new Rollback(spark(), hadoop, 2);
    publish(out, cfg("0.5", "2"), rows);
    writeState(out, "v1");
    String v1 = runId(out);
    assertEquals(24, committedRows(out));

    // a night with a quarter of the rows (e.g. a wrong --raw): refused, v1 untouched
    StringBuilder err = new StringBuilder();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> withStderr(err, () -> publish(out, cfg("0.5", "2"), rows.subList(0, 6))));
    assertTrue(e.getMessage().contains("publish.max-shrink") && e.getMessage().contains("--force"), e.getMessage());
    assertTrue(err.toString().contains("replacing version " + D + " (run " + v1 + "): rows train "), err.toString());
    assertTrue(err.toString().contains("total 24 -> 6"), err.toString());
    assertEquals(v1, runId(out));
    assertEquals("v1", state(out));
    assertEquals(Set.of(), kept(out));
    try (Stream<Path> s = Files.list(out.resolve("_staging"))) {
      assertEquals(0, s.count(), "staging cleaned");
    }

    // --force (max-shrink 0): replaced, old and new counts printed, v1 kept with its dedup state
    StringBuilder err2 = new StringBuilder();
    withStderr(err2, () -> publish(out, cfg("0", "2"), rows.subList(0, 6)));
    assertTrue(err2.toString().contains("total 24 -> 6"), err2.toString());
    assertTrue(err2.toString().contains("rollback --out"), err2.toString());
    String v2 = runId(out);
    assertEquals(6, committedRows(out));
    assertEquals(Set.of(v1), kept(out));
    assertTrue(Files.exists(out.resolve("_trash/" + D + "/" + v1 + "/version/_SUCCESS")));
    assertTrue(Files.exists(out.resolve("_trash/" + D + "/" + v1 + "/lineage")));
    assertEquals("v1", Files.readString(out.resolve("_trash/" + D + "/" + v1 + "/state/marker")));
    assertEquals(null, state(out), "the replaced night's state went with it");
    writeState(out, "v2");

    // rollback: v1 back (manifest, _SUCCESS, lineage, state), v2 kept in its turn
    Rollback.Result r = rollback.run(out.toString(), DATE, null);
    assertEquals(v1, r.restoredRun());
    assertEquals(v1, runId(out));
    assertEquals(24, committedRows(out));
    assertEquals(24, spark().read().parquet(out.resolve("_lineage/" + D).toString()).count());
    assertEquals("v1", state(out));
    assertEquals(Set.of(v2), kept(out));
    assertEquals("v2", Files.readString(out.resolve("_trash/" + D + "/" + v2 + "/state/marker")));

    // and forward again by run id
    rollback.run(out.toString(), DATE, v2);
    assertEquals(v2, runId(out));
    assertEquals("v2", state(out));
    assertEquals(Set.of(v1), kept(out));
    assertThrows(Preflight.Refused.class, () -> rollback.run(out.toString(), DATE, "no-such-run"));

    // only the last publish.keep-replaced (2) replaced versions stay
    publish(out, cfg("0.5", "2"), rows);
    String v3 = runId(out);
    publish(out, cfg("0.5", "2"), rows);
    assertEquals(Set.of(v2, v3), kept(out));
    // keep-replaced = 0: nothing kept beyond what is there
    publish(out, cfg("0.5", "0"), rows);
    assertEquals(Set.of(v2, v3), kept(out));
  }

  @Test
  void anErasedUserIsNeverRestoredAndEraseDeletesKeptCopies() throws Exception {
    Path out = tmp.resolve("out-erase");
    publish(out, cfg("0", "2"), rows);                 // v1: users 0..7
    String v1 = runId(out);
    publish(out, cfg("0", "2"), rows.subList(0, 12));  // v2: users 0..3
    String v2 = runId(out);
    publish(out, cfg("0", "2"), rows);                 // v3: users 0..7 again
    assertEquals(Set.of(v1, v2), kept(out));

    // a user only in v1's kept copy (and in v3) is erased: the erase job rewrote v3, the ledger has the user
    List<String> v1Users = spark().read().parquet(out.resolve("_trash/" + D + "/" + v1 + "/lineage").toString())
        .select("user_key").distinct().orderBy("user_key").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    List<String> v2Users = spark().read().parquet(out.resolve("_trash/" + D + "/" + v2 + "/lineage").toString())
        .select("user_key").distinct().as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    String victim = v1Users.stream().filter(u -> !v2Users.contains(u)).findFirst().orElseThrow();
    ErasureLedger.add(hadoop, out.toString(), Set.of(victim));

    Preflight.Refused refused = assertThrows(Preflight.Refused.class,
        () -> new Rollback(spark(), hadoop, 2).run(out.toString(), DATE, v1));
    assertTrue(refused.getMessage().contains("erased"), refused.getMessage());
    assertFalse(Files.exists(out.resolve("_trash/" + D + "/" + v1)), "the copy holding an erased user is deleted");

    // erase's purge: a kept copy with an erased user goes, one without stays
    publish(out, cfg("0", "2"), rows);  // keeps v3 (all users, victim included)
    String v3 = kept(out).stream().filter(k -> !k.equals(v2)).findFirst().orElseThrow();
    int deleted = Trash.purgeForErasure(spark(), hadoop.fs(new org.apache.hadoop.fs.Path(out.toUri())),
        new org.apache.hadoop.fs.Path(out.toUri()), Set.of(victim), Set.of());
    assertEquals(1, deleted);
    assertEquals(Set.of(v2), kept(out));
    assertFalse(kept(out).contains(v3));
  }
}
