package io.demoshard.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Injects every recorder fault of RAW_FORMAT.md "Faults that happen" and records each in truth.
 * Faults are placed so the ground-truth actions stay valid: lost or broken events are only
 * mouse_moves (never part of an action), lost lines of the truncated gzip are duplicates of lines
 * stored elsewhere, and broken images make the truth fall back to the previous valid frame.
 */
final class FaultInjector {
  static final long DAY = 86_400_000L;

  final Rng r;
  final List<Json> rows = new ArrayList<>();   // faults without a file position
  final Set<String> reuploads = new HashSet<>();
  private final Predicate<SimUser> publishable;
  private final long day0;                     // epoch ms of the simulated day's 00:00 UTC

  FaultInjector(long seed, Predicate<SimUser> publishable, long day0) {
    this.r = new Rng(Rng.derive(seed, "faults", 0));
    this.publishable = publishable;
    this.day0 = day0;
  }

  void row(String kind, String file, Integer line, String id, String detail) {
    rows.add(Json.obj().put("kind", kind).put("file", file).put("line", line).put("id", id).put("detail", detail));
  }

  /** Ordinary daytime sessions, preferring users past the first two (they own the midnight sessions). */
  private static List<SimSession> normal(List<SimSession> all, List<String> midnight) {
    List<SimSession> out = new ArrayList<>();
    for (SimSession s : all) if (!midnight.contains(s.id) && s.user.index >= 2) out.add(s);
    for (SimSession s : all) if (!midnight.contains(s.id) && s.user.index < 2) out.add(s);
    return out;
  }

  /** True when at least one of the session's tasks (episodes) starts on the simulated day. */
  private boolean episodeOnDay(SimSession s) {
    for (SimAction a : s.actions) if (a.first.ts >= day0 && a.first.ts < day0 + DAY) return true;
    return false;
  }

  private static boolean hasRoutine(SimSession s) {
    for (SimSession.TaskInfo t : s.tasks) if (t.repeatGroup != null) return true;
    return false;
  }

  /**
   * The session to re-upload: one the job publishes (its user is publishable and it has an
   * episode on the day), preferring one without a repeated routine (a re-uploaded routine would
   * be both a re-upload and a repeat); the first ordinary session when there is none.
   */
  private SimSession reuploadSource(List<SimSession> cand) {
    SimSession withRoutine = null;
    for (SimSession s : cand) {
      if (!publishable.test(s.user) || !episodeOnDay(s)) continue;
      if (!hasRoutine(s)) return s;
      if (withRoutine == null) withRoutine = s;
    }
    return withRoutine != null ? withRoutine : cand.get(0);
  }

  /** Session-level faults; returns the reupload copies to add. */
  List<SimSession> sessionFaults(List<SimSession> sessions, List<String> midnight) {
    List<SimSession> cand = normal(sessions, midnight);
    SimSession orig = reuploadSource(cand);
    SimSession copy = reupload(orig);
    row("reupload", null, null, copy.id, "copy of session " + orig.id + " uploaded again after a recorder crash");
    // missing start/end markers on other sessions than the re-uploaded one
    List<SimSession> others = new ArrayList<>(cand);
    if (others.size() > 1) others.remove(orig);
    SimSession noStart = others.get(0);
    SimSession noEnd = others.get(Math.min(1, others.size() - 1));
    dropFirst(noStart, "session_start", "no_session_start");
    dropFirst(noEnd, "session_end", "no_session_end");
    // seq gaps: the recorder dropped some mouse_move events
    for (int k = 0; k < Math.min(3, cand.size()); k++) {
      SimSession s = cand.get(cand.size() - 1 - k);
      int dropped = 0;
      for (int i = s.events.size() - 1; i >= 0 && dropped < 6; i--) {
        SimEvent e = s.events.get(i);
        if (e.type.equals("mouse_move") && r.chance(0.05)) {
          s.events.remove(i);
          row("seq_gap", null, null, e.eventId, "mouse_move seq " + e.seq + " of session " + s.id + " never uploaded");
          dropped++;
        }
      }
    }
    // clocks: one device wrong by days (all its records), one by minutes
    List<SimUser> users = new ArrayList<>();
    for (SimSession s : cand) if (!users.contains(s.user)) users.add(s.user);
    // prefer ordinary users other than the reupload's and the routines' performers (a clock days off
    // would move their episodes off the day); users 0 and 1 own the midnight sessions (1 last)
    Set<SimUser> routineUsers = new HashSet<>();
    for (SimSession s : sessions) if (hasRoutine(s)) routineUsers.add(s.user);
    users.sort(Comparator.comparingInt((SimUser u) -> u.index >= 2 ? (u == orig.user || routineUsers.contains(u) ? 1 : 0) : 3 - u.index));
    SimUser days = users.get(0);
    SimUser minutes = users.get(Math.min(1, users.size() - 1));
    shift(sessions, copy, days, -5 * DAY);
    row("clock_skew_days", null, null, days.deviceId, "device clock 5 days behind: every ts of this device is off by -5d");
    if (minutes != days) {
      shift(sessions, copy, minutes, 7 * 60_000L);
      row("clock_skew_minutes", null, null, minutes.deviceId, "device clock 7 minutes ahead");
    }
    return List.of(copy);
  }

  private void dropFirst(SimSession s, String type, String kind) {
    for (int i = 0; i < s.events.size(); i++) {
      if (s.events.get(i).type.equals(type)) {
        SimEvent e = s.events.remove(i);
        row(kind, null, null, s.id, type + " (" + e.eventId + ") never uploaded");
        return;
      }
    }
  }

  private static void shift(List<SimSession> sessions, SimSession copy, SimUser u, long delta) {
    List<SimSession> all = new ArrayList<>(sessions);
    all.add(copy);
    for (SimSession s : all) {
      if (s.user != u) continue;
      for (SimEvent e : s.events) e.ts += delta;
      for (SimFrame f : s.frames) f.ts += delta;
      for (SimAction a : s.actions) a.lastTs += delta;
    }
  }

  /** The same session under a new session id, with new event and frame ids: a crash re-upload. */
  SimSession reupload(SimSession o) {
    long seed = Rng.mix(o.seedForIds ^ 0x5EED5EEDL);
    SimSession c = new SimSession("s-" + Rng.hex(Rng.mix(seed), 16), o.user, o.plannedStart, o.markers, seed);
    c.reuploadOf = o;
    c.lex = o.lex;
    c.people = o.people;
    java.util.Map<SimEvent, SimEvent> map = new java.util.IdentityHashMap<>();
    for (SimEvent e : o.events) {
      SimEvent n = new SimEvent(c, e.ts, e.type, e.order);
      for (String k : e.body.keyList()) n.body.put(k, e.body.get(k));
      n.seq = e.seq;
      n.eventId = FrameScheduler.eventId(seed, e.seq);
      n.uploadDay = e.uploadDay;
      c.events.add(n);
      map.put(e, n);
    }
    int k = 0;
    for (SimFrame f : o.frames) {
      SimFrame n = new SimFrame(c, f.ts, f.trigger, f.view);
      n.frameId = FrameScheduler.frameId(seed, k++);
      n.uploadDay = f.uploadDay;
      n.width = f.width;
      n.height = f.height;
      c.frames.add(n);
    }
    for (SimAction a : o.actions) {
      SimAction n = a.copy();
      n.first = map.get(a.first);
      c.actions.add(n);
    }
    for (SimSession.TaskInfo t : o.tasks) {
      SimSession.TaskInfo n = new SimSession.TaskInfo(t.app, t.label, t.taskId);
      n.repeatGroup = t.repeatGroup;
      c.tasks.add(n);
    }
    reuploads.add(c.id);
    return c;
  }

  /** Broken images under frames that would be an action's observation, so the truth falls back. */
  void imageFaults(List<SimSession> sessions) {
    List<SimFrame> targets = new ArrayList<>();
    for (SimSession s : sessions) {
      if (reuploads.contains(s.id) || s.actions.isEmpty()) continue;
      SimAction a = s.actions.get(r.r.nextInt(s.actions.size()));
      SimFrame f = FrameScheduler.observation(s.frames, a.first.ts, Long.MAX_VALUE);
      if (f != null && f.imageValid()) targets.add(f);
    }
    SimFrame.ImageFault[] kinds = {SimFrame.ImageFault.MISSING, SimFrame.ImageFault.TRUNCATED, SimFrame.ImageFault.UNDECODABLE};
    for (int i = 0; i < targets.size() && i < 9; i++) {
      SimFrame f = targets.get(i);
      f.imageFault = kinds[i % 3];
      String kind = switch (f.imageFault) { case MISSING -> "missing_image"; case TRUNCATED -> "truncated_image"; default -> "undecodable_image"; };
      row(kind, f.path(), null, f.frameId, "index line present, image " + f.imageFault.name().toLowerCase());
    }
  }

  /** Index width/height disagreeing with the image, on frames no action uses (the image itself is fine). */
  void sizeMismatch(List<SimSession> sessions) {
    int done = 0;
    for (SimSession s : sessions) {
      if (done >= 3 || reuploads.contains(s.id)) continue;
      Set<String> used = new HashSet<>();
      for (SimAction a : s.actions) if (a.frameId != null) used.add(a.frameId);
      for (int i = s.frames.size() / 2; i < s.frames.size(); i++) {
        SimFrame f = s.frames.get(i);
        if (f.trigger.equals("timer") && f.imageValid() && !used.contains(f.frameId)) {
          f.width = f.width * 2;     // the recorder took logical for physical pixels
          f.height = f.height * 2;
          row("size_mismatch", null, null, f.frameId, "index says " + f.width + "x" + f.height + ", image is smaller");
          done++;
          break;
        }
      }
    }
  }

  /** Faults on individual lines: duplicates, garbage, missing fields, wrong types, unknown types and fields. */
  List<Line> lineFaults(List<Line> lines) {
    List<Line> out = new ArrayList<>(lines);
    List<Line> moves = new ArrayList<>();
    List<Line> frames = new ArrayList<>();
    List<Line> others = new ArrayList<>();
    for (Line l : lines) {
      if (l.event != null && l.event.type.equals("mouse_move")) moves.add(l);
      else if (l.frame != null) frames.add(l);
      else if (l.event != null) others.add(l);
    }
    for (int i = 0; i < 15; i++) {
      Line l = pick(r.chance(0.5) ? moves : others);
      out.add(l.tagged("duplicate_line", l.event.eventId, "same event delivered twice"));
    }
    for (int i = 0; i < 5; i++) {
      Line l = pick(frames);
      out.add(l.tagged("duplicate_line", l.frame.frameId, "same frame index line delivered twice"));
    }
    for (int i = 0; i < 2; i++) {
      Line l = pick(moves);
      Json j = l.event.toJson();
      j.put("x", (Integer) j.get("x") + 37);
      Line d = l.tagged("duplicate_id_different_payload", l.event.eventId, "same event_id, x differs");
      d.text = j.toString();
      out.add(d);
    }
    Line fl = pick(frames);
    Line fd = fl.tagged("duplicate_id_different_payload", fl.frame.frameId, "same frame_id, trigger differs");
    fd.text = fl.frame.toJson().put("trigger", "change").toString();
    out.add(fd);
    String[] garbage = {"{\"v\":1,\"event_id\":\"ev-", "\u0000\u0000\u0000\u0000", "<html><body>502 Bad Gateway</body></html>"};
    for (String g : garbage) {
      Line base = pick(moves);
      Line l = new Line("events", base.dt, base.device, base.ts, g).tagged("not_json", null, "line is not JSON");
      out.add(l);
    }
    // replace (not add): these mouse_moves become unusable, which costs no action
    replace(out, pick(moves), "missing_field", j -> j.remove("ts"), "ts missing");
    replace(out, pick(moves), "missing_field", j -> j.remove("session_id"), "session_id missing");
    replace(out, pick(moves), "wrong_type", j -> j.put("ts", "abc"), "ts is a string");
    replace(out, pick(moves), "wrong_type", j -> j.put("x", String.valueOf(j.get("x"))), "x is a string");
    replace(out, pick(moves), "unknown_event_type", j -> j.put("type", "clipboard_change").remove("x").remove("y").put("mime", "text/plain"), "type clipboard_change");
    replace(out, pick(moves), "unknown_event_type", j -> j.put("type", "gaze_sample").put("confidence", 0.82), "type gaze_sample");
    for (int i = 0; i < 5; i++) {
      Line l = pick(i % 2 == 0 ? others : moves);
      int idx = out.indexOf(l);
      if (idx < 0 || l.fault != null) continue;
      Line n = l.tagged("unknown_field", l.event.eventId, "extra field battery_pct");
      n.text = l.event.toJson().put("battery_pct", r.between(5, 100)).toString();
      out.set(idx, n);
    }
    Line fu = pick(frames);
    int fi = out.indexOf(fu);
    if (fi >= 0 && fu.fault == null) {
      Line n = fu.tagged("unknown_field", fu.frame.frameId, "extra field display_id");
      n.text = fu.frame.toJson().put("display_id", 1).toString();
      out.set(fi, n);
    }
    return out;
  }

  private void replace(List<Line> out, Line l, String kind, java.util.function.UnaryOperator<Json> f, String detail) {
    int idx = out.indexOf(l);
    if (idx < 0 || l.fault != null) return;
    Line n = l.tagged(kind, l.event.eventId, detail);
    n.text = f.apply(l.event.toJson()).toString();
    out.set(idx, n);
  }

  private final Set<Line> touched = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  /** A line no other fault has used yet, so every fault stays exactly what the truth says. */
  private Line pick(List<Line> xs) {
    for (int tries = 0; ; tries++) {
      Line l = xs.get(r.r.nextInt(xs.size()));
      if (touched.add(l) || tries > 50) return l;
    }
  }
}
