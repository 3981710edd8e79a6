package io.demoshard.redact;

import io.demoshard.config.DemoshardConfig.RedactConfig;
import io.demoshard.image.RawImages;
import io.demoshard.model.Counts;
import io.demoshard.model.Schemas;
import io.demoshard.model.Sha256;
import io.demoshard.privacy.scrub.TextScrubber;
import io.demoshard.spark.HadoopConf;
import io.demoshard.spark.ScalaValues;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.map_entries;
import static org.apache.spark.sql.functions.sum;

/**
 * Screenshot redaction, the stage between dedup and publish: every frame that will be published is
 * read once from the raw drop, OCR'd ({@link FrameRedactor}: detectors, known people, machine
 * identity, and the values the text scrubber removed from the same session), painted over and
 * encoded once. Frames that cannot be OCR'd never pass as recorded: dropped (their steps lose
 * their observation, counted) or fully masked, per {@code redact.on-failure}.
 *
 * <p>In: {@link Schemas#EPISODE} and {@link SessionValues#SCHEMA}. Out: {@link Schemas#REDACTED_EPISODE},
 * persisted (OCR is the night's most expensive work and must never run twice).
 * Episodes of one session are processed in time order by one task, so consecutive frames are
 * OCR'd incrementally and identical ones once.
 */
public final class RedactStage {
  /** Per-episode statistics added to the output rows before they are dropped again. */
  private static final StructType WITH_STATS = Schemas.REDACTED_EPISODE
      .add("_frames_in", DataTypes.IntegerType, false)
      .add("_frames_failed", DataTypes.IntegerType, false)
      .add("_frames_redacted", DataTypes.IntegerType, false)
      .add("_boxes", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, false), false)
      .add("_dropped", Schemas.STRINGS, false);

  public record Result(Dataset<Row> episodes, Counts counts, Dataset<Row> persisted) {}

  private final RedactConfig cfg;
  private final TextScrubber scrubber;
  private final List<KnownValue> nightValues;
  private final HadoopConf hadoop;

  public RedactStage(RedactConfig cfg, TextScrubber scrubber, List<KnownValue> nightValues, HadoopConf hadoop) {
    this.cfg = cfg;
    this.scrubber = scrubber;
    this.nightValues = List.copyOf(nightValues);
    this.hadoop = hadoop;
  }

  public Result apply(Dataset<Row> episodes, Dataset<Row> sessionValues, String rawRoot) {
    Column[] episodeCols = Arrays.stream(Schemas.EPISODE.fieldNames()).map(c -> episodes.col(c)).toArray(Column[]::new);
    Column[] withValues = Arrays.copyOf(episodeCols, episodeCols.length + 1);
    withValues[episodeCols.length] = sessionValues.col("values");
    Dataset<Row> in = episodes.join(sessionValues, episodes.col("session_id").equalTo(sessionValues.col("session_id")),
            "left_outer")
        .select(withValues)
        .repartition(col("session_id"))
        .sortWithinPartitions("session_id", "start_ts", "episode_id");
    Dataset<Row> redacted = in.mapPartitions(new Task(cfg, scrubber, nightValues, hadoop, rawRoot),
        Encoders.row(WITH_STATS)).persist(StorageLevel.MEMORY_AND_DISK());

    Row t = redacted.agg(sum("_frames_in"), sum("_frames_failed"), sum("_frames_redacted"), sum("num_frames")).first();
    Counts counts = new Counts();
    counts.add("redact.frames_in", t.isNullAt(0) ? 0 : t.getLong(0));
    counts.add("redact.frames_failed", t.isNullAt(1) ? 0 : t.getLong(1));
    counts.add("redact.frames_with_redactions", t.isNullAt(2) ? 0 : t.getLong(2));
    counts.add("redact.frames_out", t.isNullAt(3) ? 0 : t.getLong(3));
    long boxes = 0;
    for (Row k : redacted.select(explode(map_entries(col("_boxes"))).as("e"))
        .groupBy(col("e.key")).agg(sum(col("e.value"))).collectAsList()) {
      counts.add("redact.boxes." + k.getString(0), k.getLong(1));
      boxes += k.getLong(1);
    }
    counts.add("redact.boxes", boxes);
    // Frames dropped because they could not be OCR'd (and kept in no other episode): a counted policy fate.
    Dataset<Row> dropped = redacted.select(explode(col("_dropped")).as("f")).distinct();
    Dataset<Row> kept = redacted.select(explode(col("frames.frame_id")).as("f")).distinct();
    counts.add("frames.policy.redact_failed", dropped.except(kept).count());
    Column[] out = Arrays.stream(Schemas.REDACTED_EPISODE.fieldNames()).map(c -> col(c)).toArray(Column[]::new);
    return new Result(redacted.select(out), counts, redacted);
  }

  /**
   * What the manifest says of the redaction: the engine and model as the OCR library reports them,
   * and every setting. Starts one engine on the driver (about a second).
   */
  public static Map<String, Object> describe(RedactConfig cfg) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    try (FrameRedactor r = new FrameRedactor(cfg, null, List.of())) {
      m.put("engine", r.engineDescription());
    } catch (Exception e) {
      throw new IllegalStateException("the OCR engine cannot start: " + e.getMessage(), e);
    }
    m.put("upscale", cfg.upscale());
    m.put("page_seg_mode", cfg.pageSegMode());
    m.put("padding_px", cfg.paddingPx());
    m.put("min_confidence", cfg.minConfidence());
    m.put("on_failure", cfg.onFailure());
    m.put("ocr_timeout_ms", cfg.ocrTimeoutMs());
    m.put("incremental", cfg.incremental());
    m.put("gate_sample", cfg.gateSample());
    m.put("gate_min_frames", cfg.gateMinFrames());
    m.put("painted", "solid opaque boxes, never blur");
    return m;
  }

  /** Executor side: one {@link FrameRedactor} per task, one episode at a time (memory bounded by one episode's frames). */
  static final class Task implements MapPartitionsFunction<Row, Row>, Serializable {
    private static final long serialVersionUID = 1L;
    private final RedactConfig cfg;
    private final TextScrubber scrubber;
    private final List<KnownValue> nightValues;
    private final HadoopConf hadoop;
    private final String rawRoot;

    Task(RedactConfig cfg, TextScrubber scrubber, List<KnownValue> nightValues, HadoopConf hadoop, String rawRoot) {
      this.cfg = cfg;
      this.scrubber = scrubber;
      this.nightValues = nightValues;
      this.hadoop = hadoop;
      this.rawRoot = rawRoot;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) throws Exception {
      if (!rows.hasNext()) {
        return java.util.Collections.emptyIterator();
      }
      Path raw = new Path(rawRoot);
      FileSystem fs = raw.getFileSystem(hadoop.get());
      FrameRedactor redactor = new FrameRedactor(cfg, scrubber, nightValues);
      TaskContext tc = TaskContext.get();
      if (tc != null) {
        tc.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> redactor.close());
      }
      return new Iterator<>() {
        boolean closed;

        @Override
        public boolean hasNext() {
          boolean more = rows.hasNext();
          if (!more && !closed) {
            closed = true;
            redactor.close();
          }
          return more;
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          try {
            return redactEpisode(rows.next(), redactor, fs, raw);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };
    }
  }

  private static final int E_FRAMES = Schemas.EPISODE.fieldIndex("frames");
  private static final int E_STEPS = Schemas.EPISODE.fieldIndex("steps");
  private static final int E_NUM_FRAMES = Schemas.EPISODE.fieldIndex("num_frames");
  private static final int E_VALUES = Schemas.EPISODE.size();
  private static final int F_IDX = Schemas.EPISODE_FRAME.fieldIndex("idx");
  private static final int F_ID = Schemas.EPISODE_FRAME.fieldIndex("frame_id");
  private static final int F_PATH = Schemas.EPISODE_FRAME.fieldIndex("path");
  private static final int F_FORMAT = Schemas.EPISODE_FRAME.fieldIndex("format");
  private static final int F_HASH = Schemas.EPISODE_FRAME.fieldIndex("content_hash");
  private static final int F_BYTES = Schemas.EPISODE_FRAME.fieldIndex("bytes");
  private static final int S_FRAME = Schemas.STEP.fieldIndex("frame");

  /**
   * One episode: its frames redacted in order; a frame that failed and is dropped disappears, the
   * frames after it are renumbered and every step keeps pointing at the same frame (or at none).
   */
  static Row redactEpisode(Row e, FrameRedactor redactor, FileSystem fs, Path raw) throws IOException {
    List<Row> frames = e.getList(E_FRAMES);
    List<KnownValue> sessionValues = new ArrayList<>();
    if (!e.isNullAt(E_VALUES)) {
      for (Row v : e.<Row>getList(E_VALUES)) {
        sessionValues.add(new KnownValue(v.getString(0), v.getString(1)));
      }
    }
    List<FrameInput> inputs = new ArrayList<>(frames.size());
    for (Row f : frames) {
      byte[] bytes = RawImages.read(fs, RawImages.resolve(raw, f.getString(F_PATH)), f.getLong(F_BYTES),
          f.getString(F_HASH));
      inputs.add(new FrameInput(bytes, f.getString(F_FORMAT)));
    }
    List<RedactedFrame> results = frames.isEmpty() ? List.of() : redactor.redactSequence(inputs,
        sessionValues);
    if (results.size() != frames.size()) {
      throw new IllegalStateException("redactor returned " + results.size() + " frames for " + frames.size());
    }
    Map<Integer, Integer> newIdx = new HashMap<>();
    List<Row> outFrames = new ArrayList<>(frames.size());
    int failed = 0;
    int redactedFrames = 0;
    Map<String, Long> boxes = new java.util.TreeMap<>();
    List<String> droppedIds = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      Row f = frames.get(i);
      RedactedFrame r = results.get(i);
      if (r.failure() != null) {
        failed++;
      }
      if (r.bytes() == null) {
        droppedIds.add(f.getString(F_ID));
        continue;  // fail closed: dropped
      }
      if (r.redactions() > 0) {
        redactedFrames++;
      }
      r.byKind().forEach((k, n) -> boxes.merge(k, (long) n, Long::sum));
      int idx = outFrames.size();
      newIdx.put(f.getInt(F_IDX), idx);
      Object[] v = new Object[Schemas.REDACTED_FRAME.size()];
      for (int c = 0; c < f.size(); c++) {
        v[c] = f.get(c);
      }
      v[F_IDX] = idx;
      v[F_FORMAT] = r.format();
      v[F_BYTES] = (long) r.bytes().length;
      v[F_HASH] = Sha256.hex(r.bytes());
      v[Schemas.REDACTED_FRAME.fieldIndex("image")] = r.bytes();
      v[Schemas.REDACTED_FRAME.fieldIndex("redactions")] = r.redactions();
      outFrames.add(RowFactory.create(v));
    }
    List<Row> steps = e.getList(E_STEPS);
    List<Row> outSteps = new ArrayList<>(steps.size());
    for (Row s : steps) {
      Object[] sv = new Object[s.size()];
      for (int c = 0; c < s.size(); c++) {
        sv[c] = s.get(c);
      }
      sv[S_FRAME] = s.isNullAt(S_FRAME) ? null : newIdx.get(s.getInt(S_FRAME));
      outSteps.add(RowFactory.create(sv));
    }
    Object[] out = new Object[WITH_STATS.size()];
    for (int c = 0; c < Schemas.EPISODE.size(); c++) {
      out[c] = e.get(c);
    }
    out[E_FRAMES] = ScalaValues.seq(outFrames);
    out[E_STEPS] = ScalaValues.seq(outSteps);
    out[E_NUM_FRAMES] = outFrames.size();
    for (int c = 0; c < out.length; c++) {
      if (out[c] instanceof List<?> l) {
        out[c] = ScalaValues.seq(l);
      }
    }
    int base = Schemas.REDACTED_EPISODE.size();
    out[base] = frames.size();
    out[base + 1] = failed;
    out[base + 2] = redactedFrames;
    out[base + 3] = ScalaValues.map(boxes);
    out[base + 4] = ScalaValues.seq(droppedIds);
    return RowFactory.create(out);
  }
}
