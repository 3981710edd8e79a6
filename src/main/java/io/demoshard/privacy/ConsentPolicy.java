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
 * <p>Rules, in order:
 * <ol>
 *   <li>An erased user (a row in the erasure table, whatever its {@code requested_at}, or a user whose
 *       pseudonym is in the persistent erasure denylist) is never included: {@code erased}.</li>
 *   <li>Of the user's consent rows, only those with {@code updated_at <= endOfDayMs} count (rows dated
 *       after the processed day are ignored). The newest one holds; when several share the newest
 *       {@code updated_at}, {@code revoked} wins over anything else (a tie must never grant).</li>
 *   <li>No such row: {@code no_consent}. Newest status {@code revoked}: {@code revoked}. Any status
 *       other than {@code granted} (case-insensitive, trimmed) counts as {@code no_consent}.</li>
 *   <li>Granted, but the region (ISO 3166-1 alpha-2, case-insensitive) is excluded, or missing:
 *       {@code excluded_region}.</li>
 *   <li>Otherwise {@code included}.</li>
 * </ol>
 */
public final class ConsentPolicy implements Serializable {
  private static final long serialVersionUID = 1L;

  public enum Reason {
    NO_CONSENT("no_consent"), REVOKED("revoked"), EXCLUDED_REGION("excluded_region"), ERASED("erased"),
    INCLUDED("included");

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
      s.add(r.trim().toUpperCase(Locale.ROOT));
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
    if (erased) {
      return new Decision(userId, Reason.ERASED);
    }
    ConsentRow newest = null;
    for (ConsentRow r : rows) {
      if (r.updatedAt() > endOfDayMs) {
        continue;
      }
      if (newest == null || r.updatedAt() > newest.updatedAt()
          || (r.updatedAt() == newest.updatedAt() && isRevoked(r) && !isRevoked(newest))) {
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
    String region = newest.region() == null ? "" : newest.region().trim().toUpperCase(Locale.ROOT);
    if (region.isEmpty() || excludedRegions.contains(region)) {
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
    Map<String, List<ConsentRow>> byUser = new HashMap<>();
    for (ConsentRow r : consent) {
      if (r.userId() != null) {
        byUser.computeIfAbsent(r.userId(), u -> new java.util.ArrayList<>()).add(r);
      }
    }
    Map<String, Decision> out = new TreeMap<>();
    Set<String> users = new TreeSet<>(byUser.keySet());
    users.addAll(erasedUserIds);
    for (String u : users) {
      boolean erased = erasedUserIds.contains(u) || (!erasedUserKeys.isEmpty() && erasedUserKeys.contains(userKey.apply(u)));
      out.put(u, decide(u, byUser.getOrDefault(u, List.of()), erased, endOfDayMs));
    }
    return out;
  }

  private static boolean isRevoked(ConsentRow r) {
    return "revoked".equals(norm(r.status()));
  }

  private static String norm(String s) {
    return s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
  }
}
