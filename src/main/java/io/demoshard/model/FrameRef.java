package io.demoshard.model;

import org.apache.spark.sql.Row;

import java.io.Serializable;

/** A decodable screenshot of a session (a row of {@link Schemas#FRAME}) for the per-session logic. */
public record FrameRef(String frameId, long ts, String path, int width, int height, String format,
                       String trigger, long phash, String contentHash, long bytes) implements Serializable {
  public static FrameRef fromRow(Row r) {
    return new FrameRef(r.getAs("frame_id"), r.<Long>getAs("ts"), r.getAs("path"), r.<Integer>getAs("width"),
        r.<Integer>getAs("height"), r.getAs("format"), r.getAs("trigger"), r.<Long>getAs("phash"),
        r.getAs("content_hash"), r.<Long>getAs("bytes"));
  }
}
