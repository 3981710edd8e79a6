package io.demoshard.dedup;

import io.demoshard.config.DemoshardConfig;
import io.demoshard.model.Schemas;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.List;

/** Tiny hand-built EPISODE rows for the dedup tests. */
final class Fixtures {
  private Fixtures() {}

  static final int W = 1280;
  static final int H = 800;

  static DemoshardConfig.DedupConfig cfg(int hamming, int maxPerCluster) {
    DemoshardConfig.DedupConfig d = DemoshardConfig.defaults().dedup();
    return new DemoshardConfig.DedupConfig(hamming, d.shingleSize(), d.bands(), d.rows(), d.jaccardThreshold(),
        maxPerCluster, d.positionBuckets(), d.bucketWindow());
  }

  static Row withSchema(org.apache.spark.sql.types.StructType schema, Object... values) {
    return new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(values, schema);
  }

  static Row step(int idx, long t, String action, Integer x, Integer y, String text, List<String> keys, Integer frame) {
    Double nx = x == null ? null : x / (double) W;
    Double ny = y == null ? null : y / (double) H;
    return withSchema(Schemas.STEP, idx, t, action, x, y, null, null, nx, ny, null, null,
        "click".equals(action) ? "left" : null, null, null, text, keys, "key".equals(action) ? 1 : null, frame);
  }

  static Row click(int idx, long t, int x, int y, Integer frame) {
    return step(idx, t, "click", x, y, null, null, frame);
  }

  static Row type(int idx, long t, String text, Integer frame) {
    return step(idx, t, "type", null, null, text, null, frame);
  }

  static Row frame(int idx, long t, long phash, String contentHash) {
    return withSchema(Schemas.EPISODE_FRAME, idx, t, "f-" + contentHash, "p/" + contentHash + ".png", W, H, "png", phash,
        contentHash, 1000L);
  }

  static Row episode(String id, String user, String session, List<Row> steps, List<Row> frames) {
    long duration = steps.isEmpty() ? 0 : steps.get(steps.size() - 1).getLong(1);
    List<String> eventIds = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      eventIds.add(session + "-e" + i);
    }
    return withSchema(Schemas.EPISODE, id, user, session, 1_700_000_000_000L, 1_700_000_000_000L + duration,
        "Code", List.of("Code"), null, "linux", W, H, duration, steps.size(), frames.size(), steps, frames,
        (long) steps.size() * 2, eventIds);
  }

  /**
   * An episode of {@code n} steps, each observing its own frame: clicks on a grid walk and
   * typed words, all derived from {@code seed}; frames' content hashes carry {@code frameTag}.
   */
  static Row scripted(String id, String user, String session, int seed, int n, String frameTag) {
    List<Row> steps = new ArrayList<>();
    List<Row> frames = new ArrayList<>();
    java.util.Random r = new java.util.Random(seed);
    for (int i = 0; i < n; i++) {
      frames.add(frame(i, i * 1000L, r.nextLong(), frameTag + "-" + seed + "-" + i));
      if (i % 3 == 2) {
        steps.add(type(i, i * 1000L + 10, "w" + r.nextInt(1_000_000), i));
      } else {
        steps.add(click(i, i * 1000L + 10, 16 + 32 * r.nextInt(39), 16 + 32 * r.nextInt(24), i));
      }
    }
    return episode(id, user, session, steps, frames);
  }

  /** An episode with other ids and the given steps; one fresh frame (content {@code frameTag}) per step. */
  static Row withSteps(Row e, String id, String user, String session, List<Row> steps, String frameTag) {
    List<Row> frames = new ArrayList<>();
    java.util.Random r = new java.util.Random(id.hashCode());
    for (int i = 0; i < steps.size(); i++) {
      frames.add(frame(i, i * 1000L, r.nextLong(), frameTag + "-" + i));
    }
    return episode(id, user, session, steps, frames);
  }

  static List<Row> steps(Row e) {
    return new ArrayList<>(list(e, "steps"));
  }

  static List<Row> frames(Row e) {
    return new ArrayList<>(list(e, "frames"));
  }

  /** A list field of a fixture row (Java list) or of a collected row (Scala seq). */
  @SuppressWarnings("unchecked")
  static List<Row> list(Row e, String field) {
    Object v = e.get(e.fieldIndex(field));
    return v instanceof List<?> l ? (List<Row>) l : e.getList(e.fieldIndex(field));
  }

  static Dataset<Row> df(SparkSession spark, List<Row> rows) {
    return spark.createDataFrame(rows, Schemas.EPISODE);
  }

  static List<String> ids(Dataset<Row> episodes) {
    return episodes.select("episode_id").orderBy("episode_id").as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList();
  }
}
