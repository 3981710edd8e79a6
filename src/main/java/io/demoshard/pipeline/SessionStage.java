package io.demoshard.pipeline;

import io.demoshard.config.DemoshardConfig;
import io.demoshard.join.ObservationJoin;
import io.demoshard.model.Counts;
import io.demoshard.model.FrameRef;
import io.demoshard.model.RawEvent;
import io.demoshard.model.Schemas;
import io.demoshard.privacy.SensitiveSpanFilter;
import io.demoshard.reduce.ActionReducer;
import io.demoshard.reduce.Reduction;
import io.demoshard.segment.Segmentation;
import io.demoshard.segment.Segmenter;
import io.demoshard.spark.ScalaValues;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

/**
 * Join, reduce and segment, per session, in one pass: events and frames of all sessions are
 * repartitioned by session and sorted once within partitions by (session, ts, kind, seq);
 * each session is then streamed through the pure per-session logic
 * ({@link SensitiveSpanFilter} -> {@link ObservationJoin} -> {@link ActionReducer} -> {@link Segmenter}).
 *
 * <p>In: events ({@link Schemas#EVENT} with {@code user_key} instead of {@code user_id}) and
 * decoded frames ({@link Schemas#FRAME}, likewise). Out: one {@link #OUTCOME} row per session:
 * its episodes ({@link Schemas#EPISODE}) and its counts, so counting is exact even when tasks
 * are retried (no accumulators).
 */
public final class SessionStage {
  public static final StructType OUTCOME = new StructType()
      .add("counts", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), false)
      .add("episodes", DataTypes.createArrayType(Schemas.EPISODE, false), false);

  private static final String[] SESSION = {"user_key", "device_id", "session_id"};

  private final DemoshardConfig cfg;
  private final String idSalt;

  /**
   * @param idSalt a secret derived from the pseudonym key, mixed into episode ids so that
   *     guessable raw ids (a hostname, a session id that is a start time) cannot be recovered
   *     from an id by trying candidates. The key itself never travels to executors.
   */
  public SessionStage(DemoshardConfig cfg, String idSalt) {
    this.cfg = cfg;
    this.idSalt = idSalt;
  }

  public Dataset<Row> apply(Dataset<Row> events, Dataset<Row> frames, LocalDate date) {
    Column[] key = {col("user_key"), col("device_id"), col("session_id")};
    Dataset<Row> ev = events.select(col("user_key"), col("device_id"), col("session_id"), col("ts"),
        lit(1).as("kind"), col("seq"), struct(eventColumns(events)).as("event"),
        lit(null).cast(frameStruct(frames)).as("frame"));
    Dataset<Row> fr = frames.select(col("user_key"), col("device_id"), col("session_id"), col("ts"),
        lit(0).as("kind"), lit(0L).as("seq"), lit(null).cast(eventStruct(events)).as("event"),
        struct(frameColumns(frames)).as("frame"));
    // Frames sort before events at the same ts: "at or before" the action's first raw event.
    Dataset<Row> sorted = ev.unionByName(fr)
        .repartition(key)
        .sortWithinPartitions(col("user_key"), col("device_id"), col("session_id"), col("ts"), col("kind"),
            col("seq"));
    long dayStart = date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    long dayEnd = date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    DemoshardConfig c = cfg;
    String salt = idSalt;
    return sorted.mapPartitions((MapPartitionsFunction<Row, Row>) rows ->
        new SessionIterator(rows, new SessionProcessor(c, dayStart, dayEnd, salt)), Encoders.row(OUTCOME));
  }

  private static Column[] eventColumns(Dataset<Row> events) {
    List<Column> cols = new ArrayList<>();
    for (String f : Schemas.EVENT.fieldNames()) {
      if (!f.equals("user_id") && List.of(events.columns()).contains(f)) {
        cols.add(col(f));
      }
    }
    return cols.toArray(new Column[0]);
  }

  private static Column[] frameColumns(Dataset<Row> frames) {
    List<Column> cols = new ArrayList<>();
    for (String f : Schemas.FRAME.fieldNames()) {
      if (!f.equals("user_id")) {
        cols.add(col(f));
      }
    }
    return cols.toArray(new Column[0]);
  }

  private static StructType eventStruct(Dataset<Row> events) {
    return (StructType) events.select(struct(eventColumns(events))).schema().fields()[0].dataType();
  }

  private static StructType frameStruct(Dataset<Row> frames) {
    return (StructType) frames.select(struct(frameColumns(frames))).schema().fields()[0].dataType();
  }

  /** Groups the sorted rows of a partition into sessions and emits one outcome per session. */
  private static final class SessionIterator implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final SessionProcessor processor;
    private Row pending;

    SessionIterator(Iterator<Row> rows, SessionProcessor processor) {
      this.rows = rows;
      this.processor = processor;
      this.pending = rows.hasNext() ? rows.next() : null;
    }

    @Override
    public boolean hasNext() {
      return pending != null;
    }

    @Override
    public Row next() {
      if (pending == null) {
        throw new NoSuchElementException();
      }
      Row first = pending;
      List<RawEvent> events = new ArrayList<>();
      List<FrameRef> frames = new ArrayList<>();
      Row r = first;
      while (r != null && sameSession(first, r)) {
        if (r.<Integer>getAs("kind") == 0) {
          frames.add(FrameRef.fromRow(r.getAs("frame")));
        } else {
          events.add(RawEvent.fromRow(r.getAs("event")));
        }
        r = rows.hasNext() ? rows.next() : null;
      }
      pending = r;
      SessionProcessor.Outcome o = processor.process(first.getAs("user_key"), first.getAs("device_id"),
          first.getAs("session_id"), events, frames);
      return RowFactory.create(ScalaValues.map(o.counts().asMap()), ScalaValues.seq(o.episodes()));
    }

    private static boolean sameSession(Row a, Row b) {
      for (String k : SESSION) {
        if (!a.getAs(k).equals(b.getAs(k))) {
          return false;
        }
      }
      return true;
    }
  }

  /** Sums the per-session counts into one {@link Counts} (a small aggregation on executors). */
  public static Counts counts(Dataset<Row> outcomes) {
    Counts total = new Counts();
    List<Row> rows = outcomes.selectExpr("explode(counts) as (name, value)")
        .groupBy("name").sum("value").collectAsList();
    for (Row r : rows) {
      total.add(r.getString(0), r.getLong(1));
    }
    return total;
  }
}
