package io.demoshard.sim;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who works when: employees, their machines and consent histories, and the sessions of the day,
 * including the two that cross midnight.
 */
final class DayPlanner {
  static final long MIN = 60_000L;
  static final long DAY = 86_400_000L;

  /** Consent histories, cycled over users; the first four already mix statuses and regions. */
  enum Profile { GRANTED, GRANTED_EXCLUDED, GRANT_THEN_REVOKE, REVOKE_THEN_GRANT, MISSING, ERASED, GRANTED2, FUTURE_GRANT, GRANTED_EXCLUDED2, GRANTED_CH }

  static final List<String> OPEN_REGIONS = List.of("US", "CA", "IN", "BR", "JP", "AU", "MX", "SG", "KR", "ZA");
  static final List<String> EXCLUDED = List.of("DE", "FR", "NL", "SE", "IE", "NO", "GB", "CH", "PL", "ES");

  record PlannedSession(SimUser user, long start, long taskDeadline, long minEnd, boolean markers, String midnight) {}

  record ConsentRow(String userId, String status, String region, long updatedAt) {}

  final long seed;
  final LocalDate date;
  final long day0;                       // epoch ms of D 00:00 UTC
  final List<SimUser> users = new ArrayList<>();
  final List<ConsentRow> consent = new ArrayList<>();
  final List<String[]> erasure = new ArrayList<>();
  final List<PlannedSession> sessions = new ArrayList<>();
  /** Repeated routines per index into {@link #sessions}, see {@link #planRoutines}. */
  final Map<Integer, List<RoutineTask>> routines = new TreeMap<>();

  /** Users from this index on have granted consent in an open region (see SimulateConfig#mixedConsentUsers). */
  final int mixedConsentUsers;

  DayPlanner(long seed, LocalDate date) {
    this(seed, date, Integer.MAX_VALUE);
  }

  DayPlanner(long seed, LocalDate date, int mixedConsentUsers) {
    this.mixedConsentUsers = mixedConsentUsers;
    this.seed = seed;
    this.date = date;
    this.day0 = date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  void plan(int n) {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < n; i++) {
      Rng r = new Rng(Rng.derive(seed, "user", i));
      String id;
      do { id = String.format("u%06d", r.between(1000, 999_999)); } while (!ids.add(id));
      String os = switch (i % 5) { case 0, 3 -> "macos"; case 1, 4 -> "windows"; default -> "linux"; };
      String dev = switch (os) { case "macos" -> "mbp-"; case "windows" -> "win-"; default -> "lnx-"; } + Rng.hex(r.r.nextLong(), 10);
      double scale = os.equals("macos") ? 2.0 : os.equals("windows") ? r.pick(1.0, 1.25, 1.5) : 1.0;
      SimUser u = new SimUser(i, id, dev, os, scale, i % 3 == 0 ? "png" : "jpeg");
      users.add(u);
      Profile profile = i < mixedConsentUsers ? Profile.values()[i % Profile.values().length]
          : i % 2 == 0 ? Profile.GRANTED : Profile.GRANTED2;
      consent(u, profile, r, i / Profile.values().length);
    }
    // a request for a former employee with no data: realistic, and keeps the file non-trivial for tiny runs
    erasure.add(new String[] {"u000417", iso(day0 - 40 * DAY + 9 * 3_600_000L)});
    for (SimUser u : users) planSessions(u);
    planRoutines();
  }

  /**
   * Repeated identical tasks across users: each routine of {@link RoutineTask#ALL} is performed by
   * k = min(5, max(3, n / 2)) different publishable users (n of them have a daytime session), the
   * first group by the first k of a seeded shuffle, the second by the last k (they overlap when
   * n < 2k); each performer does it once, in one of their daytime sessions. With fewer than three
   * such users there are no repeats. Its own random stream, so the rest of the day is unchanged.
   */
  private void planRoutines() {
    Rng r = new Rng(Rng.derive(seed, "repeats", 0));
    List<SimUser> eligible = new ArrayList<>();
    for (SimUser u : users) {
      if (!publishable(u)) continue;
      for (PlannedSession p : sessions) {
        if (p.user() == u && p.midnight() == null) { eligible.add(u); break; }
      }
    }
    int n = eligible.size();
    if (n < 3) return;
    java.util.Collections.shuffle(eligible, r.r);
    int k = Math.min(5, Math.max(3, n / 2));
    for (int g = 0; g < RoutineTask.ALL.size(); g++) {
      List<SimUser> performers = g == 0 ? eligible.subList(0, k) : eligible.subList(n - k, n);
      for (SimUser u : performers) {
        List<Integer> own = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) if (sessions.get(i).user() == u && sessions.get(i).midnight() == null) own.add(i);
        int at = own.get(r.r.nextInt(own.size()));
        routines.computeIfAbsent(at, x -> new ArrayList<>()).add(RoutineTask.ALL.get(g));
      }
    }
  }

  private void consent(SimUser u, Profile p, Rng r, int round) {
    long before = day0 - r.between(20, 300) * DAY + r.between(0, 86_399) * 1000L;
    long later = before + r.between(1, 15) * DAY;
    String open = OPEN_REGIONS.get((u.index + round) % OPEN_REGIONS.size());
    String excl = EXCLUDED.get((u.index + round) % EXCLUDED.size());
    switch (p) {
      case GRANTED, GRANTED2 -> row(u, "granted", open, before);
      case GRANTED_EXCLUDED, GRANTED_EXCLUDED2 -> row(u, "granted", excl, before);
      case GRANTED_CH -> row(u, "granted", "CH", before);
      case GRANT_THEN_REVOKE -> { row(u, "granted", open, before); row(u, "revoked", open, later); }
      case REVOKE_THEN_GRANT -> { row(u, "revoked", open, before); row(u, "granted", open, later); }
      case MISSING -> { }
      case ERASED -> { row(u, "granted", open, before); u.erased = true; erasure.add(new String[] {u.id, iso(day0 - 2 * DAY + 15 * 3_600_000L)}); }
      case FUTURE_GRANT -> {
        // revoked now; a grant dated two days after the processed day must not count yet
        row(u, "revoked", open, before);
        consent.add(new ConsentRow(u.id, "granted", open, day0 + 2 * DAY + 10 * 3_600_000L));
      }
    }
  }

  private void row(SimUser u, String status, String region, long at) {
    consent.add(new ConsentRow(u.id, status, region, at));
    u.consent = status;
    u.region = region;
  }

  boolean publishable(SimUser u) {
    return u.consent.equals("granted") && !EXCLUDED.contains(u.region) && !List.of("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI",
        "GR", "HU", "IT", "LV", "LT", "LU", "MT", "PT", "RO", "SK", "SI", "IS", "LI").contains(u.region) && !u.erased;
  }

  private void planSessions(SimUser u) {
    Rng r = new Rng(Rng.derive(seed, "sessions", u.index));
    int count = r.chance(0.45) ? 1 : r.chance(0.75) ? 2 : 3;
    long t = day0 + (7 * 60 + r.between(0, 180)) * MIN;   // first unlock 07:00-10:00 UTC
    if (u.index == 0) {
      // worked late yesterday: 23:50 D-1 until after midnight; all its tasks start before midnight
      long s = day0 - 10 * MIN + r.between(0, 60) * 1000L;
      sessions.add(new PlannedSession(u, s, day0 - 3 * MIN, day0 + r.between(3, 8) * MIN, r.chance(0.5), "from_previous_day"));
    }
    for (int k = 0; k < count; k++) {
      long dur = r.between(10, 25) * MIN;
      sessions.add(new PlannedSession(u, t, t + dur, t + dur, r.chance(0.3), null));
      t += dur + r.between(30, 150) * MIN;
    }
    if (u.index == 1) {
      // starts 23:40 on D and runs past midnight: the tail is uploaded under dt=D+1
      long s = day0 + DAY - 20 * MIN + r.between(0, 60) * 1000L;
      sessions.add(new PlannedSession(u, s, day0 + DAY + 12 * MIN, day0 + DAY + 14 * MIN, false, "into_next_day"));
    }
  }

  static String iso(long ms) { return java.time.Instant.ofEpochMilli(ms).toString(); }
}
