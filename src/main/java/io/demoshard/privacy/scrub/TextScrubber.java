package io.demoshard.privacy.scrub;

import io.demoshard.config.DemoshardConfig.PrivacyConfig;
import io.demoshard.privacy.People;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies every detector to a text. Serializable and cheap to ship: only the configuration travels,
 * the detectors are built lazily on first use in each JVM.
 *
 * <p>Order: first {@link UrlQueryStripper} removes URL queries, fragments and user info; then all
 * detectors run on the result. Overlapping matches are resolved deterministically: the longest match
 * wins; among equally long ones the most specific detector ({@link Detector#specificity()}, lower
 * wins: known secret formats, IBAN, card, email, SSN, IP, phone, then the entropy rule) and then the
 * leftmost. Each kept match is
 * replaced by its detector's placeholder ({@code <EMAIL>}, {@code <CARD>}, {@code <IBAN>},
 * {@code <PHONE>}, {@code <IP>}, {@code <SSN>}, {@code <SECRET>}, {@code <USER>}, {@code <PERSON>}).
 */
public final class TextScrubber implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Every kind a count may be reported for, in a stable order. */
  public static final List<String> KINDS = List.of("email", "card", "iban", "phone", "ip", "ssn", "secret",
      "user_id", UrlQueryStripper.QUERY, UrlQueryStripper.USERINFO, "person", "unstable");

  private final int secretMinLength;
  private final double secretEntropyBits;
  private final List<String> phoneRegions;
  private final java.util.Set<String> knownUserIds;
  private final People people;
  private transient volatile List<Detector> detectors;
  private transient volatile UrlQueryStripper urls;
  /** Scrub rounds before a text that keeps producing findings is redacted whole. */
  static final int MAX_ROUNDS = 4;
  /** What replaces a text that did not become stable within {@link #MAX_ROUNDS} rounds. */
  public static final String REDACTED = "<REDACTED>";
  /** Counter kind of texts redacted whole because scrubbing did not converge. */
  public static final String UNSTABLE = "unstable";

  public TextScrubber(int secretMinLength, double secretEntropyBits, List<String> phoneRegions) {
    this(secretMinLength, secretEntropyBits, phoneRegions, java.util.Set.of(), People.none());
  }

  private TextScrubber(int secretMinLength, double secretEntropyBits, List<String> phoneRegions,
                       java.util.Set<String> knownUserIds, People people) {
    this.secretMinLength = secretMinLength;
    this.secretEntropyBits = secretEntropyBits;
    this.phoneRegions = List.copyOf(phoneRegions);
    this.knownUserIds = java.util.Set.copyOf(knownUserIds);
    this.people = people;
  }

  /** The same scrubber that also replaces the directory's people (names, aliases, logins) by {@code <PERSON>}. */
  public TextScrubber withPeople(People directory) {
    return new TextScrubber(secretMinLength, secretEntropyBits, phoneRegions, knownUserIds,
        directory == null ? People.none() : directory);
  }

  /** The same scrubber that also replaces these employee ids (any case) by {@code <USER>}. */
  public TextScrubber withKnownUserIds(java.util.Collection<String> ids) {
    java.util.Set<String> lower = new java.util.HashSet<>();
    for (String id : ids) {
      if (id != null && id.strip().length() >= UserIdDetector.MIN_LENGTH) {
        lower.add(id.strip().toLowerCase(java.util.Locale.ROOT));
      }
    }
    return new TextScrubber(secretMinLength, secretEntropyBits, phoneRegions, lower, people);
  }

  public static TextScrubber from(PrivacyConfig cfg) {
    return new TextScrubber(cfg.secretMinLength(), cfg.secretEntropyBits(), cfg.phoneRegions());
  }

  /** The scrubbed text and how many matches of each kind were replaced or removed. */
  public record Result(String text, Map<String, Integer> counts) implements Serializable {
    public int total() {
      return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  public List<Detector> detectors() {
    List<Detector> d = detectors;
    if (d == null) {
      d = List.of(new SecretTokenDetector(), new IbanDetector(), new CardDetector(), new EmailDetector(),
          new SsnDetector(), new IpDetector(), new PhoneDetector(phoneRegions),
          new EntropySecretDetector(secretMinLength, secretEntropyBits), new UserIdDetector(knownUserIds),
          new KeywordSecretDetector(), new PersonDetector(people));
      detectors = d;
    }
    return d;
  }

  private UrlQueryStripper urls() {
    UrlQueryStripper u = urls;
    if (u == null) {
      u = new UrlQueryStripper();
      urls = u;
    }
    return u;
  }

  /** Scrubbed text only; {@code null} stays {@code null}. */
  public String scrubText(String text) {
    return text == null ? null : scrub(text).text();
  }

  /**
   * Scrubs until nothing is left to find: each round strips URL parts, then replaces the resolved
   * detector matches (secrets widened to their whole token, see {@link #widenSecret}); the next round
   * scans the result again. Text is stable after one or two rounds in practice; after
   * {@link #MAX_ROUNDS} rounds that still find something, the whole text becomes {@link #REDACTED}
   * (counted {@code unstable}), so {@code scan(scrub(s).text())} is empty for every {@code s}.
   */
  public Result scrub(String text) {
    if (text == null || text.isEmpty()) {
      return new Result(text, Map.of());
    }
    Map<String, Integer> counts = new TreeMap<>();
    Map<String, String> placeholders = placeholders();
    String cur = text;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      boolean changed = false;
      // 1. URL queries, fragments and user info go first
      List<Span> urlSpans = urls().find(cur);
      if (!urlSpans.isEmpty()) {
        StringBuilder sb = new StringBuilder(cur.length());
        int pos = 0;
        for (Span s : urlSpans) {
          sb.append(cur, pos, s.start());
          pos = s.end();
          counts.merge(s.kind(), 1, Integer::sum);
        }
        sb.append(cur, pos, cur.length());
        cur = sb.toString();
        changed = true;
      }
      // 2. the detectors, overlaps resolved, secrets widened to whole tokens
      List<Span> kept = detect(cur);
      if (!kept.isEmpty()) {
        StringBuilder sb = new StringBuilder(cur.length());
        int pos = 0;
        for (Span s : kept) {
          sb.append(cur, pos, s.start()).append(placeholders.get(s.kind()));
          pos = s.end();
          counts.merge(s.kind(), 1, Integer::sum);
        }
        sb.append(cur, pos, cur.length());
        cur = sb.toString();
        changed = true;
      }
      if (!changed) {
        return new Result(cur, counts);
      }
    }
    if (urls().find(cur).isEmpty() && detect(cur).isEmpty()) {
      return new Result(cur, counts);
    }
    counts.merge(UNSTABLE, 1, Integer::sum);
    return new Result(REDACTED, counts);
  }

  /**
   * What {@link #scrub} would act on in its first round, as kind + offset + length in {@code text}
   * (never the value): URL query/user-info spans plus the resolved detector matches on the original
   * text (secrets as whole tokens).
   */
  public List<Finding> scan(String text) {
    List<Finding> out = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return out;
    }
    List<Span> all = new ArrayList<>(urls().find(text));
    List<Span> detected = detect(text);
    for (Span d : detected) {
      boolean insideUrlPart = all.stream().anyMatch(u -> u.start() <= d.start() && d.end() <= u.end());
      if (!insideUrlPart) {
        all.add(d);
      }
    }
    all.sort(Comparator.comparingInt(Span::start).thenComparingInt(Span::end));
    for (Span s : all) {
      out.add(new Finding(s.kind(), s.start(), s.length()));
    }
    return out;
  }

  /** Resolved matches with every secret widened to its token; widened spans re-resolved. */
  List<Span> detect(String text) {
    List<Span> first = resolve(findAll(text));
    boolean changed = false;
    List<Candidate> again = new ArrayList<>(first.size());
    for (Span s : first) {
      Span w = "secret".equals(s.kind()) ? widenSecret(text, s) : s;
      changed |= !w.equals(s);
      if (PLACEHOLDER.matcher(text).region(w.start(), w.end()).matches()) {
        changed = true; // already a placeholder ("key=<SECRET>" narrowed to its value): nothing to replace
        continue;
      }
      again.add(new Candidate(w, "secret".equals(w.kind()) ? 0 : 50));
    }
    return changed ? resolve(again) : first;
  }

  private static final String QUOTES = "\"'`\u201C\u201D\u2018\u2019";
  private static final String LEFT_STOP = "=:([{<>,;";
  private static final String TRAILING = ".,;:!?)]}>";
  private static final Pattern PLACEHOLDER = Pattern.compile("<[A-Z_]+>");
  private static final Pattern KEY_PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,40}[=:]");

  /**
   * A secret runs to the whole token: to the next whitespace or quote on the right (across
   * {@code / + =}), and on the left to whitespace, a quote or a key separator ({@code = :} and
   * brackets), so {@code token=<value>/<path>} keeps {@code token=}. Trailing sentence punctuation
   * stays. Inside a URL ({@code ://}) only the path segment is widened, so the host survives.
   */
  static Span widenSecret(String text, Span s) {
    int a = s.start();
    int b = s.end();
    int tokStart = a;
    while (tokStart > 0 && !Character.isWhitespace(text.charAt(tokStart - 1))
        && QUOTES.indexOf(text.charAt(tokStart - 1)) < 0) {
      tokStart--;
    }
    int tokEnd = b;
    while (tokEnd < text.length() && !Character.isWhitespace(text.charAt(tokEnd))
        && QUOTES.indexOf(text.charAt(tokEnd)) < 0) {
      tokEnd++;
    }
    boolean url = text.substring(tokStart, tokEnd).contains("://");
    while (a > tokStart) {
      char c = text.charAt(a - 1);
      if (LEFT_STOP.indexOf(c) >= 0 || (url && c == '/')) {
        break;
      }
      a--;
    }
    int e = b;
    while (e < tokEnd && !(url && text.charAt(e) == '/')) {
      e++;
    }
    while (e > b && TRAILING.indexOf(text.charAt(e - 1)) >= 0) {
      e--;
    }
    // a key glued to its value ("token=<value>", "api_key:<value>"): the key is not the secret
    Matcher key = KEY_PREFIX.matcher(text).region(a, e);
    if (key.lookingAt() && key.end() < e && EntropySecretDetector.wordlike(text.substring(a, key.end() - 1))) {
      a = key.end();
    }
    return new Span(a, e, s.kind());
  }

  /** A match together with the specificity of the detector that found it. */
  record Candidate(Span span, int specificity) {}

  private List<Candidate> findAll(String text) {
    List<Candidate> all = new ArrayList<>();
    for (Detector d : detectors()) {
      for (Span sp : d.find(text)) {
        all.add(new Candidate(sp, d.specificity()));
      }
    }
    return all;
  }

  /** What replaces a finding of this kind: its placeholder, or nothing for URL parts (removed). */
  public String placeholderFor(String kind) {
    return placeholders().getOrDefault(kind, "");
  }

  private Map<String, String> placeholders() {
    Map<String, String> m = new LinkedHashMap<>();
    for (Detector d : detectors()) {
      m.putIfAbsent(d.kind(), d.placeholder());
    }
    return m;
  }

  /** Non-overlapping matches sorted by start: longest first, then most specific, then leftmost. */
  static List<Span> resolve(List<Candidate> candidates) {
    List<Candidate> order = new ArrayList<>(candidates);
    order.sort(Comparator.comparingInt((Candidate c) -> c.span().length()).reversed()
        .thenComparingInt(Candidate::specificity)
        .thenComparingInt(c -> c.span().start())
        .thenComparing(c -> c.span().kind()));
    List<Span> kept = new ArrayList<>();
    for (Candidate c : order) {
      Span s = c.span();
      boolean clash = false;
      for (Span k : kept) {
        if (k.overlaps(s)) {
          clash = true;
          break;
        }
      }
      if (!clash) {
        kept.add(s);
      }
    }
    kept.sort(Comparator.comparingInt(Span::start));
    return kept;
  }
}
