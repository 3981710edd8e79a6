package io.demoshard.publish;

import io.demoshard.image.ImageMetadata;
import io.demoshard.image.MetadataImages;
import com.fasterxml.jackson.databind.JsonNode;
import io.demoshard.SparkTestBase;
import io.demoshard.config.DemoshardConfig;
import io.demoshard.model.Counts;
import io.demoshard.model.Schemas;
import io.demoshard.spark.HadoopConf;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PublisherTest extends SparkTestBase {
  static final long TARGET = 20 * 1024;
  static final int USERS = 16;
  static final LocalDate DATE = LocalDate.parse(PublishFixtures.DAY);

  @TempDir
  static Path tmp;
  static Path raw;
  static List<Row> rows;
  static DemoshardConfig cfg;
  static HadoopConf hadoop;

  @BeforeAll
  static void setUp() throws Exception {
    raw = tmp.resolve("raw");
    rows = PublishFixtures.episodes(raw, USERS);
    cfg = PublishFixtures.config(TARGET);
    hadoop = new HadoopConf(new Configuration(spark().sparkContext().hadoopConfiguration()));
  }

  private PublishResult publish(Path out, LocalDate date) {
    Counts counts = new Counts().add("ingest.events.read", 1234).add("segment.episodes", rows.size());
    return new Publisher(spark(), cfg, hadoop).publish(PublishFixtures.dataset(spark(), raw, rows),
        out.toString(), date, counts, Map.of("privacy_policy_digest", "abc123", "frames_text_redacted", 0));
  }

  @Test
  void publishesDeterministicShardsThatMeetTheContract() throws Exception {
    Path out1 = tmp.resolve("out1");
    Path out2 = tmp.resolve("out2");
    PublishResult a = publish(out1, DATE);
    PublishResult b = publish(out2, DATE);

    // --- determinism: identical shard, lineage and card bytes
    List<String> shaA = a.shards().stream().map(s -> s.path() + "=" + s.sha256()).toList();
    List<String> shaB = b.shards().stream().map(s -> s.path() + "=" + s.sha256()).toList();
    System.out.println("run 1 shards: " + shaA);
    System.out.println("run 2 shards: " + shaB);
    assertEquals(shaA, shaB);
    for (var s : a.shards()) {
      assertEquals(-1L, Files.mismatch(out1.resolve(DATE.toString()).resolve(s.path()),
          out2.resolve(DATE.toString()).resolve(s.path())), s.path());
    }
    Path lin1 = out1.resolve("_lineage").resolve(DATE.toString()).resolve("part-00000.parquet");
    Path lin2 = out2.resolve("_lineage").resolve(DATE.toString()).resolve("part-00000.parquet");
    assertEquals(-1L, Files.mismatch(lin1, lin2));
    assertEquals(-1L, Files.mismatch(out1.resolve(DATE + "/README.md"), out2.resolve(DATE + "/README.md")));

    // --- only the published files: shards, card, manifest, marker, run report (no .crc/.tmp side files)
    try (Stream<Path> w = Files.walk(out1.resolve(DATE.toString()))) {
      List<String> names = w.filter(Files::isRegularFile).map(p -> out1.resolve(DATE.toString()).relativize(p)
          .toString()).sorted().toList();
      List<String> expected = new ArrayList<>(List.of("README.md", "_SUCCESS", "manifest.json", "report.html",
          "stats.json"));
      a.shards().forEach(s -> expected.add(s.path()));
      assertEquals(expected.stream().sorted().toList(), names);
    }
    // --- counts
    assertEquals(rows.size(), a.episodes());
    assertEquals(rows.size(), a.rowsPerSplit().values().stream().mapToLong(Long::longValue).sum());
    assertTrue(Files.exists(out1.resolve(DATE + "/_SUCCESS")));
    assertFalse(Files.exists(out1.resolve("_staging")) && Files.list(out1.resolve("_staging")).findAny().isPresent());

    // --- manifest
    DatasetReader reader = DatasetReader.open(spark(), hadoop, a.versionPath()).verifyChecksums();
    JsonNode m = reader.manifest();
    assertEquals(1, m.get("schema_version").asInt());
    assertEquals(a.shards().size(), m.get("shards").size());
    assertEquals(1234, m.get("counts").get("ingest.events.read").asLong());
    assertEquals("abc123", m.get("privacy_policy_digest").asText());
    assertEquals(cfg.digest(), m.get("config_digest").asText());
    assertEquals(Publisher.REDACTED, m.get("config").get("privacy").get("key-file").asText());
    assertFalse(m.toString().contains("/secret/place"), "key file path leaked into the manifest");
    assertEquals(io.demoshard.BuildInfo.VERSION, m.get("created_by").get("version").asText());
    // settings about keys and secrets are not credentials: shown as used
    assertNotEquals(Publisher.REDACTED, m.get("config").get("reduce").get("key-repeat-gap").asText());
    assertEquals(20, m.get("config").get("privacy").get("scrub").get("secret-min-length").asInt());
    assertEquals(Publisher.REDACTED,
        m.get("config").get("privacy").get("key-env").asText());
    assertEquals(Schemas.SHARD, org.apache.spark.sql.types.DataType.fromJson(m.get("shard_schema").toString()));
    for (String s : Splits.ALL) {
      assertEquals(a.rowsPerSplit().get(s).longValue(), m.get("splits").get(s).get("rows").asLong());
    }

    // --- schema: Spark view and the Parquet footer itself
    assertEquals(Schemas.SHARD.asNullable(), reader.read("train").schema().asNullable());
    Configuration hc = hadoop.get();
    for (var s : a.shards()) {
      try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(
          new org.apache.hadoop.fs.Path(reader.pathOf(s)), hc))) {
        assertEquals(ParquetShards.shardMessageType(Schemas.SHARD), r.getFileMetaData().getSchema());
        String hf = r.getFileMetaData().getKeyValueMetaData().get("huggingface");
        assertNotNull(hf, "huggingface footer metadata");
        JsonNode f = Publisher.mapper().readTree(hf).get("info").get("features");
        assertEquals("Image", f.get("frames").get(0).get("image").get("_type").asText());
        assertEquals(s.rows(), r.getRecordCount());
      }
    }
    List<Row> all = reader.readAll().select("schema_version").collectAsList();
    assertEquals(rows.size(), all.size());
    assertTrue(all.stream().allMatch(r -> r.getInt(0) == 1));

    // --- splits: every user in exactly one split, the one the hash says
    List<Row> lineage = spark().read().parquet(lin1.toString()).collectAsList();
    assertEquals(a.episodes(), lineage.size(), "lineage rows = published episodes");
    Map<String, Set<String>> splitsOfUser = new HashMap<>();
    Set<String> lineageIds = new HashSet<>();
    Map<String, String> shardOf = new HashMap<>();
    for (Row r : lineage) {
      splitsOfUser.computeIfAbsent(r.getAs("user_key"), k -> new HashSet<>()).add(r.getAs("split"));
      lineageIds.add(r.getAs("episode_id"));
      shardOf.put(r.getAs("episode_id"), r.<String>getAs("split") + "/" + r.getAs("shard"));
      assertTrue(((String) r.getAs("session_id")).startsWith("sess-"));
    }
    assertEquals(USERS, splitsOfUser.size());
    for (var e : splitsOfUser.entrySet()) {
      assertEquals(1, e.getValue().size(), "user " + e.getKey() + " straddles " + e.getValue());
      assertEquals(Splits.of(e.getKey(), cfg.publish()), e.getValue().iterator().next());
    }
    for (String s : Splits.ALL) {
      assertTrue(a.rowsPerSplit().get(s) > 0, "fixture should fill every split: " + a.rowsPerSplit());
    }

    // --- shard sizes: several per split, within 25% of the target except each split's last
    Map<String, List<ShardInfo>> bySplit = new HashMap<>();
    for (var s : a.shards()) {
      bySplit.computeIfAbsent(s.split(), k -> new ArrayList<>()).add(s);
    }
    StringBuilder sizes = new StringBuilder();
    for (var e : bySplit.entrySet()) {
      List<ShardInfo> l = e.getValue();
      assertTrue(l.size() >= 2, "split " + e.getKey() + " has " + l.size() + " shard(s)");
      for (int i = 0; i < l.size(); i++) {
        sizes.append(l.get(i).path()).append('=').append(l.get(i).bytes()).append(' ');
        assertEquals(String.format("%s/part-%05d.parquet", e.getKey(), i), l.get(i).path());
        if (i < l.size() - 1) {
          long bytes = l.get(i).bytes();
          assertTrue(bytes >= TARGET * 0.75 && bytes <= TARGET * 1.25,
              l.get(i).path() + " is " + bytes + " bytes, target " + TARGET);
        }
      }
    }
    System.out.println("shard sizes (target " + TARGET + "): " + sizes);

    // --- DuckDB reads every shard; counts match; images decode as their format; synthetic paths
    Map<String, Row> inputById = new HashMap<>();
    for (Row r : rows) {
      inputById.put(r.getString(0), r);
    }
    Set<String> seen = new HashSet<>();
    int frames = 0;
    int withMetadata = 0;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      for (var s : a.shards()) {
        String p = reader.pathOf(s).replace("file:", "");
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet('" + p + "')")) {
          rs.next();
          assertEquals(s.rows(), rs.getLong(1), s.path());
        }
        String prev = "";
        try (ResultSet rs = st.executeQuery("SELECT episode_id FROM read_parquet('" + p + "')")) {
          while (rs.next()) {
            String id = rs.getString(1);
            assertTrue(id.compareTo(prev) > 0, "rows ordered by episode_id in " + s.path());
            prev = id;
            assertTrue(seen.add(id), "episode " + id + " published twice");
            assertEquals(s.path(), shardOf.get(id), "lineage shard of " + id);
          }
        }
        try (ResultSet rs = st.executeQuery("SELECT episode_id, f.idx, f.format, f.image.bytes, f.image.path "
            + "FROM (SELECT episode_id, unnest(frames) AS f FROM read_parquet('" + p + "'))")) {
          while (rs.next()) {
            frames++;
            String id = rs.getString(1);
            int idx = rs.getInt(2);
            String format = rs.getString(3);
            byte[] bytes = rs.getBytes(4);
            String path = rs.getString(5);
            assertEquals(id + "/" + idx + "." + format, path);
            assertFalse(path.contains("screenshots") || path.contains("sess-") || path.contains("device-"), path);
            @SuppressWarnings("unchecked")
            Row inFrame = ((List<Row>) inputById.get(id).get(15)).get(idx);
            byte[] rawBytes = Files.readAllBytes(raw.resolve(inFrame.getString(3)));
            assertEquals(-1L, java.util.Arrays.mismatch(bytes, ImageMetadata.strip(rawBytes, format)),
                "published bytes are the raw file stripped of metadata");
            if (MetadataImages.contains(rawBytes, "alice.smith")) {
              withMetadata++;
              assertTrue(bytes.length < rawBytes.length, "metadata frame published at full size");
            }
            for (String secret : MetadataImages.SECRETS) {
              assertFalse(MetadataImages.contains(bytes, secret), "frame " + path + " carries '" + secret + "'");
            }
            assertSamePixels(ImageIO.read(new ByteArrayInputStream(rawBytes)),
                ImageIO.read(new ByteArrayInputStream(bytes)), path);
            assertEquals(format, decodeFormat(bytes));
            assertNotNull(ImageIO.read(new ByteArrayInputStream(bytes)));
          }
        }
      }
    }
    assertEquals(inputById.keySet(), seen);
    assertEquals(lineageIds, seen);
    assertEquals(rows.stream().mapToInt(r -> r.getInt(13)).sum(), frames);
    assertTrue(withMetadata >= USERS * 2, "fixture frames with metadata published: " + withMetadata);

    // --- the dataset card
    String card = Files.readString(out1.resolve(DATE + "/README.md"));
    assertTrue(card.startsWith("---\n") && card.contains("configs:") && card.contains("path: train/part-*.parquet"));
    assertTrue(card.contains("ingest.events.read") && card.contains("read_parquet"));
    assertTrue(card.contains("carry no metadata") && !card.contains("Screenshots are published as recorded"), "card on image metadata");

    // --- the iterator view
    Iterator<Row> it = reader.episodes("val");
    long n = 0;
    while (it.hasNext()) {
      it.next();
      n++;
    }
    assertEquals(a.rowsPerSplit().get("val").longValue(), n);
  }

  @Test
  void aFaultAnywhereLeavesTheOldVersionAndARerunPublishes() throws Exception {
    Path out = tmp.resolve("out-fault");
    PublishResult v1 = publish(out, DATE);
    String v1Run = DatasetReader.open(spark(), hadoop, v1.versionPath()).manifest().get("run_id").asText();
    Path manifest = out.resolve(DATE + "/manifest.json");
    try {
      for (String point : List.of("shard-written:", "verified", "old-moved-aside", "new-moved-in",
          "manifest-written")) {
        Publisher.faultHook = p -> {
          if (p.startsWith(point)) {
            throw new IllegalStateException("injected fault at " + p);
          }
        };
        assertThrows(Exception.class, () -> publish(out, DATE), point);
        Publisher.faultHook = null;
        assertTrue(Files.exists(manifest), "manifest gone after fault at " + point);
        DatasetReader r = DatasetReader.open(spark(), hadoop, out.resolve(DATE.toString()).toString());
        assertEquals(v1Run, r.manifest().get("run_id").asText(), "new run visible after fault at " + point);
        r.verifyChecksums();
        assertEquals(v1.episodes(), r.rowsPerSplit().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(v1.episodes(), spark().read().parquet(out.resolve("_lineage/" + DATE).toString()).count());
        assertFalse(Files.exists(out.resolve("_trash")) && Files.list(out.resolve("_trash")).findAny().isPresent(),
            "trash left after " + point);
      }

      // a first publish of a date that fails leaves nothing visible
      LocalDate d2 = DATE.plusDays(1);
      Publisher.faultHook = p -> {
        if (p.equals("new-moved-in")) {
          throw new IllegalStateException("injected");
        }
      };
      assertThrows(Exception.class, () -> publish(out, d2));
      Publisher.faultHook = null;
      assertFalse(Files.exists(out.resolve(d2.toString())));
      assertFalse(Files.exists(out.resolve("_lineage/" + d2)));
      assertThrows(IllegalStateException.class,
          () -> DatasetReader.open(spark(), hadoop, out.resolve(d2.toString()).toString()));
    } finally {
      Publisher.faultHook = null;
    }

    // a crash (no rollback) between the swap steps is repaired by the next run
    Path version = out.resolve(DATE.toString());
    Path aside = out.resolve("_trash/" + DATE + "-zzcrash/version");
    Files.createDirectories(aside.getParent());
    Files.move(version, aside);
    Files.createDirectories(version.resolve("train"));
    Files.writeString(version.resolve("train/part-00000.parquet"), "torn");
    assertThrows(IllegalStateException.class, () -> DatasetReader.open(spark(), hadoop, version.toString()));

    PublishResult v2 = publish(out, DATE);
    JsonNode m2 = DatasetReader.open(spark(), hadoop, v2.versionPath()).verifyChecksums().manifest();
    assertNotEquals(v1Run, m2.get("run_id").asText());
    assertEquals(v1.shards(), v2.shards(), "same input, same shards");
    try (Stream<Path> s = Files.list(out)) {
      assertEquals(Set.of(DATE.toString(), "_lineage", "_staging", "_trash"),
          new HashSet<>(s.map(p -> p.getFileName().toString()).toList()));
    }
    try (Stream<Path> s = Files.list(out.resolve("_trash"))) {
      // no in-flight folder left; the replaced v1 is kept for rollback (publish.keep-replaced)
      assertEquals(List.of(DATE.toString()), s.map(p -> p.getFileName().toString()).toList());
    }
    assertTrue(Files.exists(out.resolve("_trash/" + DATE + "/" + v1Run + "/version/_SUCCESS")));

    // a damaged shard fails verification; a version without _SUCCESS is refused
    ShardInfo first = v2.shards().get(0);
    Path shard = out.resolve(DATE.toString()).resolve(first.path());
    byte[] b = Files.readAllBytes(shard);
    b[b.length / 2] ^= 1;
    Files.write(shard, b);
    Files.deleteIfExists(shard.resolveSibling("." + shard.getFileName() + ".crc"));
    DatasetReader opened = DatasetReader.open(spark(), hadoop, v2.versionPath());
    assertThrows(IllegalStateException.class, opened::verifyChecksums);
    Files.delete(out.resolve(DATE + "/_SUCCESS"));
    assertThrows(IllegalStateException.class, () -> DatasetReader.open(spark(), hadoop, v2.versionPath()));
  }

  @Test
  void anEmptyNightPublishesOneEmptyShardPerSplit() throws Exception {
    Path out = tmp.resolve("out-empty");
    PublishResult r = new Publisher(spark(), cfg, hadoop).publish(PublishFixtures.dataset(spark(), raw, List.of()),
        out.toString(), DATE, new Counts(), Map.of());
    assertEquals(0, r.episodes());
    assertEquals(List.of("train/part-00000.parquet", "val/part-00000.parquet", "test/part-00000.parquet"),
        r.shards().stream().map(ShardInfo::path).toList());
    DatasetReader reader = DatasetReader.open(spark(), hadoop, r.versionPath()).verifyChecksums();
    assertEquals(0, reader.readAll().count());
    assertEquals(0, spark().read().parquet(out.resolve("_lineage/" + DATE).toString()).count());
  }

  @Test
  void frameLookupStaysInsideTheRawRoot() {
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path("file:/raw");
    for (String bad : List.of("/etc/passwd", "../x.png", "a/../../x.png", "hdfs://nn/x.png", "")) {
      assertThrows(java.io.IOException.class, () -> io.demoshard.image.RawImages.resolve(root, bad), bad);
    }
  }

  static void assertSamePixels(java.awt.image.BufferedImage expected, java.awt.image.BufferedImage actual, String what) {
    assertEquals(expected.getWidth(), actual.getWidth(), what);
    assertEquals(expected.getHeight(), actual.getHeight(), what);
    for (int y = 0; y < expected.getHeight(); y++) {
      for (int x = 0; x < expected.getWidth(); x++) {
        assertEquals(expected.getRGB(x, y), actual.getRGB(x, y), what + " pixel " + x + "," + y);
      }
    }
  }

  static String decodeFormat(byte[] bytes) throws Exception {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      assertTrue(readers.hasNext(), "no ImageIO reader");
      return readers.next().getFormatName().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
