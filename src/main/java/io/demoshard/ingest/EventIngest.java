package io.demoshard.ingest;

import io.demoshard.config.DemoshardConfig.IngestConfig;
import io.demoshard.model.Counts;
import io.demoshard.model.Schemas;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * Spark stage: {@code RAW/events/dt=D/**\/*.jsonl[.gz]} for the run's upload days to
 * {@link Schemas#EVENT} rows (valid, deduplicated by {@code event_id}) and
 * {@link Schemas#QUARANTINE} rows (kind {@code events}). Counts: {@code events.lines},
 * {@code events.valid}, {@code events.duplicate}, {@code events.quarantined.<reason>},
 * {@code events.duplicate_conflict}, {@code events.unknown_type}, {@code events.unknown_fields},
 * {@code events.clock_bad_devices} and {@code files.*}.
 */
public final class EventIngest extends LineIngest {

  /** The stage's result plus the devices whose clocks failed (FrameIngest needs them). */
  public record Output(Result result, List<String> clockBadDevices) {}

  public EventIngest(SparkSession spark, IngestConfig cfg) {
    super(spark, cfg, "events", Schemas.EVENT, "event_id");
  }

  @Override
  ParserFactory parserFactory() {
    return EventParser::new;
  }

  @Override
  Set<String> sensitiveColumns() {
    return Redactor.FIELDS;
  }

  public Output run(String rawRoot, LocalDate day) {
    Counts counts = new Counts();
    Dataset<Row> parsed = parse(listFiles(rawRoot, day, counts));
    List<String> badDevices = clockBadDevices(parsed);
    return new Output(classify(parsed, badDevices, counts), badDevices);
  }
}
