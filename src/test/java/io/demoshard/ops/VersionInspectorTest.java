package io.demoshard.ops;

import io.demoshard.SparkTestBase;
import io.demoshard.cli.Main;
import io.demoshard.config.DemoshardConfig;
import io.demoshard.model.Counts;
import io.demoshard.publish.PublishFixtures;
import io.demoshard.publish.PublishResult;
import io.demoshard.publish.Publisher;
import io.demoshard.publish.ShardInfo;
import io.demoshard.spark.HadoopConf;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** inspect on a version published by the real Publisher, then on damaged copies of it. */
class VersionInspectorTest extends SparkTestBase {
  static final LocalDate DATE = LocalDate.parse(PublishFixtures.DAY);

  @TempDir
  static Path tmp;
  static Path out;
  static PublishResult published;

  @BeforeAll
  static void publish() throws Exception {
    Path raw = tmp.resolve("raw");
    out = tmp.resolve("out");
    DemoshardConfig cfg = PublishFixtures.config(20 * 1024);
    HadoopConf hadoop = new HadoopConf(new Configuration(spark().sparkContext().hadoopConfiguration()));
    var rows = PublishFixtures.episodes(raw, 8);
    published = new Publisher(spark(), cfg, hadoop).publish(PublishFixtures.dataset(spark(), raw, rows),
        out.toString(), DATE, new Counts().add("episodes.published", rows.size()),
        Map.of("frames_text_redacted", true));
  }

  private static VersionInspector inspector(Path root) throws Exception {
    return new VersionInspector(FileSystem.getLocal(new Configuration()).getRawFileSystem(),
        new org.apache.hadoop.fs.Path(root.toUri()));
  }

  @Test
  void listsAPublishedVersionAsItsManifestSays() throws Exception {
    List<VersionInspector.Version> all = inspector(out).list();
    assertEquals(1, all.size(), "only date folders are versions (_lineage, _trash are not)");
    VersionInspector.Version v = all.get(0);
    assertEquals(DATE.toString(), v.date());
    assertEquals(VersionInspector.Commit.VALID, v.commit());
    assertEquals("yes", v.redaction());
    assertEquals(0, v.erasures());
    assertEquals(published.episodes(), v.totalRows());
    for (String s : List.of("train", "val", "test")) {
      List<ShardInfo> mine = published.shards().stream().filter(x -> x.split().equals(s)).toList();
      assertEquals(published.rowsPerSplit().get(s), v.splits().get(s).rows(), s);
      assertEquals(mine.stream().mapToLong(ShardInfo::bytes).sum(), v.splits().get(s).bytes(), s);
      assertEquals(mine.size(), v.splits().get(s).shards(), s);
    }
    List<VersionInspector.Shard> shards = inspector(out).shards(v);
    assertEquals(published.shards().size(), shards.size());
    assertTrue(shards.stream().allMatch(s -> s.storage().equals("ok")));

    String list = run("inspect", "--out", out.toString());
    assertTrue(list.startsWith("exit 0\n"), list);
    assertTrue(list.contains(DATE + "  " + v.runId()), list);
    assertTrue(list.contains("valid"), list);
    String detail = run("inspect", "--out", out.toString(), "--date", DATE.toString());
    assertTrue(detail.startsWith("exit 0\n"), detail);
    for (ShardInfo s : published.shards()) {
      assertTrue(detail.contains(s.path()) && detail.contains(s.sha256().substring(0, 12)), detail);
    }
    assertTrue(detail.contains("episodes.published = " + published.episodes()), detail);
    assertTrue(detail.contains("frames_text_redacted=yes"), detail);
  }

  @Test
  void tellsACommittedVersionFromTornAndTamperedOnes() throws Exception {
    Path copy = tmp.resolve("damaged");
    copyTree(out.resolve(DATE.toString()), copy.resolve("2025-03-01"));  // intact
    copyTree(out.resolve(DATE.toString()), copy.resolve("2025-03-02"));  // manifest edited after commit
    Path m2 = copy.resolve("2025-03-02/manifest.json");
    Files.writeString(m2, Files.readString(m2).replace("\"total_rows\"", "\"total_rows_\""));
    copyTree(out.resolve(DATE.toString()), copy.resolve("2025-03-03"));  // never committed
    Files.delete(copy.resolve("2025-03-03/_SUCCESS"));
    Files.createDirectories(copy.resolve("2025-03-04/train"));            // torn: shards, no manifest
    copyTree(out.resolve(DATE.toString()), copy.resolve("2025-03-05"));  // a shard lost on storage
    ShardInfo lost = published.shards().get(0);
    Files.delete(copy.resolve("2025-03-05").resolve(lost.path()));
    Files.createDirectories(copy.resolve("not-a-date"));

    VersionInspector in = inspector(copy);
    List<VersionInspector.Version> all = in.list();
    assertEquals(List.of("2025-03-01", "2025-03-02", "2025-03-03", "2025-03-04", "2025-03-05"),
        all.stream().map(VersionInspector.Version::date).toList());
    assertEquals(List.of(VersionInspector.Commit.VALID, VersionInspector.Commit.MISMATCH,
            VersionInspector.Commit.NO_MARKER, VersionInspector.Commit.NO_MANIFEST, VersionInspector.Commit.VALID),
        all.stream().map(VersionInspector.Version::commit).toList());
    assertNull(all.get(3).manifest());
    VersionInspector.Shard missing = in.shards(all.get(4)).stream().filter(s -> s.path().equals(lost.path()))
        .findFirst().orElseThrow();
    assertEquals("MISSING", missing.storage());

    String list = run("inspect", "--out", copy.toString());
    assertTrue(list.startsWith("exit 1\n"), "unreadable versions fail the listing: " + list);
    assertTrue(list.contains("MISMATCH") && list.contains("NO _SUCCESS") && list.contains("NO manifest.json"), list);
    String detail = run("inspect", "--out", copy.toString(), "--date", "2025-03-05");
    assertTrue(detail.startsWith("exit 1\n") && detail.contains("storage MISSING"), detail);
    assertTrue(run("inspect", "--out", copy.toString(), "--date", "2025-03-01").startsWith("exit 0\n"));
    String absent = run("inspect", "--out", copy.toString(), "--date", "2025-04-01");
    assertTrue(absent.startsWith("exit 1\n") && absent.contains("no version 2025-04-01"), absent);
  }

  /** Runs the command line; returns "exit N\n" + stdout + stderr. */
  static String run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream p = new PrintStream(buf, true, StandardCharsets.UTF_8);
    int code;
    try {
      System.setOut(p);
      System.setErr(p);
      code = Main.execute(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    return "exit " + code + "\n" + buf.toString(StandardCharsets.UTF_8);
  }

  static void copyTree(Path from, Path to) throws Exception {
    try (var w = Files.walk(from)) {
      for (Path p : w.toList()) {
        Path d = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(d);
        } else {
          Files.copy(p, d);
        }
      }
    }
  }
}
