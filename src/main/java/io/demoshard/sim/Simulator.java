package io.demoshard.sim;

import io.demoshard.config.DemoshardConfig.SimulateConfig;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Recorder simulator: writes one day of raw recordings exactly as RAW_FORMAT.md describes, plus the
 * ground truth (RAW/_truth/) the evaluator compares the job's output with.
 *
 * <p>Deterministic: every random stream derives from the seed, ids from seeded hashes, timestamps
 * from the simulated date; rendering runs in parallel but each image is a pure function of its
 * screen, so the bytes do not depend on scheduling.
 */
public final class Simulator {
  static final long MAX_FRAME_AGE_MS = 5_000;   // join.max-frame-age

  private final SimulateConfig cfg;
  private final Configuration conf;

  public Simulator(SimulateConfig cfg, Configuration conf) {
    this.cfg = cfg;
    this.conf = conf;
  }

  public SimulationSummary run(String rawRoot, LocalDate date, boolean faults) throws IOException {
    Layout layout = new Layout(cfg.screenWidth(), cfg.screenHeight());
    DayPlanner plan = new DayPlanner(cfg.seed(), date, cfg.mixedConsentUsers());
    plan.plan(cfg.users());
    // the directory: every user plus colleagues who are never recorded (they still appear on screens)
    People people = new People(cfg.seed(), plan.users, Math.max(3, cfg.users() / 2));
    Lexicon dayLex = new Lexicon(null);
    for (SimUser u : plan.users) {
      u.person = people.of(u);
      u.dark = Rng.derive(cfg.seed(), "theme", u.index) % 3 == 0;   // about a third work in dark mode
      dayLex.add(u.deviceId, "hostname");
      for (String home : new String[] {"/home/", "/Users/", "C:\\Users\\"}) dayLex.add(home + u.person.login(), "path");
    }
    for (People.Person p : people.people) {
      dayLex.add(p.displayName(), "person");
      dayLex.add(People.ascii(p.displayName()), "person");
      if (!People.COMMON_WORDS.contains(p.first())) dayLex.add(p.first(), "person");
      if (p.nick() != null) dayLex.add(p.nick(), "person");
      dayLex.add(p.email(), "email");
      dayLex.add(p.login(), "login");
      dayLex.add(p.userId(), "user_id");
    }

    List<SimSession> sessions = new ArrayList<>();
    List<String> midnight = new ArrayList<>();
    List<Json> naturalFaults = new ArrayList<>();
    for (int k = 0; k < plan.sessions.size(); k++) {
      DayPlanner.PlannedSession p = plan.sessions.get(k);
      long sseed = Rng.derive(cfg.seed(), "session", k);
      SimSession s = new SimSession(sessionId(sseed), p.user(), p.start(), p.markers(), sseed);
      s.lex = new Lexicon(dayLex);
      s.people = people;
      Rng r = new Rng(Rng.derive(cfg.seed(), "gen", k));
      SessionGen.generate(s, p, r, layout, plan.routines.getOrDefault(k, List.of()));
      FrameScheduler.finish(s, r, cfg.timerFrameIntervalMs(), layout.w, layout.h);
      for (SimEvent e : s.events) e.uploadDay = day(e.ts);
      for (SimFrame f : s.frames) f.uploadDay = day(f.ts);
      if (p.midnight() != null) {
        midnight.add(s.id);
        naturalFaults.add(faultRow("crosses_midnight", s.id, p.midnight() + ": events uploaded under dt="
            + s.events.get(0).uploadDay + " and dt=" + s.events.get(s.events.size() - 1).uploadDay));
      }
      sessions.add(s);
    }

    FaultInjector fi = faults ? new FaultInjector(cfg.seed(), plan::publishable, plan.day0) : null;
    if (fi != null) {
      sessions.addAll(fi.sessionFaults(sessions, midnight));
      fi.imageFaults(sessions);
    }
    for (SimSession s : sessions) {
      for (SimAction a : s.actions) {
        SimFrame f = FrameScheduler.observation(s.frames, a.first.ts, MAX_FRAME_AGE_MS);
        a.frameId = f == null ? null : f.frameId;
      }
    }
    if (fi != null) fi.sizeMismatch(sessions);
    for (SimSession s : sessions) {
      if (s.reuploadOf != null) continue;
      long secure = s.events.stream().filter(e -> Boolean.TRUE.equals(e.body.get("secure"))).count();
      if (secure > 0) naturalFaults.add(faultRow("secure_keys", s.id, secure + " key events in secure fields"));
      if (!s.pii.isEmpty()) naturalFaults.add(faultRow("pii", s.id, s.pii.size() + " personal data values typed or shown"));
    }

    for (SimSession s : sessions) s.lex.freeze();
    tick("generate");
    RawWriter out = new RawWriter(rawRoot, conf);
    ImageStage images = new ImageStage(layout, out);
    images.writeAll(sessions, fi != null ? fi.r.r.nextLong() : 0, fi);

    tick("images");
    List<Line> lines = new ArrayList<>();
    long events = 0;
    long frames = 0;
    for (SimSession s : sessions) {
      for (SimEvent e : s.events) {
        Line l = new Line("events", e.uploadDay, s.user.deviceId, e.ts, e.toJson().toString());
        l.event = e;
        lines.add(l);
        events++;
      }
      for (SimFrame f : s.frames) {
        Line l = new Line("frames", f.uploadDay, s.user.deviceId, f.ts, f.toJson().toString());
        l.frame = f;
        lines.add(l);
        frames++;
      }
    }
    if (fi != null) lines = fi.lineFaults(lines);
    List<Json> faultRows = new ArrayList<>(naturalFaults);
    faultRows.addAll(new FileAssembler(out, faults, cfg.seed()).write(lines));
    if (fi != null) faultRows.addAll(fi.rows);
    faultRows.addAll(images.faultRows);

    tick("event files");
    long episodes = new TruthWriter(out, plan).write(sessions, faultRows);
    writeRegistry(out, plan, date);
    out.text("directory/people.csv", people.csv());

    Map<String, Long> counts = new TreeMap<>();
    for (Json f : faultRows) counts.merge((String) f.get("kind"), 1L, Long::sum);
    return new SimulationSummary(cfg.users(), sessions.size(), events, frames, episodes, Collections.unmodifiableMap(counts));
  }

  private long lastTick = System.nanoTime();

  /** Stage timings on stderr with -Ddemoshard.sim.timing=true (for tuning; never in the output). */
  private void tick(String stage) {
    long now = System.nanoTime();
    if (Boolean.getBoolean("demoshard.sim.timing")) System.err.printf("sim %-12s %6d ms%n", stage, (now - lastTick) / 1_000_000);
    lastTick = now;
  }

  static Json faultRow(String kind, String id, String detail) {
    return Json.obj().put("kind", kind).put("file", null).put("line", null).put("id", id).put("detail", detail);
  }

  static String day(long ts) { return Instant.ofEpochMilli(ts).atZone(ZoneOffset.UTC).toLocalDate().toString(); }

  static String sessionId(long seed) {
    String h = Rng.hex(Rng.mix(seed), 16) + Rng.hex(Rng.mix(seed + 1), 16);
    return h.substring(0, 8) + "-" + h.substring(8, 12) + "-4" + h.substring(13, 16) + "-a" + h.substring(17, 20) + "-" + h.substring(20, 32);
  }

  /** Consent snapshot (two files, rows shuffled) and erasure requests. */
  private static void writeRegistry(RawWriter out, DayPlanner plan, LocalDate date) {
    List<String> rows = new ArrayList<>();
    for (DayPlanner.ConsentRow c : plan.consent) rows.add(c.userId() + "," + c.status() + "," + c.region() + "," + DayPlanner.iso(c.updatedAt()));
    Collections.shuffle(rows, new java.util.Random(plan.seed ^ 0xC0FFEEL));
    int half = rows.size() / 2;
    List<String> a = new ArrayList<>(List.of("user_id,status,region,updated_at"));
    a.addAll(rows.subList(0, half));
    List<String> b = new ArrayList<>(List.of("user_id,status,region,updated_at"));
    b.addAll(rows.subList(half, rows.size()));
    out.text("consent/registry-" + date + "-part-0.csv", a);
    out.text("consent/registry-" + date + "-part-1.csv", b);
    List<String> er = new ArrayList<>(List.of("user_id,requested_at"));
    for (String[] e : plan.erasure) er.add(e[0] + "," + e[1]);
    out.text("erasure/requests-" + date + ".csv", er);
  }

  /** Renders and writes every screenshot, in parallel per session, each session's views cached. */
  static final class ImageStage {
    final Layout layout;
    final RawWriter out;
    final List<Json> faultRows = new ArrayList<>();

    ImageStage(Layout layout, RawWriter out) {
      this.layout = layout;
      this.out = out;
    }

    void writeAll(List<SimSession> sessions, long faultSeed, FaultInjector fi) throws IOException {
      int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> fs = new ArrayList<>();
        // longest sessions first keeps both threads busy to the end
        List<SimSession> order = new ArrayList<>(sessions);
        order.sort(Comparator.comparingInt((SimSession s) -> -s.frames.size()));
        for (SimSession s : order) fs.add(pool.submit(() -> writeSession(s)));
        for (Future<?> f : fs) f.get();
      } catch (Exception e) {
        throw new IOException("rendering screenshots failed", e);
      } finally {
        pool.shutdownNow();
      }
      if (fi != null) orphans(sessions, new Rng(faultSeed));
    }

    private void writeSession(SimSession s) {
      Renderer renderer = new Renderer(layout, s.lex);
      Map<Screen.View, Renderer.Rendered> cache = new HashMap<>();
      Map<List<TextBox>, String> boxJson = new HashMap<>();   // one JSON text per distinct box list
      for (SimFrame f : s.frames) {
        if (f.imageFault == SimFrame.ImageFault.MISSING) continue;
        Renderer.Rendered rendered = cache.computeIfAbsent(f.view, v -> renderer.render(v, s.user.format));
        byte[] img = rendered.bytes();
        if (f.imageValid()) f.boxes = boxJson.computeIfAbsent(rendered.boxes(), TruthWriter::boxes);
        if (f.imageFault == SimFrame.ImageFault.TRUNCATED) img = java.util.Arrays.copyOf(img, img.length * 2 / 5);
        if (f.imageFault == SimFrame.ImageFault.UNDECODABLE) img = undecodable(img);
        out.bytes(f.path(), img);
      }
    }

    /** A valid signature followed by bytes that are no image at all. */
    static byte[] undecodable(byte[] img) {
      byte[] b = new byte[Math.min(img.length, 4096)];
      System.arraycopy(img, 0, b, 0, 8);
      for (int i = 8; i < b.length; i++) b[i] = (byte) (i * 31 + 7);
      return b;
    }

    /** Screenshots that reached storage while their index lines did not. */
    private void orphans(List<SimSession> sessions, Rng r) {
      Renderer renderer = new Renderer(layout);
      for (int i = 0; i < 2; i++) {
        SimSession s = sessions.get(r.r.nextInt(sessions.size()));
        SimFrame src = s.frames.get(r.r.nextInt(s.frames.size()));
        SimFrame o = new SimFrame(s, src.ts + 1, "timer", src.view);
        o.frameId = "fr-" + Rng.hex(r.r.nextLong(), 16);
        o.uploadDay = src.uploadDay;
        out.bytes(o.path(), renderer.encode(o.view, s.user.format));
        faultRows.add(Json.obj().put("kind", "orphan_image").put("file", o.path()).put("line", null).put("id", o.frameId)
            .put("detail", "image without index line"));
      }
    }
  }

  static <T> List<T> dedup(List<T> xs) { return new ArrayList<>(new LinkedHashSet<>(xs)); }
}
