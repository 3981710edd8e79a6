package io.demoshard.bench;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The folders of one run's raw input: {@code RAW/<area>/dt=D} for the same upload days the
 * nightly job reads (D - lookbehind .. D + lookahead), those that exist. A floor reads exactly
 * what {@code nightly} reads, so their walls compare.
 */
public record RawDay(String raw, LocalDate day, int lookbehindDays, int lookaheadDays) {
  public static final String EVENTS = "events";
  public static final String FRAMES = "frames";
  public static final String SCREENSHOTS = "screenshots";

  /** Existing day folders of {@code area}, oldest first; empty when the area has none. */
  public List<String> dirs(Configuration conf, String area) {
    List<String> out = new ArrayList<>();
    try {
      for (LocalDate d = day.minusDays(lookbehindDays); !d.isAfter(day.plusDays(lookaheadDays)); d = d.plusDays(1)) {
        Path dir = new Path(new Path(raw, area), "dt=" + d);
        FileSystem fs = dir.getFileSystem(conf);
        if (fs.exists(dir)) {
          out.add(dir.toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + raw + "/" + area, e);
    }
    return out;
  }
}
