package io.demoshard.dedup;

import io.demoshard.SparkTestBase;
import io.demoshard.model.Schemas;
import io.demoshard.spark.HadoopConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.demoshard.dedup.Fixtures.click;
import static io.demoshard.dedup.Fixtures.episode;
import static io.demoshard.dedup.Fixtures.frame;
import static io.demoshard.dedup.Fixtures.scripted;
import static io.demoshard.dedup.Fixtures.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Within one night: keyframe counts, exact and near duplicates. */
class EpisodeDedupTest extends SparkTestBase {
  @TempDir Path tmp;
  static final LocalDate NIGHT = LocalDate.of(2025, 3, 4);

  private EpisodeDedup dedup(int hamming, int maxPerCluster) {
    return new EpisodeDedup(spark(), Fixtures.cfg(hamming, maxPerCluster),
        new HadoopConf(spark().sparkContext().hadoopConfiguration()));
  }

  /** Same content as {@code e} (steps and frame bytes), other ids. */
  private static Row reupload(Row e, String id, String session) {
    List<Row> frames = new ArrayList<>();
    for (Row f : Fixtures.frames(e)) {
      frames.add(frame(f.getInt(0), f.getLong(1), f.getLong(7), f.getString(8)));
    }
    return episode(id, e.getString(1), session, Fixtures.steps(e), frames);
  }

  @Test
  void reuploadRemovedKeepingSmallestId() {
    Row a = scripted("ep-m", "u1", "s1", 1, 12, "A");
    Row again = reupload(a, "ep-c", "s1-crash-reupload");
    Row third = reupload(a, "ep-x", "s1-third");
    // one typed character differs: genuinely different content, kept
    List<Row> steps = Fixtures.steps(a);
    steps.set(2, type(2, steps.get(2).getLong(1), steps.get(2).getString(14) + "!", 2));
    Row other = episode("ep-a", "u1", "s2", steps, Fixtures.frames(a));
    for (List<Row> order : List.of(List.of(a, again, third, other), List.of(other, third, again, a))) {
      EpisodeDedup.Result r = dedup(0, 1).apply(Fixtures.df(spark(), order).repartition(3),
          tmp.toString(), NIGHT);
      assertEquals(List.of("ep-a", "ep-c"), Fixtures.ids(r.episodes()));
      assertEquals(2, r.counts().get("dedup.exact"));
      assertEquals(0, r.counts().get("dedup.near"));
      assertEquals(2, r.counts().get("episodes.deduplicated"));
    }
  }

  @Test
  void frameCollapseCountedAndSchemaKept() {
    List<Row> frames = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      frames.add(frame(i, i * 3000L, 42L, "k" + i));
    }
    Row e = episode("ep-k", "u1", "s1", List.of(click(0, 0, 1, 1, 0), click(1, 1, 2, 2, 0),
        click(2, 15_000, 3, 3, 5)), frames);
    EpisodeDedup.Result r = dedup(0, 1).apply(Fixtures.df(spark(), List.of(e)), tmp.toString(), NIGHT);
    assertEquals(4, r.counts().get("dedup.frames_collapsed"));
    Row out = r.episodes().first();
    assertEquals(2, out.getInt(out.fieldIndex("num_frames")));
    assertTrue(org.apache.spark.sql.types.DataType.equalsIgnoreNullability(Schemas.EPISODE, r.episodes().schema()));
    assertEquals(List.of(DedupState.SCHEMA.fieldNames()), List.of(r.state().schema().fieldNames()));
  }

  /** Base of 30 steps plus 4 variants: last step edited (J = 27/29) or one step appended (J = 28/29). */
  static List<Row> cluster(String prefix, int seed) {
    Row base = scripted(prefix + "-0", "u1", prefix + "s0", seed, 30, prefix + "f0");
    List<Row> out = new ArrayList<>(List.of(base));
    for (int v = 1; v <= 3; v++) {
      List<Row> steps = Fixtures.steps(base);
      steps.set(29, type(29, 29_010, "variant" + v, 29));
      out.add(Fixtures.withSteps(base, prefix + "-" + v, "u" + v, prefix + "s" + v, steps, prefix + "f" + v));
    }
    List<Row> longer = Fixtures.steps(base);
    longer.add(click(30, 30_010, 600, 400, 30));
    out.add(Fixtures.withSteps(base, prefix + "-4", "u4", prefix + "s4", longer, prefix + "f4"));
    return out;
  }

  @Test
  void nearDuplicateClusterKeepsMaxPerClusterAndDifferentOnesAllKept() {
    List<Row> rows = new ArrayList<>(cluster("n", 11));
    // genuinely different: other scripts, and one sharing its first half with the cluster base
    rows.add(scripted("d-1", "u9", "x1", 101, 30, "d1"));
    rows.add(scripted("d-2", "u9", "x2", 102, 30, "d2"));
    List<Row> half = Fixtures.steps(rows.get(0)).subList(0, 15);
    List<Row> halfSteps = new ArrayList<>(half);
    halfSteps.addAll(Fixtures.steps(scripted("tmp", "u", "s", 103, 30, "t")).subList(15, 30));
    rows.add(Fixtures.withSteps(rows.get(0), "d-3", "u9", "x3", halfSteps, "d3"));
    Collections.reverse(rows);

    EpisodeDedup.Result one = dedup(0, 1).apply(Fixtures.df(spark(), rows), tmp.toString(), NIGHT);
    // most steps wins (n-4 has 31), then the genuinely different ones
    assertEquals(List.of("d-1", "d-2", "d-3", "n-4"), Fixtures.ids(one.episodes()));
    assertEquals(4, one.counts().get("dedup.near"));
    assertEquals(4, one.counts().get("episodes.deduplicated"));
    assertEquals(4, one.state().count());

    EpisodeDedup.Result two = dedup(0, 2).apply(Fixtures.df(spark(), rows), tmp.toString(), NIGHT);
    // then smallest episode_id among the 30-step ones
    assertEquals(List.of("d-1", "d-2", "d-3", "n-0", "n-4"), Fixtures.ids(two.episodes()));
    assertEquals(3, two.counts().get("dedup.near"));
  }

  @Test
  void twoClustersAndAChainAreComponents() {
    List<Row> rows = new ArrayList<>(cluster("p", 21));
    rows.addAll(cluster("q", 22));
    Dataset<Row> out = dedup(0, 1).apply(Fixtures.df(spark(), rows), tmp.toString(), NIGHT).episodes();
    assertEquals(List.of("p-4", "q-4"), Fixtures.ids(out));
  }
}
