package io.demoshard.pipeline;

import io.demoshard.model.Sha256;
import io.demoshard.config.DemoshardConfig;
import io.demoshard.join.ObservationJoin;
import io.demoshard.model.Counts;
import io.demoshard.model.FrameRef;
import io.demoshard.model.RawEvent;
import io.demoshard.privacy.SensitiveSpanFilter;
import io.demoshard.reduce.Action;
import io.demoshard.reduce.ActionReducer;
import io.demoshard.reduce.Reduction;
import io.demoshard.segment.EpisodeDraft;
import io.demoshard.segment.Segmentation;
import io.demoshard.segment.Segmenter;
import org.apache.spark.sql.Row;
import static io.demoshard.spark.ScalaValues.seq;
import org.apache.spark.sql.RowFactory;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One session's events and frames (sorted by ts) -> its episodes as {@code Schemas.EPISODE}
 * rows, and counts in which every event and every frame lands exactly once.
 *
 * <p>Day rule: an episode belongs to the UTC day of its first raw event; episodes of other
 * days (read only as context through the look-behind/look-ahead uploads) are left to that
 * day's run and counted as {@code policy.other_day}.
 */
final class SessionProcessor implements Serializable {
  private static final long serialVersionUID = 1L;

  record Outcome(Counts counts, List<Row> episodes) {}

  private final DemoshardConfig cfg;
  private final long dayStart;
  private final long dayEnd;
  /** Keyed salt for episode ids (see {@link SessionStage}). */
  private final String idSalt;
  private transient ActionReducer reducer;
  private transient Segmenter segmenter;
  private transient SensitiveSpanFilter spans;

  SessionProcessor(DemoshardConfig cfg, long dayStart, long dayEnd, String idSalt) {
    this.cfg = cfg;
    this.idSalt = idSalt;
    this.dayStart = dayStart;
    this.dayEnd = dayEnd;
  }

  Outcome process(String userKey, String deviceId, String sessionId, List<RawEvent> events, List<FrameRef> frames) {
    if (reducer == null) {
      reducer = new ActionReducer(cfg.reduce());
      segmenter = new Segmenter(cfg.segment());
      spans = SensitiveSpanFilter.from(cfg.privacy());
    }
    Counts counts = new Counts();
    SensitiveSpanFilter.Result kept = spans.apply(events, frames);
    counts.addAll(kept.counts());
    List<RawEvent> ev = kept.events();
    List<FrameRef> fr = kept.frames();

    int[] observation = ObservationJoin.observe(ev, fr, cfg.join().maxFrameAgeMs());
    Reduction reduction = reducer.reduce(ev, observation);
    Segmentation segmentation = segmenter.segment(ev, reduction.actions());

    // Every event the reducer used lands in exactly one of: an episode of this day (its fate,
    // published or deduplicated, is counted after dedup from the episodes themselves), an
    // episode of another day, or a dropped short episode. Frames likewise, by span.
    long usedOtherDay = 0;
    long usedShort = 0;
    long inEpisodes = 0;
    String[] frameFate = new String[fr.size()];
    List<Row> rows = new ArrayList<>();
    SessionInfo info = SessionInfo.of(ev, fr);
    for (EpisodeDraft d : segmentation.episodes()) {
      long n = d.actions().stream().mapToLong(Action::eventCount).sum();
      if (d.startTs() >= dayStart && d.startTs() < dayEnd) {
        inEpisodes += n;
        List<Integer> span = EpisodeRows.frameSpan(d, fr);
        rows.add(EpisodeRows.build(idSalt, userKey, deviceId, sessionId, d, fr, span, info, n));
        mark(frameFate, span, "in_episodes");
      } else {
        usedOtherDay += n;
        mark(frameFate, EpisodeRows.frameSpan(d, fr), "policy.other_day");
      }
    }
    for (EpisodeDraft d : segmentation.droppedShort()) {
      usedShort += d.actions().stream().mapToLong(Action::eventCount).sum();
      mark(frameFate, EpisodeRows.frameSpan(d, fr), "policy.short_episode");
    }
    Counts red = reduction.events();
    red.asMap().forEach((name, v) -> {
      if (!name.equals("used")) {
        counts.add("events." + name, v);
      }
    });
    counts.add("events.in_episodes", inEpisodes);
    counts.add("events.policy.other_day", usedOtherDay);
    counts.add("events.policy.short_episode", usedShort);
    // Visible in the accounting check if segmentation ever loses or invents actions.
    counts.add("events.unsegmented", red.get("used") - inEpisodes - usedOtherDay - usedShort);
    for (String fate : frameFate) {
      counts.add("frames." + (fate == null ? "unused" : fate), 1);
    }
    recorderFaults(events, counts);
    counts.add("episodes.segmented", rows.size());
    counts.add("episodes.other_day", segmentation.episodes().size() - rows.size());
    counts.add("episodes.short_dropped", segmentation.droppedShort().size());
    return new Outcome(counts, rows);
  }

  /**
   * Informational counts of recorder faults the per-session logic tolerates: events the
   * recorder dropped (gaps in {@code seq}) and sessions without a start or an end marker.
   */
  private static void recorderFaults(List<RawEvent> events, Counts counts) {
    counts.add("sessions.seen", 1);
    if (events.isEmpty()) {
      return;
    }
    long[] seqs = events.stream().mapToLong(RawEvent::seq).sorted().distinct().toArray();
    counts.add("sessions.seq_missing_events", seqs[seqs.length - 1] - seqs[0] + 1 - seqs.length);
    if (events.stream().noneMatch(e -> "session_start".equals(e.type()))) {
      counts.add("sessions.without_start", 1);
    }
    if (events.stream().noneMatch(e -> "session_end".equals(e.type()))) {
      counts.add("sessions.without_end", 1);
    }
  }

  /** A frame keeps the most useful fate of any episode whose span holds it. */
  private static void mark(String[] fate, List<Integer> span, String what) {
    for (int i : span) {
      if (fate[i] == null || rank(what) < rank(fate[i])) {
        fate[i] = what;
      }
    }
  }

  private static int rank(String fate) {
    return switch (fate) {
      case "in_episodes" -> 0;
      case "policy.other_day" -> 1;
      default -> 2;
    };
  }

  /** Per-session facts from session_start, with the frames as a fallback for the screen size. */
  record SessionInfo(String os, Integer screenW, Integer screenH) {
    static SessionInfo of(List<RawEvent> events, List<FrameRef> frames) {
      for (RawEvent e : events) {
        if ("session_start".equals(e.type()) && e.screenW() != null && e.screenH() != null) {
          return new SessionInfo(e.os(), e.screenW(), e.screenH());
        }
      }
      String os = events.stream().filter(e -> e.os() != null).map(RawEvent::os).findFirst().orElse(null);
      Map<String, Integer> sizes = new LinkedHashMap<>();
      for (FrameRef f : frames) {
        sizes.merge(f.width() + "x" + f.height(), 1, Integer::sum);
      }
      return sizes.entrySet().stream().max(Map.Entry.comparingByValue())
          .map(e -> {
            String[] wh = e.getKey().split("x");
            return new SessionInfo(os, Integer.valueOf(wh[0]), Integer.valueOf(wh[1]));
          })
          .orElse(new SessionInfo(os, null, null));
    }
  }


  /** Builds the EPISODE row of one draft. */
  static final class EpisodeRows {
    private EpisodeRows() {}

    /**
     * The frames of an episode, as indexes into the session's frames in time order: every
     * step's observation, and every frame taken between the first and the last raw event
     * (intermediate screens; dedup later collapses the static ones).
     */
    static List<Integer> frameSpan(EpisodeDraft d, List<FrameRef> frames) {
      java.util.TreeSet<Integer> idx = new java.util.TreeSet<>();
      for (Action a : d.actions()) {
        if (a.frame() >= 0) {
          idx.add(a.frame());
        }
      }
      for (int i = 0; i < frames.size(); i++) {
        long ts = frames.get(i).ts();
        if (ts >= d.startTs() && ts <= d.endTs()) {
          idx.add(i);
        }
      }
      return new ArrayList<>(idx);
    }

    static Row build(String idSalt, String userKey, String deviceId, String sessionId, EpisodeDraft d, List<FrameRef> frames,
                     List<Integer> span, SessionInfo info, long rawEvents) {
      List<Action> actions = d.actions();
      long start = d.startTs();
      Map<Integer, Integer> frameIdx = new LinkedHashMap<>();
      span.forEach(i -> frameIdx.put(i, frameIdx.size()));
      List<Row> frameRows = new ArrayList<>();
      for (Map.Entry<Integer, Integer> e : frameIdx.entrySet()) {
        FrameRef f = frames.get(e.getKey());
        frameRows.add(RowFactory.create(e.getValue(), f.ts() - start, f.frameId(), f.path(), f.width(), f.height(),
            f.format(), f.phash(), f.contentHash(), f.bytes()));
      }
      List<Row> steps = new ArrayList<>();
      for (int i = 0; i < actions.size(); i++) {
        Action a = actions.get(i);
        steps.add(RowFactory.create(i, a.startTs() - start, a.type(), a.x(), a.y(), a.x2(), a.y2(),
            norm(a.x(), info.screenW()), norm(a.y(), info.screenH()), norm(a.x2(), info.screenW()),
            norm(a.y2(), info.screenH()), a.button(), a.dx(), a.dy(), a.text(), seq(a.keys()), a.count(),
            a.frame() >= 0 ? frameIdx.get(a.frame()) : null));
      }
      List<String> stepEventIds = actions.stream().map(Action::firstEventId).toList();
      String first = actions.get(0).firstEventId();
      String last = actions.get(actions.size() - 1).firstEventId();
      String episodeId = Sha256.hex("episode/v1|" + idSalt + "|" + deviceId + "|" + sessionId + "|" + first + "|" + last + "|"
          + actions.size()).substring(0, 32);
      long duration = actions.get(actions.size() - 1).startTs() - start;
      return RowFactory.create(episodeId, userKey, sessionId, start, d.endTs(), d.app(), seq(d.apps()), d.taskLabel(),
          info.os(), info.screenW(), info.screenH(), duration, steps.size(), frameRows.size(), seq(steps),
          seq(frameRows), rawEvents, seq(stepEventIds));
    }

    /** Pixels to [0, 1] by the screen size; coordinates off the screen are clamped. */
    static Double norm(Integer v, Integer size) {
      if (v == null || size == null || size <= 0) {
        return null;
      }
      return Math.max(0.0, Math.min(1.0, v / (double) size));
    }
  }
}
