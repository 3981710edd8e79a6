package io.demoshard.dedup;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.udf;

/**
 * The building blocks of near-duplicate detection: action tokens, shingles, band hashes,
 * candidate pairs from equal band hashes (with a bounded window per bucket), verification by
 * exact Jaccard, and connected components by min-label propagation. {@link EpisodeDedup}
 * puts them together; the benchmark reuses them.
 */
public final class NearDedup {
  private NearDedup() {}

  public static final org.apache.spark.sql.types.ArrayType LONGS = DataTypes.createArrayType(DataTypes.LongType, false);

  /** Version of the token definition below; part of the persisted shingle fingerprint. */
  static final int TOKEN_VERSION = 1;

  /** Fingerprint of everything the shingle ids depend on (persisted beside them). */
  public static String shingleParams(int shingleSize, int positionBuckets) {
    return "tok=" + TOKEN_VERSION + ";k=" + shingleSize + ";grid=" + positionBuckets;
  }

  /**
   * One token per step: action, button, quantised normalised positions (start and end),
   * scroll direction (signs of dx, dy: sums vary with speed), text, keys, count capped at 5.
   * Absolute time is left out: a slower repetition of the same actions is the same demo.
   */
  public static Column tokens(int positionBuckets) {
    String q = String.valueOf(positionBuckets);
    String pos = "coalesce(cast(floor(least(coalesce(s.%1$s, s.%2$s / nullif(%3$s, 0)), 0.9999) * " + q
        + ") as string), '')";
    return expr("transform(steps, s -> concat_ws('|', s.action, coalesce(s.button, ''), "
        + String.format(pos, "nx", "x", "screen_w") + ", " + String.format(pos, "ny", "y", "screen_h") + ", "
        + String.format(pos, "nx2", "x2", "screen_w") + ", " + String.format(pos, "ny2", "y2", "screen_h") + ", "
        + "coalesce(cast(signum(s.dx) as string), ''), coalesce(cast(signum(s.dy) as string), ''), "
        + "coalesce(s.text, ''), coalesce(array_join(s.keys, '+'), ''), "
        + "coalesce(cast(least(s.count, 5) as string), '')))");
  }

  /** Sorted distinct shingle ids of a token array. */
  public static UserDefinedFunction shinglesUdf(int k) {
    return udf((UDF1<scala.collection.Seq<String>, long[]>) toks -> {
      List<String> list = new ArrayList<>(toks == null ? 0 : toks.size());
      if (toks != null) {
        toks.foreach(t -> list.add(t == null ? "" : t));
      }
      return MinHash.shingles(list, k);
    }, LONGS);
  }

  /** Band hashes of a shingle id array. */
  public static UserDefinedFunction bandsUdf(int bands, int rows) {
    MinHash mh = new MinHash(bands, rows);
    return udf((UDF1<scala.collection.Seq<Object>, long[]>) sh -> mh.bandHashes(toLongs(sh)), LONGS);
  }

  /** Exact Jaccard of two shingle id arrays (built-ins would do too; this is one pass). */
  public static UserDefinedFunction jaccardUdf() {
    return udf((UDF2<scala.collection.Seq<Object>, scala.collection.Seq<Object>, Double>)
        (a, b) -> MinHash.jaccard(toLongs(a), toLongs(b)), DataTypes.DoubleType);
  }

  static long[] toLongs(scala.collection.Seq<Object> s) {
    if (s == null) {
      return new long[0];
    }
    long[] out = new long[s.size()];
    int i = 0;
    scala.collection.Iterator<Object> it = s.iterator();
    while (it.hasNext()) {
      out[i++] = (Long) it.next();
    }
    return out;
  }

  /** (id, band, bhash) rows from an (id, bands) frame. */
  public static Dataset<Row> explodeBands(Dataset<Row> idBands, String idCol, String bandsCol) {
    return idBands.select(col(idCol).as("id"), posexplode(col(bandsCol)).as(new String[] {"band", "bhash"}));
  }

  /**
   * Candidate pairs (a < b) of episodes sharing a band hash. Inside a (band, bhash) bucket the
   * members are ordered by id and each is paired with at most {@code window} following ones:
   * a bucket of n members yields min(n(n-1)/2, n*window) pairs, so one skewed bucket (e.g. a
   * very common short workflow) costs linear, not quadratic, work. The join key includes a
   * block number (rank / window), so no join key ever holds more than 2*window rows either.
   * Pairs beyond the window are found through other bands or transitively (components).
   */
  public static Dataset<Row> candidatePairs(Dataset<Row> idBandHash, int window) {
    Dataset<Row> ranked = idBandHash
        .withColumn("rn", row_number().over(Window.partitionBy("band", "bhash").orderBy(col("id"))))
        .withColumn("blk", expr("floor((rn - 1) / " + window + ")"));
    Dataset<Row> left = ranked.select(col("id").as("a"), col("band"), col("bhash"), col("rn").as("rn_a"),
        explode(array(col("blk"), col("blk").plus(1))).as("blk"));
    Dataset<Row> right = ranked.select(col("id").as("b"), col("band"), col("bhash"), col("rn").as("rn_b"), col("blk"));
    return left.join(right, scala.jdk.javaapi.CollectionConverters.asScala(List.of("band", "bhash", "blk")).toSeq())
        .where(col("rn_b").gt(col("rn_a")).and(col("rn_b").leq(col("rn_a").plus(window))))
        .select("a", "b")
        .distinct();
  }

  /**
   * Connected components of an undirected edge list (a, b): returns (id, label) with label =
   * the smallest id of the component, for every vertex of an edge. Min-label propagation
   * with pointer jumping (label := label of label), iterated until no label changes;
   * each round is a few joins on the (small) set of verified pairs, checkpointed locally so
   * lineage stays short.
   */
  public static Dataset<Row> components(Dataset<Row> edges, int maxRounds) {
    Dataset<Row> e = edges.select(col("a").as("src"), col("b").as("dst"))
        .union(edges.select(col("b").as("src"), col("a").as("dst")))
        .distinct()
        .localCheckpoint();
    Dataset<Row> labels = e.groupBy("src").agg(least(min("dst"), min("src")).as("label"))
        .withColumnRenamed("src", "id")
        .localCheckpoint();
    for (int round = 0; round < maxRounds; round++) {
      Dataset<Row> viaNeighbours = e.join(labels, e.col("dst").equalTo(labels.col("id")))
          .groupBy(e.col("src").as("id")).agg(min(labels.col("label")).as("nl"));
      Dataset<Row> step = labels.join(viaNeighbours, "id")
          .select(col("id"), least(col("label"), col("nl")).as("label"));
      Dataset<Row> l2 = labels.select(col("id").as("lid"), col("label").as("ll"));
      Dataset<Row> jumped = step.join(l2, step.col("label").equalTo(l2.col("lid")), "left")
          .select(col("id"), least(col("label"), expr("coalesce(ll, label)")).as("label"))
          .localCheckpoint();
      long changed = jumped.join(labels.withColumnRenamed("label", "old"), "id")
          .where(col("label").notEqual(col("old"))).count();
      labels = jumped;
      if (changed == 0) {
        return labels;
      }
    }
    throw new IllegalStateException("connected components did not converge in " + maxRounds + " rounds");
  }

  /**
   * Ids to drop: per connected component of {@code edges}, all but the {@code maxPerCluster}
   * members with most steps, then smallest id. {@code members}: (id, num_steps).
   */
  public static Dataset<Row> clusterDrops(Dataset<Row> edges, Dataset<Row> members, int maxPerCluster,
                                          int maxRounds) {
    Dataset<Row> labels = components(edges, maxRounds);
    return labels.join(members, "id")
        .withColumn("_r", row_number().over(Window.partitionBy("label")
            .orderBy(col("num_steps").desc(), col("id").asc())))
        .where(col("_r").gt(maxPerCluster))
        .select("id");
  }
}
