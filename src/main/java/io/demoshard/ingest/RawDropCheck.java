package io.demoshard.ingest;

import io.demoshard.config.DemoshardConfig.IngestConfig;
import io.demoshard.model.Counts;
import io.demoshard.privacy.ConsentPolicy;
import io.demoshard.privacy.UserIds;
import io.demoshard.spark.HadoopConf;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What one raw drop ({@code RAW/events|frames|screenshots/dt=D/}, the registries) holds, checked on
 * the driver without Spark and without writing anything. Lines go through ingest's own reader,
 * parsers, clock check and duplicate rule, images through the image check's own probe, consent
 * rows through the consent reader's own check and the consent policy, so every fault is counted
 * under the name the nightly job would count and quarantine it ({@code events.quarantined.bad_json},
 * {@code frames.quarantined.missing_image}, ...).
 *
 * <p>Differences from a nightly run, on purpose: only upload day {@code D} is read (nightly also
 * reads {@code ingest.lookbehind-days}/{@code lookahead-days} around it), and duplicates are
 * counted within that day only. Memory grows with the day's lines (one id, hash and device per
 * line): meant for a drop to be looked at, not for a cluster-sized day.
 */
public final class RawDropCheck {
  /** The outcome: counters named as the nightly job names them, plus per-user consent decisions. */
  public record Report(String rawRoot, LocalDate day, Counts counts, Map<String, String> consentByUser,
                       boolean imagesChecked) {}

  private final Configuration conf;
  private final IngestConfig ingest;
  private final ConsentPolicy policy;
  private final boolean checkImages;

  /**
   * @param excludedRegions {@code privacy.excluded-regions}
   * @param checkImages     decode every indexed image as the image check does (the slow part)
   */
  public RawDropCheck(Configuration conf, IngestConfig ingest, List<String> excludedRegions, boolean checkImages) {
    this.conf = conf;
    this.ingest = ingest;
    this.policy = new ConsentPolicy(excludedRegions);
    this.checkImages = checkImages;
  }

  /** One parsed, clock-checked line that may be valid, a duplicate or a conflict (decided once all are read). */
  private record Candidate(String id, String hash, String device, boolean clockBad, String file, long line,
                           String user, String session, String type, String path, Integer width, Integer height,
                           String format, int unknownFields, boolean unknownType) {}

  public Report run(String rawRoot, LocalDate day) throws IOException {
    Counts c = new Counts();
    List<LocalDate> days = List.of(day);
    List<Candidate> events = lines(rawRoot, "events", days, new EventParser(), "event_id", c);
    List<Candidate> frames = lines(rawRoot, "frames", days, new FrameIndexParser(), "frame_id", c);
    Set<String> badDevices = clockBadDevices(events);
    List<Candidate> keptEvents = classify(events, "events", badDevices, c);
    List<Candidate> keptFrames = classify(frames, "frames", badDevices, c);  // nightly: the events' verdict

    // sessions, users, devices of the valid events
    Set<String> users = new TreeSet<>();
    Set<String> devices = new HashSet<>();
    Map<String, int[]> sessions = new HashMap<>();  // [starts, ends, events]
    for (Candidate e : keptEvents) {
      String u = UserIds.canonical(e.user());
      if (u != null) {
        users.add(u);
      }
      devices.add(e.device());
      int[] s = sessions.computeIfAbsent(e.session(), k -> new int[3]);
      s[0] += "session_start".equals(e.type()) ? 1 : 0;
      s[1] += "session_end".equals(e.type()) ? 1 : 0;
      s[2]++;
      c.add("events.type." + e.type(), 1);
    }
    c.add("users", users.size());
    c.add("devices", devices.size());
    c.add("sessions", sessions.size());
    c.add("sessions.without_start", sessions.values().stream().filter(s -> s[0] == 0).count());
    c.add("sessions.without_end", sessions.values().stream().filter(s -> s[1] == 0).count());
    Set<String> frameSessions = new HashSet<>();
    for (Candidate f : keptFrames) {
      frameSessions.add(f.session());
      c.add("frames.format." + f.format(), 1);
    }
    c.add("frames.sessions_without_events", frameSessions.stream().filter(s -> !sessions.containsKey(s)).count());

    images(rawRoot, day, frames, keptFrames, c);
    Map<String, String> decisions = consent(rawRoot, day, users, c);
    return new Report(rawRoot, day, c, decisions, checkImages);
  }

  // ------------------------------------------------------------------ lines

  private List<Candidate> lines(String rawRoot, String kind, List<LocalDate> days, JsonLineParser parser,
                                String idColumn, Counts c) {
    Counts listing = new Counts();
    List<String> files = RawListing.list(conf, rawRoot, kind, days, RawListing::isNdjson, listing);
    c.add(kind + ".files", files.size());
    c.addAll(listing);  // files.ignored, files.missing_day: as nightly's listing counts them
    ClockCheck clock = new ClockCheck(ingest);
    boolean isEvents = kind.equals("events");
    List<Candidate> out = new ArrayList<>();
    RawLineReader.FileLines rows = new RawLineReader.FileLines(files.iterator(), new HadoopConf(conf));
    while (rows.hasNext()) {
      Row r = rows.next();
      String rec = r.getString(0);
      String file = r.getString(1);
      if (rec.equals(RawLineReader.FILE)) {
        String reason = r.isNullAt(5) ? null : r.getString(5);
        c.add("files.listed", 1);
        c.add("files.read", Reasons.UNREADABLE_FILE.equals(reason) ? 0 : 1);
        c.add("files.gz", file.endsWith(".gz") ? 1 : 0);
        c.add("files.empty", reason == null && r.getLong(7) == 0 ? 1 : 0);
        if (reason != null) {
          c.add("files." + (reason.equals(Reasons.UNREADABLE_FILE) ? "unreadable" : reason), 1);
        }
        continue;
      }
      c.add(kind + ".lines", 1);
      if (rec.equals(RawLineReader.FAULT)) {
        c.add(kind + ".quarantined." + r.getString(5), 1);
        continue;
      }
      ParseResult p = parser.parse(r.getString(4));
      if (!p.ok()) {
        c.add(kind + ".quarantined." + p.reason(), 1);
        continue;
      }
      boolean clockBad = clock.check((Long) p.get("ts"), r.getString(3)) != null;
      out.add(new Candidate((String) p.get(idColumn), p.payloadHash(), (String) p.get("device_id"), clockBad, file,
          r.getLong(2), (String) p.get("user_id"), (String) p.get("session_id"),
          isEvents ? (String) p.get("type") : null, isEvents ? null : (String) p.get("path"),
          isEvents ? null : (Integer) p.get("width"), isEvents ? null : (Integer) p.get("height"),
          isEvents ? null : (String) p.get("format"), p.unknownFields(), p.unknownType()));
    }
    return out;
  }

  /**
   * LineIngest's rules on the parsed lines: a device whose share of clock failures among its events is
   * over {@code ingest.clock-device-bad-fraction} loses all its lines ({@code clock_device}); other clock
   * failures are {@code clock}; of the rest, per id the line with the smallest payload hash (then file,
   * line) is kept, equal payloads are {@code duplicate}, others {@code duplicate_conflict}.
   */
  private Set<String> clockBadDevices(List<Candidate> events) {
    Map<String, long[]> perDevice = new HashMap<>();
    for (Candidate l : events) {
      long[] n = perDevice.computeIfAbsent(l.device(), k -> new long[2]);
      n[0]++;
      n[1] += l.clockBad() ? 1 : 0;
    }
    Set<String> badDevices = new TreeSet<>();
    perDevice.forEach((d, n) -> {
      if (n[1] > n[0] * ingest.clockDeviceBadFraction()) {
        badDevices.add(d);
      }
    });
    return badDevices;
  }

  private List<Candidate> classify(List<Candidate> lines, String kind, Set<String> badDevices, Counts c) {
    c.add(kind + ".clock_bad_devices", badDevices.size());
    Map<String, List<Candidate>> byId = new TreeMap<>();
    for (Candidate l : lines) {
      if (badDevices.contains(l.device())) {
        c.add(kind + ".quarantined." + Reasons.CLOCK_DEVICE, 1);
      } else if (l.clockBad()) {
        c.add(kind + ".quarantined." + Reasons.CLOCK, 1);
      } else {
        byId.computeIfAbsent(l.id(), k -> new ArrayList<>()).add(l);
      }
    }
    List<Candidate> kept = new ArrayList<>(byId.size());
    for (List<Candidate> same : byId.values()) {
      same.sort((a, b) -> {
        int x = a.hash().compareTo(b.hash());
        x = x != 0 ? x : a.file().compareTo(b.file());
        return x != 0 ? x : Long.compare(a.line(), b.line());
      });
      Candidate first = same.get(0);
      kept.add(first);
      c.add(kind + ".unknown_fields", first.unknownFields());  // of kept lines only, as LineIngest counts them
      c.add(kind + ".unknown_type", first.unknownType() ? 1 : 0);
      for (Candidate other : same.subList(1, same.size())) {
        c.add(other.hash().equals(first.hash()) ? kind + ".duplicate" : kind + ".quarantined."
            + Reasons.DUPLICATE_CONFLICT, 1);
      }
    }
    c.add(kind + ".valid", kept.size());
    c.add(kind + ".duplicate_conflict", c.get(kind + ".quarantined." + Reasons.DUPLICATE_CONFLICT));
    return kept;
  }

  // ------------------------------------------------------------------ images

  private void images(String rawRoot, LocalDate day, List<Candidate> allFrames, List<Candidate> kept, Counts c)
      throws IOException {
    Counts listing = new Counts();
    List<String> files = RawListing.list(conf, rawRoot, "screenshots", List.of(day),
        name -> ImageCheck.IMAGE_SUFFIXES.stream().anyMatch(s -> name.toLowerCase(Locale.ROOT).endsWith(s)), listing);
    Path root = new Path(rawRoot);
    FileSystem fs = root.getFileSystem(conf);
    String prefix = fs.makeQualified(root).toUri().getPath();
    prefix = prefix.endsWith("/") ? prefix : prefix + "/";
    Set<String> indexed = new HashSet<>();
    allFrames.forEach(f -> indexed.add(f.path()));
    c.add("images.listed", files.size());
    String p = prefix;
    c.add("frames.orphan_image", files.stream().map(f -> ImageCheck.relativize(p, f)).filter(f -> !indexed.contains(f))
        .count());
    if (!checkImages) {
      return;
    }
    // decode every distinct indexed path once, as ImageCheck.Probe does on the executors
    List<String> paths = kept.stream().map(Candidate::path).distinct().sorted().toList();
    Map<String, Row> probed = probe(rawRoot, paths);
    for (Candidate f : kept) {
      Row r = probed.get(f.path());
      String status = r.getString(1);
      c.add("images.checked", 1);
      if (!status.equals("ok")) {
        c.add("frames.quarantined." + status, 1);
        continue;
      }
      c.add("images.valid", 1);
      boolean sizeMismatch = f.width() != null && f.height() != null
          && (r.getInt(3) != f.width() || r.getInt(4) != f.height());
      c.add("frames.size_mismatch", sizeMismatch ? 1 : 0);
      c.add("frames.format_mismatch", f.format() != null && !f.format().equals(r.getString(5)) ? 1 : 0);
    }
  }

  /** The probe rows of {@code paths}, decoded by a few threads (ImageIO decoders are per thread). */
  private Map<String, Row> probe(String rawRoot, List<String> paths) {
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<Row>>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        List<Row> mine = new ArrayList<>();
        for (int i = t; i < paths.size(); i += threads) {
          mine.add(RowFactory.create(paths.get(i)));
        }
        ImageCheck.Probe probe = new ImageCheck.Probe(rawRoot, new HadoopConf(conf));
        parts.add(pool.submit(() -> {
          List<Row> got = new ArrayList<>();
          Iterator<Row> it = probe.call(mine.iterator());
          it.forEachRemaining(got::add);
          return got;
        }));
      }
      Map<String, Row> out = new HashMap<>();
      for (Future<List<Row>> f : parts) {
        for (Row r : f.get()) {
          out.put(r.getString(0), r);
        }
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("image check failed: " + e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  // ------------------------------------------------------------------ registries

  /**
   * Consent and erasure rows through the readers' own row checks, then the consent policy for every
   * user with valid events: {@code consent.users.<decision>} (included, no_consent, revoked, ...).
   */
  private Map<String, String> consent(String rawRoot, LocalDate day, Set<String> usersWithEvents, Counts c)
      throws IOException {
    Map<String, List<ConsentPolicy.ConsentRow>> rows = new HashMap<>();
    Set<String> unreadable = new HashSet<>();
    for (String[] v : csv(rawRoot, "consent", ConsentReader.HEADER, c)) {
      try {
        Object[] o = ConsentReader.check(v, isMalformed(v)).values();
        c.add("consent.valid", 1);
        rows.computeIfAbsent((String) o[0], k -> new ArrayList<>())
            .add(new ConsentPolicy.ConsentRow((String) o[0], (String) o[1], (String) o[2], (Long) o[3]));
      } catch (CsvRegistry.Bad e) {
        c.add("consent.quarantined." + Reasons.BAD_CSV_ROW, 1);
        if (e.user != null) {
          unreadable.add(e.user);
        }
      }
    }
    Set<String> erased = new HashSet<>();
    for (String[] v : csv(rawRoot, "erasure", ErasureReader.HEADER, c)) {
      try {
        erased.add((String) ErasureReader.check(v, isMalformed(v)).values()[0]);
        c.add("erasure.valid", 1);
      } catch (CsvRegistry.Bad e) {
        c.add("erasure.quarantined." + Reasons.BAD_CSV_ROW, 1);
        if (e.user != null) {
          erased.add(e.user);  // a malformed erasure row naming a user is applied (fail closed)
        }
      }
    }
    c.add("consent.users_with_rows", rows.size());
    c.add("erasure.users", erased.size());
    long endOfDay = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();  // as NightlyJob
    Map<String, String> decisions = new TreeMap<>();
    for (String u : usersWithEvents) {
      ConsentPolicy.Decision d = policy.decide(u, rows.getOrDefault(u, List.of()), erased.contains(u),
          unreadable.contains(u), endOfDay);
      decisions.put(u, d.reason().code());
      c.add("consent.users." + d.reason().code(), 1);
      c.add("consent.users_with_events_and_rows", rows.containsKey(u) ? 1 : 0);
    }
    c.add("consent.users_with_rows_no_events", rows.keySet().stream().filter(u -> !usersWithEvents.contains(u))
        .count());
    return decisions;
  }

  /** Marks a row read with the wrong number of fields (the last value slot carries the marker). */
  private static final String MALFORMED = "\u0000malformed";

  private static boolean isMalformed(String[] v) {
    return v.length > 0 && MALFORMED.equals(v[v.length - 1]);
  }

  /**
   * The data rows of {@code RAW/<kind>/*.csv}: delimiter and header detected per file as the reader does
   * ({@link CsvRegistry.Layout}); values trimmed, empty as null, surrounding quotes removed. A row with
   * another number of fields than the header is passed on as malformed (its whole line in the first
   * value), as Spark's permissive CSV mode does.
   */
  private List<String[]> csv(String rawRoot, String kind, String[] header, Counts c) throws IOException {
    Path dir = new Path(rawRoot, kind);
    FileSystem fs = dir.getFileSystem(conf);
    FileStatus[] found = fs.exists(dir) ? fs.globStatus(new Path(dir, "*.csv")) : null;
    List<String[]> out = new ArrayList<>();
    c.add(kind + ".files", found == null ? 0 : found.length);
    if (found == null) {
      return out;
    }
    Arrays.sort(found);
    for (FileStatus st : found) {
      List<String> lines = new ArrayList<>();
      try (FSDataInputStream in = fs.open(st.getPath());
           BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          lines.add(l);
        }
      }
      if (lines.isEmpty()) {
        continue;
      }
      CsvRegistry.Layout layout = CsvRegistry.Layout.of(lines.get(0), header[0]);
      for (int i = layout.header() ? 1 : 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.isBlank()) {
          continue;
        }
        c.add(kind + ".rows", 1);
        String[] parts = line.split(java.util.regex.Pattern.quote(layout.sep()), -1);
        String[] v = new String[header.length + 1];
        if (parts.length != header.length) {
          v[0] = line.strip();
          v[header.length] = MALFORMED;
        } else {
          for (int k = 0; k < header.length; k++) {
            String s = parts[k].strip();
            if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
              s = s.substring(1, s.length() - 1).strip();
            }
            v[k] = s.isEmpty() ? null : s;
          }
        }
        out.add(v);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ rendering

  /** A few lines for people: what the drop holds, each fault kind found, consent coverage. */
  public static String render(Report r) {
    Counts c = r.counts();
    StringBuilder b = new StringBuilder();
    b.append("raw drop ").append(r.rawRoot()).append(" for upload day ").append(r.day())
        .append(" (nothing was built or written)\n");
    b.append(String.format(Locale.ROOT, "files:    %d events, %d frame index (%d gzip, %d empty), %d screenshots%n",
        c.get("events.files"), c.get("frames.files"), c.get("files.gz"), c.get("files.empty"),
        c.get("images.listed")));
    b.append(String.format(Locale.ROOT, "lines:    events %d (valid %d, duplicate %d), frames %d (valid %d,"
            + " duplicate %d)%n", c.get("events.lines"), c.get("events.valid"), c.get("events.duplicate"),
        c.get("frames.lines"), c.get("frames.valid"), c.get("frames.duplicate")));
    b.append(String.format(Locale.ROOT, "content:  %d users, %d devices, %d sessions (%d without session_start,"
            + " %d without session_end), %d frames%n", c.get("users"), c.get("devices"), c.get("sessions"),
        c.get("sessions.without_start"), c.get("sessions.without_end"), c.get("frames.valid")));
    Map<String, Long> faults = new TreeMap<>();
    c.asMap().forEach((k, v) -> {
      if (v > 0 && (k.contains(".quarantined.") || k.equals("frames.orphan_image") || k.equals("frames.size_mismatch")
          || k.equals("frames.format_mismatch") || k.endsWith(".unknown_type") || k.endsWith(".unknown_fields")
          || k.equals("files.ignored") || k.equals("files.missing_day") || k.equals("files.truncated_gzip")
          || k.equals("files.unreadable"))) {
        faults.put(k, v);
      }
    });
    if (faults.isEmpty()) {
      b.append("faults:   none found\n");
    } else {
      b.append("faults (named as the nightly job counts and quarantines them):\n");
      faults.forEach((k, v) -> b.append(String.format(Locale.ROOT, "  %-40s %d%n", k, v)));
    }
    if (!r.imagesChecked()) {
      b.append("images:   not decoded (--skip-images): missing or undecodable images are not counted\n");
    }
    long users = c.get("users");
    b.append(String.format(Locale.ROOT, "consent:  %d of %d users with events have a consent row; %d consent rows"
            + " in %d file(s), %d erasure request user(s)%n", c.get("consent.users_with_events_and_rows"), users,
        c.get("consent.rows"), c.get("consent.files"), c.get("erasure.users")));
    StringBuilder d = new StringBuilder();
    for (ConsentPolicy.Reason reason : ConsentPolicy.Reason.values()) {
      long n = c.get("consent.users." + reason.code());
      if (n > 0) {
        d.append(d.length() == 0 ? "" : ", ").append(reason.code()).append(' ').append(n);
      }
    }
    b.append("          tonight's consent decision for those users: ").append(d.length() == 0 ? "-" : d).append('\n');
    if (c.get("consent.users.included") == 0 && users > 0) {
      b.append("          no user would be included: the nightly job would publish nothing\n");
    }
    return b.toString();
  }
}
