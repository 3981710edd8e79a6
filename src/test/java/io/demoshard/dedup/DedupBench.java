package io.demoshard.dedup;

import io.demoshard.config.DemoshardConfig;
import io.demoshard.model.Schemas;
import io.demoshard.spark.HadoopConf;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.feature.MinHashLSH;
import org.apache.spark.ml.feature.MinHashLSHModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.storage.StorageLevel;

import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.udf;

/**
 * Benchmark (scripts/bench-dedup): synthetic EPISODE rows with planted near-duplicate clusters,
 * EpisodeDedup against a Spark MLlib MinHashLSH.approxSimilarityJoin baseline at the same
 * Jaccard threshold; both feed the same verification-free component/keep step.
 *
 * <p>Truth: ids {@code >= uniques} form clusters of 5 (member 0 the original; 1: re-timed, same
 * actions; 2: last step dropped; 3: first step changed; 4: one step appended and pointer jitter
 * inside the position bucket; in every 6th cluster member 1 is an exact re-upload instead).
 * Every planted variant has Jaccard >= 0.8 with its original by construction. Ids below
 * {@code uniques} are genuinely different: random workflows over 20 apps whose clicks
 * concentrate on 60 popular spots each, 30% opening with one of 200 common 3-step openings,
 * and hard negatives: ids ending in 1, 2, 3 share the first 50% / 70% / 85% of the steps of
 * the id ending in 0 (Jaccard ~0.33 / ~0.54 / ~0.74 with it, all below the threshold). A
 * third of the steps are followed by a timer frame of the unchanged screen (same pHash), which
 * keyframe selection collapses. A correct run removes 4 per cluster and no unique.
 */
public final class DedupBench {
  static final int W = 1280;
  static final int H = 800;

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int uniques = (int) (n * 0.7);
    int clusters = (n - uniques) / 5;
    n = uniques + clusters * 5;
    SparkSession spark = SparkSession.builder().master("local[2]").appName("dedup-bench")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8")
        .config("spark.driver.host", "127.0.0.1").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    DemoshardConfig.DedupConfig cfg = DemoshardConfig.defaults().dedup();
    final int u = uniques;

    long t0 = System.nanoTime();
    Dataset<Row> eps = spark.range(0, n, 1, 8).mapPartitions((MapPartitionsFunction<Long, Row>) it -> {
      List<Row> out = new ArrayList<>();
      while (it.hasNext()) {
        out.add(generate(it.next(), u));
      }
      return out.iterator();
    }, Encoders.row(Schemas.EPISODE)).persist(StorageLevel.MEMORY_AND_DISK());
    long rows = eps.count();
    long steps = eps.agg(org.apache.spark.sql.functions.sum("num_steps")).first().getLong(0);
    System.out.printf("generated %d episodes (%d unique, %d clusters x5), %d steps in %.1f s%n",
        rows, uniques, clusters, steps, secs(t0));

    // --- ours: the full EpisodeDedup (keyframes, exact, near; no earlier nights) ---
    String outRoot = Files.createTempDirectory("bench-dedup").toString();
    long t1 = System.nanoTime();
    EpisodeDedup.Result r = new EpisodeDedup(spark, cfg, new HadoopConf(spark.sparkContext().hadoopConfiguration()))
        .apply(eps, outRoot, LocalDate.of(2025, 1, 1));
    List<Long> keptOurs = r.episodes().select("episode_id").as(Encoders.STRING()).collectAsList().stream()
        .map(s -> Long.parseLong(s.substring(3))).toList();
    double tOurs = secs(t1);
    System.out.println("ours counts: " + r.counts());
    report("EpisodeDedup (banding b=" + cfg.bands() + " r=" + cfg.rows() + ")", n, tOurs,
        r.counts().get("dedup_diag.near_candidate_pairs"), keptOurs, uniques, clusters);

    // --- shared input for the near-only comparison: tokens -> shingles ---
    Dataset<Row> sh = eps.select(col("episode_id").as("id"), col("num_steps"),
            NearDedup.shinglesUdf(cfg.shingleSize()).apply(NearDedup.tokens(cfg.positionBuckets())).as("sh"))
        .persist(StorageLevel.MEMORY_AND_DISK());
    sh.count();

    // ours, near stage only
    long t2 = System.nanoTime();
    Dataset<Row> bands = sh.select(col("id"), NearDedup.bandsUdf(cfg.bands(), cfg.rows()).apply(col("sh")).as("bands"));
    Dataset<Row> cand = NearDedup.candidatePairs(NearDedup.explodeBands(bands, "id", "bands"), cfg.bucketWindow())
        .persist();
    long candOurs = cand.count();
    Dataset<Row> edgesOurs = verified(cand, sh, cfg.jaccardThreshold());
    List<Long> keptNearOurs = keep(sh, edgesOurs, cfg.maxPerCluster());
    double tNearOurs = secs(t2);
    report("ours, near stage only", n, tNearOurs, candOurs, keptNearOurs, uniques, clusters);
    // what made genuinely different episodes go: their verified edges with the exact Jaccard
    Dataset<Row> fpEdges = edgesOurs.where(col("a").lt(String.format("ep-%07d", uniques)))
        .join(sh.select(col("id").as("a"), col("sh").as("sa")), "a")
        .join(sh.select(col("id").as("b"), col("sh").as("sb")), "b")
        .select(col("a"), col("b"), NearDedup.jaccardUdf().apply(col("sa"), col("sb")).as("jaccard"),
            org.apache.spark.sql.functions.size(col("sa")).as("na"), org.apache.spark.sql.functions.size(col("sb")).as("nb"))
        .orderBy("a", "b");
    System.out.println("verified pairs touching genuinely different episodes (a < first cluster id):");
    fpEdges.limit(20).collectAsList().forEach(x -> System.out.println("  " + x));

    // baseline: MLlib MinHashLSH, numHashTables chosen for the same P(candidate | 0.8)
    int tables = 5; // 1-(1-0.8)^5 = 0.99968 vs ours 1-(1-0.8^5)^20 = 0.99964
    long t3 = System.nanoTime();
    Dataset<Row> vec = sh.select(col("id"), col("num_steps"), udf((UDF1<scala.collection.Seq<Object>, Object>) s -> {
      long[] a = NearDedup.toLongs(s);
      int[] idx = Arrays.stream(a).mapToInt(x -> (int) Math.floorMod(x, 1L << 24)).sorted().distinct().toArray();
      double[] ones = new double[idx.length];
      Arrays.fill(ones, 1.0);
      return Vectors.sparse(1 << 24, idx, ones);
    }, SQLDataTypes.VectorType()).apply(col("sh")).as("features"));
    MinHashLSHModel model = new MinHashLSH().setNumHashTables(tables).setSeed(42).setInputCol("features")
        .setOutputCol("hashes").fit(vec);
    Dataset<Row> joined = model.approxSimilarityJoin(vec, vec, 1.0 - cfg.jaccardThreshold() + 1e-9, "dist")
        .select(col("datasetA.id").as("a"), col("datasetB.id").as("b"))
        .where(col("a").lt(col("b")))
        .persist();
    long pairsBase = joined.count();
    List<Long> keptBase = keep(sh, joined, cfg.maxPerCluster());
    double tBase = secs(t3);
    // candidates of the baseline (outside the timing): pairs sharing any hash table value
    Dataset<Row> h = model.transform(vec).select(col("id"), posexplode(col("hashes")).as(new String[] {"t", "v"}))
        .select(col("id"), col("t"), col("v").cast("string").as("v"));
    long candBase = h.as("x").join(h.as("y"), col("x.t").equalTo(col("y.t")).and(col("x.v").equalTo(col("y.v")))
        .and(col("x.id").lt(col("y.id")))).select("x.id", "y.id").distinct().count();
    report("MLlib MinHashLSH.approxSimilarityJoin (" + tables + " tables), near stage only", n, tBase, candBase,
        keptBase, uniques, clusters);
    System.out.println("baseline verified pairs (Jaccard distance <= 1 - threshold): " + pairsBase
        + "; ours verified: " + edgesOurs.count());
    spark.stop();
  }

  static Dataset<Row> verified(Dataset<Row> pairs, Dataset<Row> sh, double threshold) {
    Dataset<Row> sa = sh.select(col("id").as("a"), col("sh").as("sa"));
    Dataset<Row> sb = sh.select(col("id").as("b"), col("sh").as("sb"));
    return pairs.join(sa, "a").join(sb, "b").where(NearDedup.jaccardUdf().apply(col("sa"), col("sb")).geq(threshold))
        .select("a", "b").localCheckpoint();
  }

  static List<Long> keep(Dataset<Row> sh, Dataset<Row> edges, int maxPerCluster) {
    Dataset<Row> drop = NearDedup.clusterDrops(edges, sh.select("id", "num_steps"), maxPerCluster, 200);
    return sh.join(drop, sh.col("id").equalTo(drop.col("id")), "left_anti").select("id").as(Encoders.STRING())
        .collectAsList().stream().map(s -> Long.parseLong(s.substring(3))).toList();
  }

  static void report(String name, int n, double secs, long candidates, List<Long> kept, int uniques, int clusters) {
    boolean[] k = new boolean[n];
    kept.forEach(i -> k[(int) (long) i] = true);
    long uniqueRemoved = 0;
    for (int i = 0; i < uniques; i++) {
      uniqueRemoved += k[i] ? 0 : 1;
    }
    long tp = 0;
    long fpCluster = 0;
    long missed = 0;
    for (int c = 0; c < clusters; c++) {
      int keptIn = 0;
      for (int m = 0; m < 5; m++) {
        keptIn += k[uniques + c * 5 + m] ? 1 : 0;
      }
      if (keptIn == 0) {
        tp += 4;
        fpCluster += 1;
      } else {
        tp += 5 - keptIn;
        missed += keptIn - 1;
      }
    }
    long removed = n - kept.size();
    List<Integer> fpIds = new ArrayList<>();
    for (int i = 0; i < uniques && fpIds.size() < 10; i++) {
      if (!k[i]) {
        fpIds.add(i);
      }
    }
    long fp = uniqueRemoved + fpCluster;
    System.out.printf("%-70s time %6.1f s  %8.0f episodes/s  candidates %9d  removed %6d  precision %.6f"
            + "  recall %.6f  FP rate on different %.6f (%d)%n",
        name, secs, n / secs, candidates, removed, removed == 0 ? 1.0 : tp / (double) (tp + fp),
        tp / (double) (tp + missed), fp / (double) (uniques + clusters), fp);
    if (!fpIds.isEmpty()) {
      System.out.println("  genuinely different episodes removed (first 10 ids): " + fpIds);
    }
  }

  static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  // ---------------------------------------------------------------- generator

  static final String[] HOTKEYS = {"ctrl+c", "ctrl+v", "ctrl+s", "ctrl+z", "ctrl+f", "ctrl+t", "alt+tab", "ctrl+w"};
  static final String[] KEYS = {"Enter", "Tab", "Escape", "Backspace", "ArrowDown"};

  /** A random workflow of {@code len} step descriptors (kind, bx, by, word) from seed. */
  static List<int[]> workflow(long seed, int len) {
    Random r = new Random(seed);
    List<int[]> out = new ArrayList<>();
    int app = r.nextInt(20);
    if (r.nextInt(10) < 3) { // a common opening: one of 200, three steps
      Random o = new Random(1_000_000L + r.nextInt(200));
      for (int i = 0; i < 3; i++) {
        out.add(new int[] {0, o.nextInt(40), o.nextInt(25), 0});
      }
    }
    while (out.size() < len) {
      int kind = r.nextInt(10);
      // clicks concentrate on 60 popular spots of the app, the rest anywhere
      int spot = r.nextInt(3) == 0 ? r.nextInt(1000) : app * 60 + r.nextInt(60);
      Random sp = new Random(spot * 7919L);
      out.add(new int[] {kind < 6 ? 0 : kind < 8 ? 1 : kind < 9 ? 2 : 3, sp.nextInt(40), sp.nextInt(25),
          r.nextInt(5000)});
    }
    return out;
  }

  static Row generate(long id, int uniques) {
    Random r = new Random(id * 31 + 7);
    List<int[]> wf;
    int variant = -1;
    long baseSeed;
    if (id < uniques) {
      int len = 15 + r.nextInt(36);
      wf = workflow(id, len);
      int hard = (int) (id % 10);
      if (hard >= 1 && hard <= 3 && id > 0) { // hard negatives: share a prefix with the predecessor
        long prevId = id - hard; // the plain workflow at id % 10 == 0
        List<int[]> prev = workflow(prevId, 15 + new Random(prevId * 31 + 7).nextInt(36));
        double share = hard == 1 ? 0.5 : hard == 2 ? 0.7 : 0.85;
        int keep = (int) Math.round(prev.size() * share);
        List<int[]> mix = new ArrayList<>(prev.subList(0, keep));
        List<int[]> tail = workflow(id * 1_000_003L, prev.size());
        mix.addAll(tail.subList(keep, prev.size()));
        wf = mix;
      }
      baseSeed = id;
    } else {
      long c = (id - uniques) / 5;
      variant = (int) ((id - uniques) % 5);
      baseSeed = -1 - c;
      int len = 15 + new Random(baseSeed).nextInt(36);
      wf = new ArrayList<>(workflow(baseSeed * 13, len));
      if (variant == 2) {
        wf.remove(wf.size() - 1);
      } else if (variant == 3) {
        wf.set(0, new int[] {1, 0, 0, 5000 + (int) c});
      } else if (variant == 4) {
        wf.add(new int[] {3, 0, 0, 1});
      }
    }
    boolean exactCopy = variant == 1 && ((id - uniques) / 5) % 6 == 0;
    boolean retime = variant >= 1 && !exactCopy;
    Random tr = new Random(exactCopy || variant == 0 ? baseSeed : id);
    Random jr = new Random(id ^ 0x5555);
    String prefix = "ep-" + String.format("%07d", id);
    List<Row> steps = new ArrayList<>();
    List<Row> frames = new ArrayList<>();
    long t = 0;
    for (int i = 0; i < wf.size(); i++) {
      int[] s = wf.get(i);
      t += 300 + tr.nextInt(3000) + (retime ? jr.nextInt(200) : 0);
      long fph = new Random(baseSeed * 1000 + i).nextLong();
      String ch = (exactCopy || variant == 0 ? "b" + baseSeed : "v" + id) + "-" + i;
      int obs = frames.size();
      frames.add(new GenericRowWithSchema(new Object[] {obs, t - 50, prefix + "-f" + i, "x", W, H, "png", fph, ch, 1000L},
          Schemas.EPISODE_FRAME));
      if (tr.nextInt(3) == 0) { // a timer frame of the unchanged screen: keyframes collapse it
        frames.add(new GenericRowWithSchema(new Object[] {frames.size(), t + 100, prefix + "-t" + i, "x", W, H, "png", fph,
            ch + "-t", 1000L}, Schemas.EPISODE_FRAME));
      }
      int jitter = variant == 4 ? jr.nextInt(31) - 15 : 0;
      int x = s[1] * 32 + 16 + jitter; // stays inside its 32 px bucket
      int y = s[2] * 20 + 10 + jitter / 2;
      Object[] v = switch (s[0]) {
        case 0 -> new Object[] {i, t, "click", x, y, null, null, x / (double) W, y / (double) H, null, null, "left",
            null, null, null, null, null, obs};
        case 1 -> new Object[] {i, t, "type", null, null, null, null, null, null, null, null, null, null, null,
            "word" + s[3], null, null, obs};
        case 2 -> new Object[] {i, t, "hotkey", null, null, null, null, null, null, null, null, null, null, null,
            null, seq(List.of(HOTKEYS[s[3] % HOTKEYS.length].split("\\+"))), null, obs};
        default -> new Object[] {i, t, "key", null, null, null, null, null, null, null, null, null, null, null,
            null, seq(List.of(KEYS[s[3] % KEYS.length])), 1, obs};
      };
      steps.add(new GenericRowWithSchema(v, Schemas.STEP));
    }
    List<String> ev = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      ev.add(prefix + "-e" + i);
    }
    return new GenericRowWithSchema(new Object[] {prefix, "user" + (id % 500), "sess" + id, 1_700_000_000_000L,
        1_700_000_000_000L + t, "App", seq(List.of("App")), null, "linux", W, H, t, steps.size(), frames.size(),
        seq(steps), seq(frames), (long) steps.size() * 3, seq(ev)}, Schemas.EPISODE);
  }

  static <T> scala.collection.immutable.Seq<T> seq(List<T> l) {
    return scala.jdk.javaapi.CollectionConverters.asScala(l).toList();
  }

  private DedupBench() {}
}
