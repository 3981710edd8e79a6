package io.demoshard.erase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demoshard.SparkTestBase;
import io.demoshard.cli.Main;
import io.demoshard.config.DemoshardConfig;
import io.demoshard.model.Counts;
import io.demoshard.pipeline.ErasureLedger;
import io.demoshard.privacy.PseudonymKey;
import io.demoshard.publish.DatasetReader;
import io.demoshard.publish.PublishFixtures;
import io.demoshard.publish.PublishResult;
import io.demoshard.publish.Publisher;
import io.demoshard.publish.ShardInfo;
import io.demoshard.spark.HadoopConf;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EraseJobTest extends SparkTestBase {
  static final long TARGET = 8 * 1024;
  static final LocalDate D1 = LocalDate.parse(PublishFixtures.DAY);
  static final LocalDate D2 = D1.plusDays(1);
  static final String SECRET = "erase-test-secret-0123456789abcdef";
  static final PseudonymKey KEY = PseudonymKey.of(SECRET.getBytes(StandardCharsets.UTF_8));
  static final String VICTIM = "u000003";

  @TempDir
  static Path tmp;
  static Path raw;
  static List<Row> base;
  static DemoshardConfig cfg;
  static HadoopConf hadoop;
  static Path keyFile;

  @BeforeAll
  static void setUp() throws Exception {
    raw = tmp.resolve("raw");
    base = PublishFixtures.episodes(raw, 8);
    cfg = PublishFixtures.config(TARGET);
    hadoop = new HadoopConf(new Configuration(spark().sparkContext().hadoopConfiguration()));
    keyFile = tmp.resolve("key.txt");
    Files.writeString(keyFile, SECRET + "\n");
    Path csv = raw.resolve("erasure/requests.csv");
    Files.createDirectories(csv.getParent());
    // the victim twice, a user never published, and one malformed row (no user id)
    Files.writeString(csv, "user_id,requested_at\n" + VICTIM + ",2025-03-05T10:00:00Z\n,2025-03-05T11:00:00Z\n"
        + "u999999,2025-03-05\n" + VICTIM + ",2025-03-06T09:30:00Z\n");
  }

  @AfterEach
  void noHook() {
    Publisher.faultHook = null;
  }

  static String userId(int u) {
    return String.format("u%06d", u);
  }

  /** The fixture rows of users [from, to), with real pseudonyms (under {@code key}) in user_key. */
  static List<Row> rows(int from, int to, PseudonymKey key) {
    List<Row> out = new ArrayList<>();
    for (int i = from * 3; i < to * 3; i++) {
      Row r = base.get(i);
      Object[] v = new Object[r.length()];
      for (int c = 0; c < v.length; c++) {
        v[c] = r.get(c);
      }
      v[1] = key.userKey(userId(i / 3));
      out.add(RowFactory.create(v));
    }
    return out;
  }

  static PublishResult publish(Path out, LocalDate date, List<Row> rows, boolean perVersion) {
    return new Publisher(spark(), cfg, hadoop).publish(PublishFixtures.dataset(spark(), raw, rows),
        out.toString(), date, new Counts().add("segment.episodes", rows.size()).add("episodes.published", rows.size()),
        Map.of("pseudonym_key_per_version", perVersion));
  }

  static String sha256(Path p) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
  }

  /** episode_id -> hash of the whole published row. */
  static Map<String, String> contents(Path out, LocalDate d) {
    Map<String, String> m = new HashMap<>();
    DatasetReader r = DatasetReader.open(spark(), hadoop, out.resolve(d.toString()).toString());
    for (Row row : r.readAll().select(col("episode_id"), sha2(to_json(struct(col("*"))), 256)).collectAsList()) {
      m.put(row.getString(0), row.getString(1));
    }
    return m;
  }

  static List<Row> lineage(Path out, LocalDate d) {
    return spark().read().parquet(out.resolve("_lineage/" + d).toString()).collectAsList();
  }

  static Map<String, ShardInfo> shards(Path out, LocalDate d) {
    Map<String, ShardInfo> m = new HashMap<>();
    DatasetReader.open(spark(), hadoop, out.resolve(d.toString()).toString()).shards().forEach(s -> m.put(s.path(), s));
    return m;
  }

  @Test
  void erasesAUserFromEveryVersionRewritingOnlyTheirShards() throws Exception {
    Path out = tmp.resolve("out-main");
    publish(out, D1, rows(0, 6, KEY), false);
    publish(out, D2, rows(2, 8, KEY), false);
    String victimKey = KEY.userKey(VICTIM);

    // a rewrite that drops nothing gives the published bytes: same writer settings as the Publisher
    ShardInfo any = shards(out, D1).values().iterator().next();
    ShardRewrite.Done same = new ShardRewrite(out.resolve(D1.toString()).toString(), tmp.resolve("same").toString(),
        hadoop, EraseJob.writerSettings(DatasetReader.open(spark(), hadoop, out.resolve(D1.toString()).toString())
        .manifest())).call(new ShardRewrite.Job(any.path(), Set.of(), ShardRewrite.Kind.SHARD, 0));
    assertEquals(any.sha256(), same.sha256(), "rewriting with no removal changed the bytes");

    Map<LocalDate, Map<String, ShardInfo>> before = new HashMap<>();
    Map<LocalDate, Map<String, String>> contentBefore = new HashMap<>();
    Map<LocalDate, Set<String>> victimEpisodes = new HashMap<>();
    Map<LocalDate, Set<String>> victimShards = new HashMap<>();
    Map<LocalDate, Integer> lineageBefore = new HashMap<>();
    for (LocalDate d : List.of(D1, D2)) {
      before.put(d, shards(out, d));
      contentBefore.put(d, contents(out, d));
      Set<String> eps = new HashSet<>();
      Set<String> sh = new HashSet<>();
      List<Row> lin = lineage(out, d);
      lineageBefore.put(d, lin.size());
      for (Row r : lin) {
        if (victimKey.equals(r.getAs("user_key"))) {
          eps.add(r.getAs("episode_id"));
          sh.add(r.<String>getAs("split") + "/" + r.getAs("shard"));
        }
      }
      assertEquals(3, eps.size(), "fixture: the victim has 3 episodes in " + d);
      assertTrue(before.get(d).size() > sh.size() + 2, "fixture: several unaffected shards in " + d);
      victimEpisodes.put(d, eps);
      victimShards.put(d, sh);
    }

    Set<String> cleaned = new TreeSet<>();
    EraseResult r = new EraseJob(spark(), cfg, KEY, cleaned::addAll).run(raw.toString(), out.toString());
    System.out.println(r.summary());

    assertEquals(4, r.csvRows());
    assertEquals(1, r.malformedRows());
    assertEquals(2, r.users());
    assertEquals(2, r.ledgerAdded());
    assertEquals(6, r.episodesRemoved());
    assertEquals(List.of("rewritten", "rewritten"), r.versions().stream().map(EraseResult.VersionOutcome::status)
        .toList());
    assertTrue(ErasureLedger.load(hadoop, out.toString()).containsAll(Set.of(victimKey, KEY.userKey("u999999"))));
    assertTrue(cleaned.containsAll(Set.of(victimKey, KEY.forVersion(D1.toString()).userKey(VICTIM),
        KEY.forVersion(D2.toString()).userKey(VICTIM))), "dedup-state cleaner called with every pseudonym");

    for (LocalDate d : List.of(D1, D2)) {
      DatasetReader reader = DatasetReader.open(spark(), hadoop, out.resolve(d.toString()).toString())
          .verifyChecksums();
      // the episodes: the victim's are gone, every other one is unchanged
      Map<String, String> after = contents(out, d);
      Map<String, String> expected = new HashMap<>(contentBefore.get(d));
      victimEpisodes.get(d).forEach(expected::remove);
      assertEquals(expected, after, "episodes of " + d);
      // the lineage
      List<Row> lin = lineage(out, d);
      assertEquals(lineageBefore.get(d) - 3, lin.size());
      assertTrue(lin.stream().noneMatch(x -> victimKey.equals(x.getAs("user_key"))));
      assertEquals(after.keySet(), new HashSet<>(lin.stream().map(x -> x.<String>getAs("episode_id")).toList()));
      // the shards: affected ones rewritten and listed with their new checksum, the others byte-identical
      for (ShardInfo s : reader.shards()) {
        ShardInfo old = before.get(d).get(s.path());
        String actual = sha256(out.resolve(d.toString()).resolve(s.path()));
        assertEquals(s.sha256(), actual, s.path());
        if (victimShards.get(d).contains(s.path())) {
          assertNotEquals(old.sha256(), s.sha256(), "affected shard " + s.path() + " not rewritten");
          assertTrue(s.rows() < old.rows());
        } else {
          assertEquals(old, s, "unaffected shard " + s.path() + " changed");
        }
      }
      JsonNode m = reader.manifest();
      assertEquals(after.size(), m.get("total_rows").asLong());
      assertEquals(after.size(), reader.rowsPerSplit().values().stream().mapToLong(Long::longValue).sum());
      assertEquals(1, m.get("erasures").size());
      assertEquals(3, m.get("erasures").get(0).get("episodes_removed").asLong());
      // the counts agree with what is published now, and say what erase removed
      assertEquals(after.size(), m.get("counts").get("episodes.published").asLong());
      assertEquals(3, m.get("counts").get("erase.episodes.removed").asLong());
      String text = Files.readString(out.resolve(d + "/manifest.json"));
      assertFalse(text.contains(VICTIM) || text.contains(victimKey), "ids in the manifest");
      assertTrue(Files.readString(out.resolve(d + "/README.md")).contains("| " + m.get("splits").get("train")
          .get("rows").asLong() + " |"), "card re-rendered");
    }

    // the audit: pseudonyms only
    String audit = Files.readString(Path.of(new org.apache.hadoop.fs.Path(r.auditPath()).toUri().getPath()));
    System.out.println(audit);
    assertFalse(audit.contains(VICTIM) || audit.contains("u999999"), "raw user id in the audit");
    JsonNode victimRecord = null;
    for (String line : audit.split("\n")) {
      JsonNode n = new ObjectMapper().readTree(line);
      if (victimKey.equals(n.path("pseudonym").asText())) {
        victimRecord = n;
      }
    }
    assertTrue(victimRecord != null, "no audit record for the victim");
    assertEquals(6, victimRecord.get("episodes_removed").asLong());
    assertEquals(2, victimRecord.get("versions").size());
    assertEquals(List.of("2025-03-05T10:00:00Z", "2025-03-06T09:30:00Z"),
        List.of(victimRecord.get("requested_at").get(0).asText(), victimRecord.get("requested_at").get(1).asText()));

    // idempotent: a second run changes nothing and audits zero removals
    Map<LocalDate, String> markers = new HashMap<>();
    for (LocalDate d : List.of(D1, D2)) {
      markers.put(d, Files.readString(out.resolve(d + "/_SUCCESS")));
    }
    long ledgerFiles;
    try (Stream<Path> s = Files.list(out.resolve("_erasure/denylist"))) {
      ledgerFiles = s.count();
    }
    EraseResult again = new EraseJob(spark(), cfg, KEY).run(raw.toString(), out.toString());
    assertEquals(0, again.episodesRemoved());
    assertEquals(0, again.ledgerAdded());
    assertEquals(List.of("unchanged", "unchanged"), again.versions().stream().map(EraseResult.VersionOutcome::status)
        .toList());
    for (LocalDate d : List.of(D1, D2)) {
      assertEquals(markers.get(d), Files.readString(out.resolve(d + "/_SUCCESS")), "version " + d + " changed");
    }
    try (Stream<Path> s = Files.list(out.resolve("_erasure/denylist"))) {
      assertEquals(ledgerFiles, s.count());
    }
    String audit2 = Files.readString(Path.of(new org.apache.hadoop.fs.Path(again.auditPath()).toUri().getPath()));
    assertTrue(audit2.contains("\"pseudonym\":\"" + victimKey + "\"") && audit2.contains("\"episodes_removed\":0"));
    assertFalse(audit2.contains("\"episodes_removed\":3"));
  }

  @Test
  void aFaultMidSwapLeavesTheOldVersionAndARerunCompletes() throws Exception {
    Path out = tmp.resolve("out-fault");
    publish(out, D1, rows(0, 6, KEY), false);
    String victimKey = KEY.userKey(VICTIM);
    String marker = Files.readString(out.resolve(D1 + "/_SUCCESS"));
    for (String point : List.of("erase-staged:", "old-moved-aside", "new-moved-in", "manifest-written")) {
      Publisher.faultHook = p -> {
        if (p.startsWith(point)) {
          throw new IllegalStateException("injected fault at " + p);
        }
      };
      assertThrows(IllegalStateException.class, () -> new EraseJob(spark(), cfg, KEY).run(raw.toString(),
          out.toString()), point);
      Publisher.faultHook = null;
      assertEquals(marker, Files.readString(out.resolve(D1 + "/_SUCCESS")), "old version replaced at " + point);
      DatasetReader.open(spark(), hadoop, out.resolve(D1.toString()).toString()).verifyChecksums();
      assertEquals(3, lineage(out, D1).stream().filter(x -> victimKey.equals(x.getAs("user_key"))).count());
      assertFalse(Files.exists(out.resolve("_trash")) && Files.list(out.resolve("_trash")).findAny().isPresent(),
          "trash left after " + point);
      // the ledger was written first, so every later nightly already excludes the user
      assertTrue(ErasureLedger.load(hadoop, out.toString()).contains(victimKey));
    }

    // a crash with no rollback in the middle of the swap: repaired and completed by the rerun
    Path version = out.resolve(D1.toString());
    Path aside = out.resolve("_trash/" + D1 + "-zzcrash/version");
    Files.createDirectories(aside.getParent());
    Files.move(version, aside);
    Files.createDirectories(version.resolve("train"));
    Files.writeString(version.resolve("train/part-00000.parquet"), "torn");

    EraseResult r = new EraseJob(spark(), cfg, KEY).run(raw.toString(), out.toString());
    assertEquals(3, r.episodesRemoved());
    DatasetReader.open(spark(), hadoop, version.toString()).verifyChecksums();
    assertEquals(0, lineage(out, D1).stream().filter(x -> victimKey.equals(x.getAs("user_key"))).count());
    try (Stream<Path> s = Files.list(out.resolve("_trash"))) {
      assertEquals(0, s.count());
    }
  }

  @Test
  void perVersionPseudonymsAreErasedAndAuditedWithTheRequests() throws Exception {
    Path out = tmp.resolve("out-pervers");
    PseudonymKey vk = KEY.forVersion(D1.toString());
    publish(out, D1, rows(0, 6, vk), true);
    PrivacyAudit audit = new PrivacyAudit(spark(), cfg, () -> KEY);
    assertTrue(audit.run(out.toString(), D1, null).clean(), "empty ledger: nothing to check");

    // the ledger holds master-key pseudonyms only: it cannot be matched against per-version keys
    ErasureLedger.add(hadoop, out.toString(), Set.of(KEY.userKey("u000001")));
    PrivacyAudit.Verdict v = audit.run(out.toString(), D1, null);
    System.out.println(v.lines());
    assertFalse(v.clean());
    assertTrue(v.findings().get("lineage.user_key").containsKey("erasure_check_unverifiable"));
    // with the requests, the victim's per-version pseudonym is found (the CSV has a malformed row as well)
    PrivacyAudit.Verdict withRaw = audit.run(out.toString(), D1, raw.toString());
    assertEquals(3L, withRaw.findings().get("lineage.user_key").get("forbidden_user_key"));
    assertEquals(1L, withRaw.findings().get("erasure.csv").get("malformed_request"));
    // people, not pseudonyms: u000001 (ledger), the victim and u999999 (requests; master and per-version keys each)
    assertTrue(withRaw.line().contains("checked against 3 erased user(s)"), withRaw.line());

    EraseResult r = new EraseJob(spark(), cfg, KEY).run(raw.toString(), out.toString());
    assertEquals(3, r.episodesRemoved());
    assertEquals(0, lineage(out, D1).stream().filter(x -> vk.userKey(VICTIM).equals(x.getAs("user_key"))).count());
    PrivacyAudit.Verdict after = audit.run(out.toString(), D1, raw.toString());
    assertFalse(after.findings().containsKey("lineage.user_key"), after.line());
  }

  @Test
  void privacyAuditCommandExitsOneOnAnErasedUsersEpisodeAndEraseCommandFixesIt() throws Exception {
    Path out = tmp.resolve("out-cli");
    publish(out, D1, rows(0, 6, KEY), false);
    String[] auditArgs = {"privacy-audit", "--out", out.toString(), "--date", D1.toString()};
    Captured clean = run(auditArgs);
    assertEquals(0, clean.code, clean.out);
    assertTrue(clean.out.startsWith("CLEAN " + D1), clean.out);

    // the request reaches the ledger, but the version still holds the user's episodes
    ErasureLedger.add(hadoop, out.toString(), Set.of(KEY.userKey(VICTIM)));
    Captured dirty = run(auditArgs);
    assertEquals(1, dirty.code, dirty.out);
    assertTrue(dirty.out.startsWith("FAIL " + D1) && dirty.out.contains("forbidden_user_key"), dirty.out);
    assertTrue(dirty.out.contains("lineage.user_key\tforbidden_user_key\t3"), dirty.out);
    assertFalse(dirty.out.contains(KEY.userKey(VICTIM)) || dirty.out.contains(VICTIM), "a value in the findings");

    // erase through the command line: exit 2 because one CSV row is malformed, but the erasure is done
    Captured erase = run("erase", "--raw", raw.toString(), "--out", out.toString(), "-D",
        "privacy.key-file=" + keyFile);
    assertEquals(2, erase.code, erase.out + erase.err);
    assertTrue(erase.err.contains("1 malformed erasure row"), erase.err);
    Captured fixed = run(auditArgs);
    assertEquals(0, fixed.code, fixed.out);
  }

  record Captured(int code, String out, String err) {}

  static Captured run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = Main.execute(args);
      return new Captured(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
