package io.demoshard.privacy;

import io.demoshard.config.DemoshardConfig.PrivacyConfig;
import io.demoshard.model.Counts;
import io.demoshard.privacy.scrub.TextScrubber;
import io.demoshard.spark.LazyMap;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

/**
 * The episode privacy stage. Input and output: rows of {@code Schemas.EPISODE} (extra input columns are
 * kept). It
 * <ol>
 *   <li>scrubs every free-text field with {@link TextScrubber}: {@code steps.text}, {@code task_label},
 *       {@code app} and each element of {@code apps}; in {@code steps.text} first what only the sequence of
 *       steps shows ({@link TypedText}: a value typed after a password prompt, a value typed in bursts);</li>
 *   <li>rounds {@code steps.t_ms}, {@code frames.t_ms} and {@code duration_ms} to the nearest multiple
 *       of {@code time-quantum-ms} (half up; rounding is monotonic, so step order is kept and
 *       {@code duration_ms} stays equal to the last step's rounded offset);</li>
 *   <li>generalises every (scrubbed) app name used by fewer than {@code k-anonymity} distinct
 *       {@code user_key}s in this dataset to {@code <other>}, in {@code app} and inside {@code apps}
 *       ({@code apps} then deduplicated, first occurrence order kept).</li>
 * </ol>
 * Counts: {@code privacy.scrubbed.<kind>} (email, card, iban, phone, ip, ssn, secret, url_query,
 * url_userinfo: matches replaced or removed) and {@code privacy.generalised_apps} (distinct app names
 * generalised).
 *
 * <p>The scrubbed episodes are persisted (MEMORY_AND_DISK) because two small aggregations (app users
 * and counters) read them before the caller writes the result; the caller may unpersist the result's
 * source after writing ({@link Result#scrubbed()}).
 */
public final class EpisodePrivacy {
  public static final String OTHER = "<other>";
  public static final String GENERALISED = "privacy.generalised_apps";
  private static final String COUNT_PREFIX = "__scrubbed_";

  private final TextScrubber scrubber;
  private final int kAnonymity;
  private final long quantumMs;

  public EpisodePrivacy(TextScrubber scrubber, int kAnonymity, long quantumMs) {
    if (kAnonymity < 1 || quantumMs < 1) {
      throw new IllegalArgumentException("k-anonymity and time quantum must be >= 1");
    }
    this.scrubber = scrubber;
    this.kAnonymity = kAnonymity;
    this.quantumMs = quantumMs;
  }

  public static EpisodePrivacy from(PrivacyConfig cfg) {
    return new EpisodePrivacy(TextScrubber.from(cfg), cfg.kAnonymity(), cfg.timeQuantumMs());
  }

  /** As {@link #from}, also replacing the night's known employee ids in free text by {@code <USER>}. */
  public static EpisodePrivacy from(PrivacyConfig cfg, java.util.Collection<String> knownUserIds) {
    return new EpisodePrivacy(TextScrubber.from(cfg).withKnownUserIds(knownUserIds), cfg.kAnonymity(),
        cfg.timeQuantumMs());
  }

  /** As {@link #from(PrivacyConfig, java.util.Collection)}, also replacing the directory's people by {@code <PERSON>}. */
  public static EpisodePrivacy from(PrivacyConfig cfg, java.util.Collection<String> knownUserIds, People people) {
    return new EpisodePrivacy(TextScrubber.from(cfg).withKnownUserIds(knownUserIds).withPeople(people),
        cfg.kAnonymity(), cfg.timeQuantumMs());
  }

  /** {@code episodes}: the private output; {@code scrubbed}: the persisted intermediate to unpersist. */
  public record Result(Dataset<Row> episodes, Counts counts, Dataset<Row> scrubbed) {}

  public Result apply(Dataset<Row> episodes) {
    StructType in = episodes.schema();
    List<StructField> outFields = new ArrayList<>(List.of(in.fields()));
    for (String kind : TextScrubber.KINDS) {
      outFields.add(DataTypes.createStructField(COUNT_PREFIX + kind, DataTypes.LongType, false));
    }
    StructType withCounts = new StructType(outFields.toArray(new StructField[0]));
    TextScrubber s = scrubber;
    long q = quantumMs;
    Dataset<Row> scrubbed = episodes
        .mapPartitions(scrubPartition(s, q), Encoders.row(withCounts))
        .persist(StorageLevel.MEMORY_AND_DISK());

    Counts counts = new Counts();
    Column[] sums = TextScrubber.KINDS.stream().map(k -> sum(col(COUNT_PREFIX + k))).toArray(Column[]::new);
    Row totals = scrubbed.agg(sums[0], java.util.Arrays.copyOfRange(sums, 1, sums.length)).first();
    for (int i = 0; i < TextScrubber.KINDS.size(); i++) {
      counts.add("privacy.scrubbed." + TextScrubber.KINDS.get(i), totals.isNullAt(i) ? 0 : totals.getLong(i));
    }
    Column[] original = java.util.Arrays.stream(in.fieldNames()).map(org.apache.spark.sql.functions::col)
        .toArray(Column[]::new);
    Generalised g = generaliseApps(scrubbed.select(original));
    counts.add(GENERALISED, g.generalised());
    return new Result(g.episodes(), counts, scrubbed);
  }

  /** Episodes with app names seen for fewer than k distinct users generalised, and how many names were. */
  public record Generalised(Dataset<Row> episodes, long generalised) {}

  /**
   * k-anonymity of app names ({@code app} and {@code apps}), with built-ins: distinct users per
   * name. Idempotent, so the job runs it again after dedup, which can leave a name with fewer
   * users than it had.
   */
  public Generalised generaliseApps(Dataset<Row> episodes) {
    Dataset<Row> uses = episodes.where(col("app").isNotNull()).select(col("user_key"), col("app").as("name"))
        .union(episodes.select(col("user_key"), explode(col("apps")).as("name")).where(col("name").isNotNull()));
    List<Object> allowed = new ArrayList<>();
    long generalised = 0;
    for (Row r : uses.groupBy("name").agg(countDistinct("user_key").as("users")).collectAsList()) {
      if (r.getLong(1) >= kAnonymity) {
        allowed.add(r.getString(0));
      } else if (!OTHER.equals(r.getString(0))) {
        generalised++;
      }
    }
    Object[] ok = allowed.toArray();
    List<Column> out = new ArrayList<>();
    for (StructField f : episodes.schema().fields()) {
      switch (f.name()) {
        case "app" -> out.add(generalise(col("app"), ok).as("app"));
        case "apps" -> out.add(when(col("apps").isNull(), col("apps"))
            .otherwise(array_distinct(transform(col("apps"), a -> generalise(a, ok)))).as("apps"));
        default -> out.add(col(f.name()));
      }
    }
    return new Generalised(episodes.select(out.toArray(new Column[0])), generalised);
  }

  private static Column generalise(Column name, Object[] allowed) {
    return when(name.isNull(), name).when(name.isin(allowed), name).otherwise(lit(OTHER));
  }

  /** Static, so the task closure holds only the scrubber and the quantum. */
  private static MapPartitionsFunction<Row, Row> scrubPartition(TextScrubber s, long q) {
    return it -> LazyMap.of(it, r -> scrubRow(r, s, q));
  }

  static long round(long t, long q) {
    return Math.floorDiv(t + q / 2, q) * q;
  }

  /** One episode row: scrubbed text, rounded times, then one counter column per kind. */
  static Row scrubRow(Row r, TextScrubber s, long q) {
    StructType schema = r.schema();
    Map<String, Long> counts = new java.util.HashMap<>();
    Object[] v = new Object[schema.size() + TextScrubber.KINDS.size()];
    for (int i = 0; i < schema.size(); i++) {
      String name = schema.fields()[i].name();
      Object value = r.get(i);
      if (value != null) {
        switch (name) {
          case "app", "task_label" -> value = scrub(s, (String) value, counts);
          case "apps" -> {
            List<Object> apps = new ArrayList<>();
            for (Object a : r.getList(i)) {
              apps.add(a == null ? null : scrub(s, (String) a, counts));
            }
            value = seq(apps);
          }
          case "duration_ms" -> value = round(r.getLong(i), q);
          case "steps" -> {
            // what only the sequence shows (a value after a password prompt, typed in bursts) first
            List<Row> steps = r.getList(i);
            String[] typed = TypedText.apply(typedSteps(steps), s, counts);
            int[] k = {0};
            value = mapStructs(steps, (Row st) -> {
              Object[] sv = values(st);
              int t = st.fieldIndex("t_ms");
              sv[t] = round(st.getLong(t), q);
              int tx = st.fieldIndex("text");
              String text = typed[k[0]++];
              sv[tx] = text == null ? null : scrub(s, text, counts);
              return sv;
            });
          }
          case "frames" -> value = mapStructs(r.getList(i), (Row fr) -> {
            Object[] fv = values(fr);
            int t = fr.fieldIndex("t_ms");
            fv[t] = round(fr.getLong(t), q);
            return fv;
          });
          default -> { }
        }
      }
      v[i] = value;
    }
    for (int k = 0; k < TextScrubber.KINDS.size(); k++) {
      v[schema.size() + k] = counts.getOrDefault(TextScrubber.KINDS.get(k), 0L);
    }
    return RowFactory.create(v);
  }

  private static List<TypedText.Step> typedSteps(List<Row> steps) {
    List<TypedText.Step> out = new ArrayList<>(steps.size());
    for (Row st : steps) {
      if (st == null) {
        out.add(new TypedText.Step(null, null, null, null));
        continue;
      }
      int keys = st.fieldIndex("keys");
      int count = st.fieldIndex("count");
      out.add(new TypedText.Step(st.getAs("action"), st.getAs("text"), st.isNullAt(keys) ? null : st.getList(keys),
          st.isNullAt(count) ? null : st.getInt(count)));
    }
    return out;
  }

  private static String scrub(TextScrubber s, String text, Map<String, Long> counts) {
    TextScrubber.Result res = s.scrub(text);
    res.counts().forEach((k, n) -> counts.merge(k, (long) n, Long::sum));
    return res.text();
  }

  private static Object[] values(Row row) {
    Object[] out = new Object[row.size()];
    for (int i = 0; i < row.size(); i++) {
      out[i] = row.get(i);
    }
    return out;
  }

  private static scala.collection.immutable.Seq<Row> mapStructs(List<Row> rows,
                                                               java.util.function.Function<Row, Object[]> f) {
    List<Row> out = new ArrayList<>(rows.size());
    for (Row row : rows) {
      out.add(row == null ? null : RowFactory.create(f.apply(row)));
    }
    return seq(out);
  }

  /** The encoder for Row wants Scala sequences for array columns. */
  private static <T> scala.collection.immutable.Seq<T> seq(List<T> list) {
    return scala.jdk.javaapi.CollectionConverters.asScala(list).toSeq();
  }
}
