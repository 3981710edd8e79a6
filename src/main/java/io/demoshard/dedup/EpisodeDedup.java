package io.demoshard.dedup;

import io.demoshard.config.DemoshardConfig;
import io.demoshard.model.Counts;
import io.demoshard.model.Schemas;
import io.demoshard.spark.HadoopConf;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;

import java.time.LocalDate;
import java.util.Arrays;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Deduplication of one night's episodes, in this order:
 *
 * <ol>
 *   <li><b>keyframes</b> ({@link Keyframes}): static non-observation frames collapse inside
 *       each episode ({@code dedup.frames_collapsed}, counted over every input episode);</li>
 *   <li><b>exact</b> ({@link ExactEpisodeDedup#signature}): one episode per content signature,
 *       the smallest episode_id ({@code dedup.exact});</li>
 *   <li><b>across nights</b> ({@link DedupState}): episodes whose signature, or whose shingle
 *       set at Jaccard >= threshold, matches an episode of an earlier committed night are
 *       dropped ({@code dedup.across_nights});</li>
 *   <li><b>near</b> ({@link NearDedup}): MinHash banding, candidate pairs, exact Jaccard
 *       verification, connected components; per component the {@code maxPerCluster} episodes
 *       with most steps, then smallest episode_id, are kept ({@code dedup.near}).</li>
 * </ol>
 *
 * {@code episodes.deduplicated} = exact + across_nights + near. The result is deterministic
 * (no randomness, every choice ordered by episode_id) and independent of partitioning.
 * See docs/DEDUP.md.
 */
public final class EpisodeDedup {
  public record Result(Dataset<Row> episodes /* Schemas.EPISODE */, Dataset<Row> state /* DedupState.SCHEMA */,
                       Counts counts) {}

  static final int MAX_COMPONENT_ROUNDS = 200;

  private final SparkSession spark;
  private final DemoshardConfig.DedupConfig cfg;
  private final HadoopConf hadoop;

  public EpisodeDedup(SparkSession spark, DemoshardConfig.DedupConfig cfg, HadoopConf hadoop) {
    this.spark = spark;
    this.cfg = cfg;
    this.hadoop = hadoop;
  }

  /** episodes: Schemas.EPISODE of this night; outRoot: the output root, whose OUT/_state/dedup/ holds earlier nights. */
  public Result apply(Dataset<Row> episodes, String outRoot, LocalDate date) {
    Counts counts = new Counts();
    String shParams = NearDedup.shingleParams(cfg.shingleSize(), cfg.positionBuckets());
    MinHash mh = new MinHash(cfg.bands(), cfg.rows());
    UserDefinedFunction bandsUdf = NearDedup.bandsUdf(cfg.bands(), cfg.rows());

    // 1. signature on the episode as it arrives; keyframes; tokens, shingles, bands.
    Dataset<Row> withSig = episodes
        .withColumn("_sig", ExactEpisodeDedup.signature())
        .withColumn("_f0", size(col("frames")));
    Dataset<Row> enriched = Keyframes.apply(withSig, cfg.frameHamming())
        .withColumn("_sh", NearDedup.shinglesUdf(cfg.shingleSize()).apply(NearDedup.tokens(cfg.positionBuckets())))
        .withColumn("_bands", bandsUdf.apply(col("_sh")))
        .persist(StorageLevel.MEMORY_AND_DISK());
    Row agg = enriched.agg(org.apache.spark.sql.functions.count(lit(1)), sum(col("_f0").minus(col("num_frames"))))
        .first();
    long n0 = agg.getLong(0);
    counts.add("dedup.frames_collapsed", agg.isNullAt(1) ? 0 : agg.getLong(1));

    // 2. exact duplicates inside the night.
    Dataset<Row> e1 = ExactEpisodeDedup.keepFirst(enriched, "_sig").persist(StorageLevel.MEMORY_AND_DISK());
    long n1 = e1.count();
    enriched.unpersist();
    counts.add("dedup.exact", n0 - n1);

    // 3. against earlier committed nights.
    Dataset<Row> e2 = e1;
    long n2 = n1;
    if (!DedupState.committedNights(hadoop.get(), outRoot, date).isEmpty()) {
      Dataset<Row> state = DedupState.load(spark, hadoop.get(), outRoot, date)
          .withColumn("bands", when(col("band_params").equalTo(mh.params()), col("bands"))
              .otherwise(bandsUdf.apply(col("shingles"))))
          .persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> exactHits = e1.join(state.select(col("exact_sig").as("_sig")).distinct(), "_sig")
          .select("episode_id");
      Dataset<Row> nearHits = nearAgainstState(e1, state.where(col("shingle_params").equalTo(shParams)));
      Dataset<Row> dropped = exactHits.union(nearHits).distinct().select(col("episode_id").as("_drop_id"));
      e2 = e1.join(dropped, e1.col("episode_id").equalTo(dropped.col("_drop_id")), "left_anti")
          .persist(StorageLevel.MEMORY_AND_DISK());
      n2 = e2.count();
      state.unpersist();
      e1.unpersist();
    }
    counts.add("dedup.across_nights", n1 - n2);

    // 4. near duplicates inside the night.
    Dataset<Row> bandRows = NearDedup.explodeBands(e2, "episode_id", "_bands");
    Dataset<Row> candidates = NearDedup.candidatePairs(bandRows, cfg.bucketWindow()).persist();
    long numCandidates = candidates.count();
    Dataset<Row> edges = verify(candidates, e2).localCheckpoint();
    long numEdges = edges.count();
    candidates.unpersist();
    counts.add("dedup_diag.near_candidate_pairs", numCandidates);
    counts.add("dedup_diag.near_verified_pairs", numEdges);
    Dataset<Row> e3 = e2;
    long n3 = n2;
    if (numEdges > 0) {
      Dataset<Row> drop = NearDedup.clusterDrops(edges,
          e2.select(col("episode_id").as("id"), col("num_steps")), cfg.maxPerCluster(), MAX_COMPONENT_ROUNDS);
      e3 = e2.join(drop, e2.col("episode_id").equalTo(drop.col("id")), "left_anti")
          .persist(StorageLevel.MEMORY_AND_DISK());
      n3 = e3.count();
      e2.unpersist();
    }
    counts.add("dedup.near", n2 - n3);
    counts.add("episodes.deduplicated", n0 - n3);

    Column[] episodeCols = Arrays.stream(Schemas.EPISODE.fieldNames()).map(c -> col(c)).toArray(Column[]::new);
    Dataset<Row> stateOut = e3.select(col("episode_id"), col("user_key"), col("num_steps"),
        col("_sig").as("exact_sig"), coalesce(col("_sh"), lit(new long[0])).as("shingles"),
        lit(shParams).as("shingle_params"), coalesce(col("_bands"), lit(new long[0])).as("bands"),
        lit(mh.params()).as("band_params"));
    return new Result(e3.select(episodeCols), stateOut, counts);
  }

  /** Verified pairs (a, b) among candidate pairs: exact Jaccard of shingle sets >= threshold. */
  private Dataset<Row> verify(Dataset<Row> pairs, Dataset<Row> eps) {
    Dataset<Row> sa = eps.select(col("episode_id").as("a"), col("_sh").as("sa"));
    Dataset<Row> sb = eps.select(col("episode_id").as("b"), col("_sh").as("sb"));
    return pairs.join(sa, "a").join(sb, "b")
        .where(NearDedup.jaccardUdf().apply(col("sa"), col("sb")).geq(cfg.jaccardThreshold()))
        .select("a", "b");
  }

  /**
   * This night's episode ids whose shingle set reaches the threshold against any state row
   * sharing a band hash. Per (band, hash) bucket of the state only the first
   * {@code bucketWindow} rows by episode_id are candidates (skew cap).
   */
  private Dataset<Row> nearAgainstState(Dataset<Row> tonight, Dataset<Row> state) {
    Dataset<Row> mine = NearDedup.explodeBands(tonight, "episode_id", "_bands");
    Dataset<Row> theirs = NearDedup.explodeBands(state, "episode_id", "bands")
        .withColumn("_r", row_number().over(Window.partitionBy("band", "bhash").orderBy(col("id"))))
        .where(col("_r").leq(cfg.bucketWindow()))
        .select(col("id").as("sid"), col("band"), col("bhash"));
    Dataset<Row> pairs = mine.join(theirs, scala.jdk.javaapi.CollectionConverters.asScala(
            java.util.List.of("band", "bhash")).toSeq())
        .select(col("id"), col("sid")).distinct();
    return pairs
        .join(tonight.select(col("episode_id").as("id"), col("_sh").as("sa")), "id")
        .join(state.select(col("episode_id").as("sid"), col("shingles").as("sb")), "sid")
        .where(NearDedup.jaccardUdf().apply(col("sa"), col("sb")).geq(cfg.jaccardThreshold()))
        .select(col("id").as("episode_id"))
        .distinct();
  }
}
