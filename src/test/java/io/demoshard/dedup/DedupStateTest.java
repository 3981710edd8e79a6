package io.demoshard.dedup;

import io.demoshard.SparkTestBase;
import io.demoshard.spark.HadoopConf;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.demoshard.dedup.Fixtures.episode;
import static io.demoshard.dedup.Fixtures.frame;
import static io.demoshard.dedup.Fixtures.scripted;
import static io.demoshard.dedup.Fixtures.type;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Across nights: state written, loaded only for committed earlier nights, erasure. */
class DedupStateTest extends SparkTestBase {
  @TempDir Path out;
  static final LocalDate D1 = LocalDate.of(2025, 3, 1);
  static final LocalDate D2 = LocalDate.of(2025, 3, 2);

  private EpisodeDedup dedup() {
    return new EpisodeDedup(spark(), Fixtures.cfg(0, 1), new HadoopConf(spark().sparkContext().hadoopConfiguration()));
  }

  private List<Row> night1() {
    return List.of(scripted("a", "u1", "s1", 1, 20, "a"), scripted("b", "u2", "s2", 2, 20, "b"),
        scripted("c", "u3", "s3", 3, 20, "c"));
  }

  /** Night 2: an exact re-upload of a, a near duplicate of b (last step edited), a new d. */
  private List<Row> night2() {
    Row a = night1().get(0);
    List<Row> aFrames = new ArrayList<>();
    for (Row f : Fixtures.frames(a)) {
      aFrames.add(frame(f.getInt(0), f.getLong(1), f.getLong(7), f.getString(8)));
    }
    Row a2 = episode("a2", "u1", "s1-again", Fixtures.steps(a), aFrames);
    List<Row> bSteps = Fixtures.steps(night1().get(1));
    bSteps.set(19, type(19, 19_010, "different", 19));
    Row b2 = Fixtures.withSteps(night1().get(1), "b2", "u2", "s2-b", bSteps, "b2");
    return List.of(a2, b2, scripted("d", "u4", "s4", 4, 20, "d"));
  }

  private void commit(LocalDate d) throws Exception {
    Path dir = out.resolve(d.toString());
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("_SUCCESS"), "");
  }

  private EpisodeDedup.Result publish(List<Row> rows, LocalDate d, boolean committed) throws Exception {
    EpisodeDedup.Result r = dedup().apply(Fixtures.df(spark(), rows), out.toString(), d);
    if (committed) {
      commit(d); // the publisher commits the version first ...
    }
    DedupState.write(r.state(), out.toString(), d); // ... then the job writes the state
    return r;
  }

  @Test
  void secondNightPublishesNoneOfTheOverlap() throws Exception {
    EpisodeDedup.Result r1 = publish(night1(), D1, true);
    assertEquals(List.of("a", "b", "c"), Fixtures.ids(r1.episodes()));
    assertEquals(3, spark().read().parquet(DedupState.nightDir(out.toString(), D1).toString()).count());

    EpisodeDedup.Result r2 = dedup().apply(Fixtures.df(spark(), night2()), out.toString(), D2);
    assertEquals(List.of("d"), Fixtures.ids(r2.episodes()));
    assertEquals(2, r2.counts().get("dedup.across_nights"));
    assertEquals(2, r2.counts().get("episodes.deduplicated"));
    assertEquals(List.of("d"), Fixtures.ids(r2.state()));

    // rerun of night 1 after its state exists: not deduplicated against itself
    EpisodeDedup.Result again = dedup().apply(Fixtures.df(spark(), night1()), out.toString(), D1);
    assertEquals(List.of("a", "b", "c"), Fixtures.ids(again.episodes()));
    assertEquals(0, again.counts().get("dedup.across_nights"));
  }

  @Test
  void stateOfANightWithoutSuccessIsIgnored() throws Exception {
    publish(night1(), D1, false);
    EpisodeDedup.Result r2 = dedup().apply(Fixtures.df(spark(), night2()), out.toString(), D2);
    assertEquals(List.of("a2", "b2", "d"), Fixtures.ids(r2.episodes()));
    assertEquals(0, r2.counts().get("dedup.across_nights"));
    // once the night commits, its state counts
    commit(D1);
    assertEquals(List.of(D1), DedupState.committedNights(spark().sparkContext().hadoopConfiguration(),
        out.toString(), D2));
  }

  @Test
  void rewriteReplacesAndRemoveUsersDropsEntries() throws Exception {
    publish(night1(), D1, true);
    // rewriting the same night replaces its state rather than adding to it
    publish(night1().subList(0, 2), D1, true);
    String dir = DedupState.nightDir(out.toString(), D1).toString();
    assertEquals(List.of("a", "b"), Fixtures.ids(spark().read().parquet(dir)));

    long removed = DedupState.removeUsers(spark(), out.toString(), Set.of("u1", "nobody"));
    assertEquals(1, removed);
    assertEquals(List.of("b"), Fixtures.ids(spark().read().parquet(dir)));
    // the erased user's episode is no longer a reference: its re-upload passes
    EpisodeDedup.Result r2 = dedup().apply(Fixtures.df(spark(), night2()), out.toString(), D2);
    assertEquals(List.of("a2", "d"), Fixtures.ids(r2.episodes()));
    try (var files = Files.list(DedupState.root(out.toString()).toUri().getPath() == null
        ? out : Path.of(DedupState.root(out.toString()).toUri().getPath()))) {
      assertEquals(List.of("date=2025-03-01"), files.map(p -> p.getFileName().toString()).sorted().toList(),
          "no temp folders left");
    }
  }
}
