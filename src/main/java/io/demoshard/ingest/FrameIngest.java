package io.demoshard.ingest;

import io.demoshard.config.DemoshardConfig.IngestConfig;
import io.demoshard.model.Counts;
import io.demoshard.model.Schemas;
import org.apache.spark.sql.SparkSession;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * Spark stage: {@code RAW/frames/dt=D/**\/*.jsonl[.gz]} for the run's upload days to
 * {@link Schemas#FRAME_INDEX} rows (valid, deduplicated by {@code frame_id}) and
 * {@link Schemas#QUARANTINE} rows (kind {@code frames}). Frames of the devices whose event
 * clocks failed ({@link EventIngest.Output#clockBadDevices()}) are quarantined
 * {@code clock_device}. Counts as EventIngest, prefixed {@code frames.}.
 */
public final class FrameIngest extends LineIngest {

  public FrameIngest(SparkSession spark, IngestConfig cfg) {
    super(spark, cfg, "frames", Schemas.FRAME_INDEX, "frame_id");
  }

  @Override
  ParserFactory parserFactory() {
    return FrameIndexParser::new;
  }

  @Override
  Set<String> sensitiveColumns() {
    return Set.of();
  }

  public Result run(String rawRoot, LocalDate day, List<String> clockBadDevices) {
    Counts counts = new Counts();
    return classify(parse(listFiles(rawRoot, day, counts)), List.copyOf(clockBadDevices), counts);
  }
}
