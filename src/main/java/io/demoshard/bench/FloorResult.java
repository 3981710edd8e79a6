package io.demoshard.bench;

import java.util.Locale;

/**
 * What a floor job read and wrote. Counts come from the Parquet it wrote (footer row counts),
 * so they also prove every line and image made it through.
 *
 * @param eventLines event lines written (io: every raw line, blank ones too; event: every row the JSON reader
 *     produced, corrupt lines included as {@code _corrupt_record})
 * @param frameLines frame index lines written, same rule
 * @param images image files read (0 for the event floor)
 * @param imageBytes bytes of those files
 * @param decoded images decoded without error (decode floor only)
 * @param wallMs wall time of the Spark work, session start excluded
 */
public record FloorResult(String kind, long eventLines, long frameLines, long images, long imageBytes, long decoded,
                          long wallMs) {
  /** One line that scripts/bench greps: {@code bench-floor kind=io event_lines=... wall_ms=...}. */
  public String line() {
    return String.format(Locale.ROOT,
        "bench-floor kind=%s event_lines=%d frame_lines=%d images=%d image_bytes=%d decoded=%d wall_ms=%d",
        kind, eventLines, frameLines, images, imageBytes, decoded, wallMs);
  }
}
