package io.demoshard.privacy.scrub;

import io.demoshard.config.DemoshardConfig.PrivacyConfig;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
 * {@code <PHONE>}, {@code <IP>}, {@code <SSN>}, {@code <SECRET>}).
 */
public final class TextScrubber implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Every kind a count may be reported for, in a stable order. */
  public static final List<String> KINDS = List.of("email", "card", "iban", "phone", "ip", "ssn", "secret",
      "user_id", UrlQueryStripper.QUERY, UrlQueryStripper.USERINFO);

  private final int secretMinLength;
  private final double secretEntropyBits;
  private final List<String> phoneRegions;
  private final java.util.Set<String> knownUserIds;
  private transient volatile List<Detector> detectors;
  private transient volatile UrlQueryStripper urls;

  public TextScrubber(int secretMinLength, double secretEntropyBits, List<String> phoneRegions) {
    this(secretMinLength, secretEntropyBits, phoneRegions, java.util.Set.of());
  }

  private TextScrubber(int secretMinLength, double secretEntropyBits, List<String> phoneRegions,
                       java.util.Set<String> knownUserIds) {
    this.secretMinLength = secretMinLength;
    this.secretEntropyBits = secretEntropyBits;
    this.phoneRegions = List.copyOf(phoneRegions);
    this.knownUserIds = java.util.Set.copyOf(knownUserIds);
  }

  /** The same scrubber that also replaces these employee ids (any case) by {@code <USER>}. */
  public TextScrubber withKnownUserIds(java.util.Collection<String> ids) {
    java.util.Set<String> lower = new java.util.HashSet<>();
    for (String id : ids) {
      if (id != null && id.strip().length() >= UserIdDetector.MIN_LENGTH) {
        lower.add(id.strip().toLowerCase(java.util.Locale.ROOT));
      }
    }
    return new TextScrubber(secretMinLength, secretEntropyBits, phoneRegions, lower);
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
          new EntropySecretDetector(secretMinLength, secretEntropyBits), new UserIdDetector(knownUserIds));
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

  public Result scrub(String text) {
    if (text == null || text.isEmpty()) {
      return new Result(text, Map.of());
    }
    Map<String, Integer> counts = new TreeMap<>();
    // 1. URL queries, fragments and user info go first
    List<Span> urlSpans = urls().find(text);
    String stripped = text;
    if (!urlSpans.isEmpty()) {
      StringBuilder sb = new StringBuilder(text.length());
      int pos = 0;
      for (Span s : urlSpans) {
        sb.append(text, pos, s.start());
        pos = s.end();
        counts.merge(s.kind(), 1, Integer::sum);
      }
      sb.append(text, pos, text.length());
      stripped = sb.toString();
    }
    // 2. the detectors, overlaps resolved
    List<Span> kept = resolve(findAll(stripped));
    if (kept.isEmpty()) {
      return new Result(stripped, counts);
    }
    Map<String, String> placeholders = placeholders();
    StringBuilder sb = new StringBuilder(stripped.length());
    int pos = 0;
    for (Span s : kept) {
      sb.append(stripped, pos, s.start()).append(placeholders.get(s.kind()));
      pos = s.end();
      counts.merge(s.kind(), 1, Integer::sum);
    }
    sb.append(stripped, pos, stripped.length());
    return new Result(sb.toString(), counts);
  }

  /**
   * What {@link #scrub} would act on, as kind + offset + length in {@code text} (never the value):
   * URL query/user-info spans plus the resolved detector matches on the original text.
   */
  public List<Finding> scan(String text) {
    List<Finding> out = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return out;
    }
    List<Span> all = new ArrayList<>(urls().find(text));
    List<Span> detected = resolve(findAll(text));
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
