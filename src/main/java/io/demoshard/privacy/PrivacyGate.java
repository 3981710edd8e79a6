package io.demoshard.privacy;

import io.demoshard.config.DemoshardConfig.PrivacyConfig;
import io.demoshard.privacy.scrub.Finding;
import io.demoshard.privacy.scrub.TextScrubber;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

/**
 * The last check before a version is published. It fails the version when
 * <ul>
 *   <li>any string anywhere in a shard row (top-level, inside structs, arrays and maps: {@code app},
 *       {@code apps}, {@code task_label}, {@code steps.text}, {@code steps.keys},
 *       {@code frames.image.path}, ...) contains something a {@link TextScrubber} detector finds
 *       (placeholders such as {@code <EMAIL>} are fine). Identifier columns ({@code episode_id}) and
 *       the episode-id part of {@code frames.image.path} are generated hashes, so they are checked with
 *       every detector except the entropy rule;</li>
 *   <li>{@code frames.image.path} is not the synthetic {@code <episode_id>/<idx>.<ext>} name
 *       (kind {@code raw_path});</li>
 *   <li>a shard has a column that links episodes to people or sessions: {@code user_id},
 *       {@code user_key}, {@code device_id}, {@code session_id}, {@code start_ts}, {@code end_ts}
 *       (kind {@code forbidden_column});</li>
 *   <li>a lineage row's {@code user_key} is in the forbidden set (erased users; kind
 *       {@code forbidden_user_key}, column {@code lineage.user_key}).</li>
 * </ul>
 * The report counts findings by column and kind; it never holds a matched value.
 */
public final class PrivacyGate implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final List<String> FORBIDDEN_COLUMNS =
      List.of("user_id", "user_key", "device_id", "session_id", "start_ts", "end_ts");
  static final Set<String> ID_COLUMNS = Set.of("episode_id");
  private static final Pattern GENERATED_ID = Pattern.compile("[0-9a-f]{32,64}");
  private static final Pattern SYNTHETIC_PATH = Pattern.compile("([^/]+)/(\\d+)\\.([A-Za-z0-9]{1,5})");

  private final TextScrubber scrubber;
  private final TextScrubber noEntropy;

  public PrivacyGate(TextScrubber scrubber, TextScrubber withoutEntropyRule) {
    this.scrubber = scrubber;
    this.noEntropy = withoutEntropyRule;
  }

  public static PrivacyGate from(PrivacyConfig cfg) {
    return from(cfg, java.util.Set.of());
  }

  /** A gate that also reports the night's known employee ids found in shard text. */
  public static PrivacyGate from(PrivacyConfig cfg, java.util.Collection<String> knownUserIds) {
    return from(cfg, knownUserIds, People.none());
  }

  /** A gate that also reports the night's known ids and the directory's people found in shard text. */
  public static PrivacyGate from(PrivacyConfig cfg, java.util.Collection<String> knownUserIds, People people) {
    return new PrivacyGate(TextScrubber.from(cfg).withKnownUserIds(knownUserIds).withPeople(people),
        new TextScrubber(Integer.MAX_VALUE, cfg.secretEntropyBits(), cfg.phoneRegions()).withKnownUserIds(knownUserIds)
            .withPeople(people));
  }

  /**
   * @param findingsByColumn column path (e.g. {@code steps.text}) to kind to number of findings
   */
  public record Report(boolean ok, long rowsScanned, Map<String, Map<String, Long>> findingsByColumn,
                       String reason) implements Serializable {
    public Map<String, Long> findingsByKind() {
      Map<String, Long> out = new TreeMap<>();
      findingsByColumn.values().forEach(m -> m.forEach((k, n) -> out.merge(k, n, Long::sum)));
      return out;
    }

    public long totalFindings() {
      return findingsByKind().values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * @param shardRows rows as published (Schemas.SHARD or a superset)
   * @param forbiddenUserKeys pseudonyms that must not appear in lineage; may be null or empty
   * @param lineage the lineage rows of the version (Schemas.LINEAGE); may be null
   */
  public Report check(Dataset<Row> shardRows, Set<String> forbiddenUserKeys, Dataset<Row> lineage) {
    Map<String, Map<String, Long>> byColumn = new TreeMap<>();
    StructType schema = shardRows.schema();
    for (String forbidden : FORBIDDEN_COLUMNS) {
      if (List.of(schema.fieldNames()).contains(forbidden)) {
        add(byColumn, forbidden, "forbidden_column", 1);
      }
    }
    PrivacyGate gate = this;
    List<Row> partials = shardRows.mapPartitions((org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row>)
        it -> gate.scanPartition(it, schema), Encoders.row(PARTIAL)).collectAsList();
    long rows = 0;
    for (Row p : partials) {
      String column = p.getString(0);
      if (column == null) {
        rows += p.getLong(2);
      } else {
        add(byColumn, column, p.getString(1), p.getLong(2));
      }
    }
    if (lineage != null && forbiddenUserKeys != null && !forbiddenUserKeys.isEmpty()) {
      Dataset<Row> keys = lineage.sparkSession()
          .createDataset(new ArrayList<>(forbiddenUserKeys), Encoders.STRING()).toDF("__forbidden_key");
      long hits = lineage.join(broadcast(keys), col("user_key").equalTo(col("__forbidden_key")), "left_semi").count();
      if (hits > 0) {
        add(byColumn, "lineage.user_key", "forbidden_user_key", hits);
      }
    }
    boolean ok = byColumn.isEmpty();
    return new Report(ok, rows, Collections.unmodifiableMap(byColumn), reason(ok, rows, byColumn));
  }

  private static String reason(boolean ok, long rows, Map<String, Map<String, Long>> byColumn) {
    if (ok) {
      return "ok: " + rows + " rows scanned, no findings";
    }
    List<String> parts = new ArrayList<>();
    long total = 0;
    for (var c : byColumn.entrySet()) {
      for (var k : c.getValue().entrySet()) {
        parts.add(k.getKey() + " in " + c.getKey() + " (" + k.getValue() + ")");
        total += k.getValue();
      }
    }
    return "FAILED: " + total + " findings in " + rows + " rows: " + String.join(", ", parts);
  }

  private static void add(Map<String, Map<String, Long>> m, String column, String kind, long n) {
    m.computeIfAbsent(column, c -> new TreeMap<>()).merge(kind, n, Long::sum);
  }

  /** (column, kind, count) per partition; the row with a null column carries the number of rows. */
  static final StructType PARTIAL = new StructType(new StructField[] {
      DataTypes.createStructField("column", DataTypes.StringType, true),
      DataTypes.createStructField("kind", DataTypes.StringType, true),
      DataTypes.createStructField("n", DataTypes.LongType, false)});

  Iterator<Row> scanPartition(Iterator<Row> rows, StructType schema) {
    Map<List<String>, Long> acc = new HashMap<>();
    long n = 0;
    while (rows.hasNext()) {
      Row r = rows.next();
      n++;
      String episodeId = List.of(schema.fieldNames()).contains("episode_id") ? r.getAs("episode_id") : null;
      for (int i = 0; i < schema.size(); i++) {
        StructField f = schema.fields()[i];
        walk(r.get(i), f.dataType(), f.name(), episodeId, acc);
      }
    }
    List<Row> out = new ArrayList<>();
    out.add(org.apache.spark.sql.RowFactory.create(null, null, n));
    acc.forEach((k, c) -> out.add(org.apache.spark.sql.RowFactory.create(k.get(0), k.get(1), c)));
    return out.iterator();
  }

  /**
   * Findings of one row, (column path, kind) to count, over the top-level {@code columns} only
   * (all when null). Used by {@link EpisodeGate} on episodes before they are published.
   */
  Map<List<String>, Long> scanRow(Row r, StructType schema, Set<String> columns) {
    Map<List<String>, Long> acc = new HashMap<>();
    String episodeId = List.of(schema.fieldNames()).contains("episode_id") ? r.getAs("episode_id") : null;
    for (int i = 0; i < schema.size(); i++) {
      StructField f = schema.fields()[i];
      if (columns == null || columns.contains(f.name())) {
        walk(r.get(i), f.dataType(), f.name(), episodeId, acc);
      }
    }
    return acc;
  }

  private void walk(Object value, DataType type, String path, String episodeId, Map<List<String>, Long> acc) {
    if (value == null) {
      return;
    }
    if (type instanceof StructType st) {
      Row row = (Row) value;
      for (int i = 0; i < st.size(); i++) {
        walk(row.get(i), st.fields()[i].dataType(), path + "." + st.fields()[i].name(), episodeId, acc);
      }
    } else if (type instanceof ArrayType at) {
      for (Object e : asList(value)) {
        walk(e, at.elementType(), path, episodeId, acc);
      }
    } else if (type instanceof MapType mt) {
      scala.collection.Map<?, ?> m = (scala.collection.Map<?, ?>) value;
      scala.collection.Iterator<? extends scala.Tuple2<?, ?>> it = m.iterator();
      while (it.hasNext()) {
        scala.Tuple2<?, ?> kv = it.next();
        walk(kv._1(), mt.keyType(), path + ".key", episodeId, acc);
        walk(kv._2(), mt.valueType(), path + ".value", episodeId, acc);
      }
    } else if (type.equals(DataTypes.StringType)) {
      scanString((String) value, path, episodeId, acc);
    }
  }

  private void scanString(String s, String path, String episodeId, Map<List<String>, Long> acc) {
    TextScrubber detector = scrubber;
    String text = s;
    if (ID_COLUMNS.contains(path)) {
      // The job's ids are 32 (up to 64) hex chars of a keyed hash: no person's data can be in them, and
      // their digit runs would otherwise look like card or phone numbers now and then.
      if (GENERATED_ID.matcher(s).matches()) {
        return;
      }
      detector = noEntropy; // another id form: scanned, the entropy rule aside
    } else if (path.equals("frames.image.path")) {
      var m = SYNTHETIC_PATH.matcher(s);
      if (!m.matches() || (episodeId != null && !m.group(1).equals(episodeId))) {
        acc.merge(List.of(path, "raw_path"), 1L, Long::sum);
      } else if (GENERATED_ID.matcher(m.group(1)).matches()) {
        return; // <generated id>/<idx>.<ext>
      } else {
        detector = noEntropy;
      }
    }
    for (Finding f : detector.scan(text)) {
      acc.merge(List.of(path, f.kind()), 1L, Long::sum);
    }
  }

  private static List<?> asList(Object v) {
    if (v instanceof List<?> l) {
      return l;
    }
    if (v instanceof scala.collection.Seq<?> seq) {
      return scala.jdk.javaapi.CollectionConverters.asJava(seq);
    }
    if (v.getClass().isArray()) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < java.lang.reflect.Array.getLength(v); i++) {
        out.add(java.lang.reflect.Array.get(v, i));
      }
      return out;
    }
    throw new IllegalStateException("unexpected array value " + v.getClass());
  }
}
