package io.demoshard.ingest;

import io.demoshard.config.DemoshardConfig.IngestConfig;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Clock sanity of one record: its device {@code ts} must lie within its upload day, widened
 * by {@code clockMaxUploadDelayMs} before the start and {@code clockFutureToleranceMs} after
 * the end (RAW_FORMAT.md: {@code dt} is the UTC upload day).
 */
public final class ClockCheck implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long DAY_MS = 86_400_000L;
  private final long toleranceMs;
  private final long maxDelayMs;

  public ClockCheck(IngestConfig cfg) {
    this.toleranceMs = cfg.clockFutureToleranceMs();
    this.maxDelayMs = cfg.clockMaxUploadDelayMs();
  }

  /** Null when plausible, else why not. A record without an upload day is not checked. */
  public String check(long ts, String uploadDay) {
    if (uploadDay == null) {
      return null;
    }
    long start = LocalDate.parse(uploadDay).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    long end = start + DAY_MS;
    if (ts > end + toleranceMs) {
      return "ts " + ts + " is " + (ts - end) + " ms after the end of upload day " + uploadDay;
    }
    if (ts < start - maxDelayMs) {
      return "ts " + ts + " is " + (start - ts) + " ms before the start of upload day " + uploadDay;
    }
    return null;
  }
}
