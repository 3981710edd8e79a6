package io.demoshard.privacy;

import io.demoshard.config.DemoshardConfig.PrivacyConfig;
import io.demoshard.model.Counts;
import io.demoshard.model.FrameRef;
import io.demoshard.model.RawEvent;

import java.io.Serializable;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drops what was recorded while a denylisted application or window was focused (pure, one session).
 *
 * <p>A {@code focus} event is denylisted when its {@code app} matches an app glob, its {@code title}
 * matches a title glob, or the host of its {@code url} matches an app glob or a title glob (so
 * {@code *bank*} also catches {@code https://online.mybank.com/...} in any browser). A denylisted span
 * runs from that focus event until the next focus event that is not denylisted.
 * <ul>
 *   <li>Events: the denylisted focus event and every event after it (in the given order) up to, not
 *       including, the next non-denylisted focus event are dropped. Events before the session's first
 *       focus event are kept (nothing is known to be sensitive yet).</li>
 *   <li>Frames: a frame is dropped when its {@code ts} lies in a span, both ends inclusive: a frame
 *       taken at the very millisecond focus moved in or out may show the denylisted window.</li>
 * </ul>
 * Counts: {@code events.policy.denylisted_app} and {@code frames.policy.denylisted_app}.
 */
public final class SensitiveSpanFilter implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String EVENTS_COUNTER = "events.policy.denylisted_app";
  public static final String FRAMES_COUNTER = "frames.policy.denylisted_app";
  private static final Pattern HOST = Pattern.compile("^(?:[a-zA-Z][a-zA-Z0-9+.-]*://)?(?:[^@/?#]*@)?([^/:?#]+)");

  private final Denylist apps;
  private final Denylist titles;

  public SensitiveSpanFilter(Denylist apps, Denylist titles) {
    this.apps = apps;
    this.titles = titles;
  }

  public static SensitiveSpanFilter from(PrivacyConfig cfg) {
    return new SensitiveSpanFilter(new Denylist(cfg.denylistApps()), new Denylist(cfg.denylistTitles()));
  }

  public record Result(List<RawEvent> events, List<FrameRef> frames, Counts counts) implements Serializable {}

  /** Whether a focus event puts the session into a denylisted span. */
  public boolean denylisted(RawEvent focus) {
    if (apps.matches(focus.app()) || titles.matches(focus.title())) {
      return true;
    }
    String host = host(focus.url());
    return host != null && (apps.matches(host) || titles.matches(host));
  }

  static String host(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    try {
      String h = URI.create(url.strip()).getHost();
      if (h != null) {
        return h.toLowerCase(Locale.ROOT);
      }
    } catch (IllegalArgumentException ignored) {
      // not a well-formed URI: fall back to a lenient parse below
    }
    Matcher m = HOST.matcher(url.strip());
    return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
  }

  /**
   * @param events one session's events sorted by {@code ts} (ties in recorded order)
   * @param frames the same session's frames sorted by {@code ts}
   */
  public Result apply(List<RawEvent> events, List<FrameRef> frames) {
    List<RawEvent> keptEvents = new ArrayList<>(events.size());
    List<long[]> spans = new ArrayList<>(); // [start, end] inclusive, end = Long.MAX_VALUE while open
    boolean inSpan = false;
    long spanStart = 0;
    long droppedEvents = 0;
    for (RawEvent e : events) {
      if ("focus".equals(e.type())) {
        boolean deny = denylisted(e);
        if (deny && !inSpan) {
          inSpan = true;
          spanStart = e.ts();
        } else if (!deny && inSpan) {
          inSpan = false;
          spans.add(new long[] {spanStart, e.ts()});
        }
      }
      if (inSpan) {
        droppedEvents++;
      } else {
        keptEvents.add(e);
      }
    }
    if (inSpan) {
      spans.add(new long[] {spanStart, Long.MAX_VALUE});
    }
    List<FrameRef> keptFrames = new ArrayList<>(frames.size());
    long droppedFrames = 0;
    for (FrameRef f : frames) {
      boolean drop = false;
      for (long[] s : spans) {
        if (f.ts() >= s[0] && f.ts() <= s[1]) {
          drop = true;
          break;
        }
      }
      if (drop) {
        droppedFrames++;
      } else {
        keptFrames.add(f);
      }
    }
    Counts counts = new Counts();
    counts.add(EVENTS_COUNTER, droppedEvents);
    counts.add(FRAMES_COUNTER, droppedFrames);
    return new Result(keptEvents, keptFrames, counts);
  }
}
