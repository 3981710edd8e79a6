package io.demoshard.redact;

import io.demoshard.privacy.scrub.Finding;
import io.demoshard.privacy.scrub.TextScrubber;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;

/**
 * Cross-channel values: what the text scrubber finds in a session's raw typed text, task labels,
 * window titles and URLs. The same value is usually on screen (a typed e-mail stays in the form
 * for the next twenty frames; a title is drawn in the title bar), so the screenshot redaction
 * looks for exactly these strings, tolerant of OCR errors. Restricted: never published.
 *
 * <p>In: episodes before scrubbing ({@code Schemas.EPISODE}), included events ({@code Schemas.EVENT}
 * with {@code user_key}). Out: {@link #SCHEMA}, one row per session that has any.
 */
public final class SessionValues {
  public static final StructType VALUE = new StructType()
      .add("kind", DataTypes.StringType, false).add("value", DataTypes.StringType, false);
  public static final StructType SCHEMA = new StructType()
      .add("session_id", DataTypes.StringType, false)
      .add("values", DataTypes.createArrayType(VALUE, false), false);
  private static final StructType TEXT = new StructType()
      .add("session_id", DataTypes.StringType, false).add("text", DataTypes.StringType, false);
  private static final StructType FOUND = new StructType()
      .add("session_id", DataTypes.StringType, false).add("kind", DataTypes.StringType, false)
      .add("value", DataTypes.StringType, false);

  private SessionValues() {}

  public static Dataset<Row> of(Dataset<Row> rawEpisodes, Dataset<Row> events, TextScrubber scrubber) {
    Dataset<Row> stepTexts = rawEpisodes.select(col("session_id"), explode(col("steps.text")).as("text"));
    // A value typed in two bursts (a click or a correction in between) is found in the concatenation.
    Dataset<Row> typed = rawEpisodes.select(col("session_id"), array_join(transform(
        filter(col("steps"), s -> s.getField("action").equalTo(lit("type"))), s -> s.getField("text")), "")
        .as("text"));
    Dataset<Row> labels = rawEpisodes.select(col("session_id"), col("task_label").as("text"));
    Dataset<Row> focus = events.where(col("type").equalTo("focus"));
    Dataset<Row> texts = stepTexts.union(typed).union(labels)
        .union(focus.select(col("session_id"), col("title").as("text")))
        .union(focus.select(col("session_id"), col("url").as("text")))
        .where(col("text").isNotNull().and(col("text").notEqual("")))
        .distinct();
    Dataset<Row> found = texts.select(col("session_id"), col("text")).as(Encoders.row(TEXT))
        .flatMap(scan(scrubber), Encoders.row(FOUND));
    return found.groupBy(col("session_id"))
        .agg(collect_set(struct(col("kind"), col("value"))).as("values"));
  }

  private static FlatMapFunction<Row, Row> scan(TextScrubber scrubber) {
    return r -> {
      String text = r.getString(1);
      List<Row> out = new ArrayList<>();
      for (Finding f : scrubber.scan(text)) {
        String v = text.substring(f.offset(), f.offset() + f.length()).strip();
        if (!v.isEmpty()) {
          out.add(RowFactory.create(r.getString(0), f.kind(), v));
        }
      }
      return out.iterator();
    };
  }
}
