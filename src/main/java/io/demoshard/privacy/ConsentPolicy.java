package io.demoshard.privacy;

import java.io.Serializable;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Who may be included in a night's output (pure, no Spark).
 *
 * <p>User ids are compared in their canonical form ({@link UserIds#canonical}). Rules, in order
 * (fail closed: whatever is not understood excludes):
 * <ol>
 *   <li>An erased user (a row in the erasure table, whatever its {@code requested_at}, or a user whose
 *       pseudonym is in the persistent erasure denylist) is never included: {@code erased}.</li>
 *   <li>A user named by a consent row that could not be used (no or unreadable {@code updated_at},
 *       malformed CSV row) is not included that night: {@code consent_unreadable}.</li>
 *   <li>Of the user's consent rows, only those with {@code updated_at <= endOfDayMs} count (rows dated
 *       after the processed day are ignored). The newest one holds; when several share the newest
 *       {@code updated_at}, a row that is not {@code granted} wins (a tie must never grant).</li>
 *   <li>No such row: {@code no_consent}. Newest status {@code revoked}: {@code revoked}. Any other status
 *       than {@code granted} (case-insensitive, trimmed; {@code withdrawn}, {@code denied}, empty, ...)
 *       counts as {@code no_consent}.</li>
 *   <li>Granted, but the region ({@link Regions#canonical}: trimmed, case-insensitive, {@code UK} =
 *       {@code GB}, {@code EL} = {@code GR}) is excluded, missing or not a two-letter code:
 *       {@code excluded_region}.</li>
 *   <li>Otherwise {@code included}.</li>
 * </ol>
 */
public final class ConsentPolicy implements Serializable {
  private static final long serialVersionUID = 1L;

  public enum Reason {
    NO_CONSENT("no_consent"), REVOKED("revoked"), EXCLUDED_REGION("excluded_region"), ERASED("erased"),
    CONSENT_UNREADABLE("consent_unreadable"), INCLUDED("included");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    /** The machine-readable code used in counters: {@code no_consent}, {@code revoked}, ... */
    public String code() {
      return code;
    }
  }

  /** One consent registry row (Schemas.CONSENT). */
  public record ConsentRow(String userId, String status, String region, long updatedAt) implements Serializable {}

  public record Decision(String userId, Reason reason) implements Serializable {
    public boolean included() {
      return reason == Reason.INCLUDED;
    }
  }

  private final Set<String> excludedRegions;

  public ConsentPolicy(Collection<String> excludedRegions) {
    Set<String> s = new TreeSet<>();
    for (String r : excludedRegions) {
      String c = Regions.canonical(r);
      if (c == null) {
        throw new IllegalArgumentException("excluded region is not a two-letter code: " + r);
      }
      s.add(c);
    }
    this.excludedRegions = Set.copyOf(s);
  }

  /**
   * The decision for one user.
   *
   * @param rows every consent row of this user (any order, future-dated ones included)
   * @param erased whether the user is erased (erasure row or denylisted pseudonym)
   */
  public Decision decide(String userId, Collection<ConsentRow> rows, boolean erased, long endOfDayMs) {
    return decide(userId, rows, erased, false, endOfDayMs);
  }

  /**
   * As above; {@code unreadable}: a consent row naming this user could not be used (fail closed).
   */
  public Decision decide(String userId, Collection<ConsentRow> rows, boolean erased, boolean unreadable,
                         long endOfDayMs) {
    if (erased) {
      return new Decision(userId, Reason.ERASED);
    }
    if (unreadable) {
      return new Decision(userId, Reason.CONSENT_UNREADABLE);
    }
    ConsentRow newest = null;
    for (ConsentRow r : rows) {
      if (r.updatedAt() > endOfDayMs) {
        continue;
      }
      if (newest == null || r.updatedAt() > newest.updatedAt()
          || (r.updatedAt() == newest.updatedAt() && tieRank(r) > tieRank(newest))) {
        newest = r;
      }
    }
    if (newest == null) {
      return new Decision(userId, Reason.NO_CONSENT);
    }
    if (isRevoked(newest)) {
      return new Decision(userId, Reason.REVOKED);
    }
    if (!"granted".equals(norm(newest.status()))) {
      return new Decision(userId, Reason.NO_CONSENT);
    }
    String region = Regions.canonical(newest.region());
    if (region == null || excludedRegions.contains(region)) {
      return new Decision(userId, Reason.EXCLUDED_REGION);
    }
    return new Decision(userId, Reason.INCLUDED);
  }

  /**
   * Decisions for every user that has a consent row or an erasure row; a user absent from the result
   * has no consent ({@code no_consent}) unless found erased by pseudonym later.
   *
   * @param erasedUserIds user ids from the erasure table
   * @param erasedUserKeys persistent denylist of pseudonyms of erased users
   * @param userKey how to compute a user's pseudonym (e.g. {@code PseudonymKey::userKey})
   */
  public Map<String, Decision> decideAll(Collection<ConsentRow> consent, Set<String> erasedUserIds,
                                         Set<String> erasedUserKeys, Function<String, String> userKey,
                                         long endOfDayMs) {
    return decideAll(consent, Set.of(), erasedUserIds, erasedUserKeys, userKey, endOfDayMs);
  }

  /**
   * As above. Every id (consent rows, unreadable, erased) is taken in its canonical form
   * ({@link UserIds#canonical}); the result is keyed by canonical id and {@code userKey} is applied to
   * canonical ids.
   *
   * @param unreadableUserIds users named by consent rows that could not be used: {@code consent_unreadable}
   */
  public Map<String, Decision> decideAll(Collection<ConsentRow> consent, Set<String> unreadableUserIds,
                                         Set<String> erasedUserIds, Set<String> erasedUserKeys,
                                         Function<String, String> userKey, long endOfDayMs) {
    Map<String, List<ConsentRow>> byUser = new HashMap<>();
    for (ConsentRow r : consent) {
      String u = UserIds.canonical(r.userId());
      if (u != null) {
        byUser.computeIfAbsent(u, x -> new java.util.ArrayList<>()).add(r);
      }
    }
    Set<String> erasedIds = canonical(erasedUserIds);
    Set<String> unreadable = canonical(unreadableUserIds);
    Map<String, Decision> out = new TreeMap<>();
    Set<String> users = new TreeSet<>(byUser.keySet());
    users.addAll(erasedIds);
    users.addAll(unreadable);
    for (String u : users) {
      boolean erased = erasedIds.contains(u) || (!erasedUserKeys.isEmpty() && erasedUserKeys.contains(userKey.apply(u)));
      out.put(u, decide(u, byUser.getOrDefault(u, List.of()), erased, unreadable.contains(u), endOfDayMs));
    }
    return out;
  }

  private static Set<String> canonical(Set<String> ids) {
    Set<String> s = new TreeSet<>();
    for (String id : ids) {
      String c = UserIds.canonical(id);
      if (c != null) {
        s.add(c);
      }
    }
    return s;
  }

  /** On equal {@code updated_at}: anything that does not grant beats a grant, {@code revoked} beats the rest. */
  private static int tieRank(ConsentRow r) {
    return isRevoked(r) ? 2 : "granted".equals(norm(r.status())) ? 0 : 1;
  }

  private static boolean isRevoked(ConsentRow r) {
    return "revoked".equals(norm(r.status()));
  }

  private static String norm(String s) {
    return s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
  }
}
