package io.demoshard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.demoshard.privacy.ConsentPolicy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The demo's closing lines: from raw lines to published episodes in a few lines, with the largest
 * drops by reason, read from a published manifest's {@code counts} (the accounting the job already
 * checks: every event line ends in one terminal bucket, see {@code pipeline.Accounting}).
 */
final class DemoFunnel {
  private DemoFunnel() {}

  /** Consent-policy reasons, counted as {@code events.policy.<reason>}. */
  private static final Set<String> CONSENT = Set.of(ConsentPolicy.Reason.NO_CONSENT.code(),
      ConsentPolicy.Reason.REVOKED.code(), ConsentPolicy.Reason.EXCLUDED_REGION.code(),
      ConsentPolicy.Reason.ERASED.code(), ConsentPolicy.Reason.CONSENT_UNREADABLE.code());

  static String render(JsonNode manifest) {
    JsonNode c = manifest.path("counts");
    long evLines = n(c, "events.lines");
    long frLines = n(c, "frames.lines");
    long quarantined = sum(c, "events.quarantined.");
    long valid = evLines - quarantined - n(c, "events.duplicate");
    Map<String, Long> consent = new TreeMap<>();
    Map<String, Long> drops = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = c.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String k = e.getKey();
      long v = e.getValue().asLong();
      if (v <= 0 || !k.startsWith("events.")) {
        continue;
      }
      String rest = k.substring("events.".length());
      if (rest.equals("policy.not_included")) {
        continue;  // consent and region: shown by reason below
      } else if (rest.startsWith("policy.") || rest.startsWith("quarantined.") || rest.equals("duplicate")
          || rest.equals("not_action") || rest.equals("unused") || rest.equals("deduplicated")) {
        drops.put(rest, v);
      }
    }
    // the consent filter counts the lines it drops as events.policy.not_included, by reason as consent.events.<reason>
    for (String reason : CONSENT) {
      if (n(c, "consent.events." + reason) > 0) {
        consent.put(reason, n(c, "consent.events." + reason));
      }
    }
    long consentDropped = n(c, "events.policy.not_included");
    if (consentDropped > 0) {
      drops.put("consent/region (" + join(consent) + ")", consentDropped);
    }
    long included = valid - consentDropped;
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "funnel:     %,d raw lines (%,d events, %,d frame index)%n",
        evLines + frLines, evLines, frLines));
    b.append(String.format(Locale.ROOT, "  events:   %,d lines -> %,d valid -> %,d of included users -> %,d in"
        + " published episodes%n", evLines, valid, included, n(c, "events.used")));
    JsonNode splits = manifest.path("splits");
    b.append(String.format(Locale.ROOT, "  episodes: %,d segmented -> %,d published (train %d, val %d, test %d)%n",
        n(c, "episodes.segmented"), manifest.path("total_rows").asLong(), splits.path("train").path("rows").asLong(),
        splits.path("val").path("rows").asLong(), splits.path("test").path("rows").asLong()));
    List<Map.Entry<String, Long>> top = new ArrayList<>(drops.entrySet());
    top.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry::getKey));
    b.append("  biggest drops of event lines: ");
    for (int i = 0; i < Math.min(4, top.size()); i++) {
      Map.Entry<String, Long> e = top.get(i);
      b.append(i == 0 ? "" : ", ").append(e.getKey()).append(' ')
          .append(String.format(Locale.ROOT, "%,d (%.0f%%)", e.getValue(), 100.0 * e.getValue() / Math.max(1, evLines)));
    }
    b.append('\n');
    return b.toString();
  }

  private static String join(Map<String, Long> m) {
    StringBuilder b = new StringBuilder();
    m.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ')
        .append(String.format(Locale.ROOT, "%,d", v)));
    return b.toString();
  }

  private static long n(JsonNode c, String k) {
    return c.path(k).asLong(0);
  }

  private static long sum(JsonNode c, String prefix) {
    long s = 0;
    Iterator<Map.Entry<String, JsonNode>> it = c.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().startsWith(prefix)) {
        s += e.getValue().asLong();
      }
    }
    return s;
  }
}
