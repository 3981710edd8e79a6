package io.demoshard.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what one measured run logged: the nightly job's {@code stage done: <name> in <N> ms}
 * lines (optionally followed by the stage's key counts in parentheses) (pipeline/StageClock), the floor's {@code bench-floor ...} line, the
 * {@code bench-heap ...} line of {@link Measure}, and {@code /usr/bin/time -v}'s maximum RSS and CPU time.
 */
public final class StageLog {
  private static final Pattern STAGE = Pattern.compile("stage done: (.+?) in (\\d+) ms(?: \\(.*\\))?\\s*$");
  private static final Pattern KV = Pattern.compile("(\\w+)=(\\S+)");
  private static final Pattern RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");
  private static final Pattern CPU = Pattern.compile("(?:User|System) time \\(seconds\\): ([0-9.]+)");

  private StageLog() {}

  /** Stage wall times in first-seen order; a stage logged twice (re-entered) is summed, as StageClock does. */
  public static Map<String, Long> stages(List<String> lines) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String l : lines) {
      Matcher m = STAGE.matcher(l);
      if (m.find()) {
        out.merge(m.group(1).strip(), Long.parseLong(m.group(2)), Long::sum);
      }
    }
    return out;
  }

  /** The {@code key=value} fields of the last line starting with {@code tag} (e.g. "bench-floor"); empty if none. */
  public static Map<String, String> fields(List<String> lines, String tag) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String l : lines) {
      int at = l.indexOf(tag + " ");
      if (at >= 0) {
        out.clear();
        Matcher m = KV.matcher(l.substring(at + tag.length()));
        while (m.find()) {
          out.put(m.group(1), m.group(2));
        }
      }
    }
    return out;
  }

  /** Maximum resident set size in kB from {@code /usr/bin/time -v}, or -1 when absent. */
  public static long maxRssKb(List<String> lines) {
    long kb = -1;
    for (String l : lines) {
      Matcher m = RSS.matcher(l);
      if (m.find()) {
        kb = Long.parseLong(m.group(1));
      }
    }
    return kb;
  }

  /**
   * CPU seconds (user + system) from {@code /usr/bin/time -v}, or -1 when absent. On a shared machine
   * CPU time moves far less with other load than wall time does.
   */
  public static double cpuSeconds(List<String> lines) {
    double s = 0;
    boolean seen = false;
    for (String l : lines) {
      Matcher m = CPU.matcher(l);
      if (m.find()) {
        s += Double.parseDouble(m.group(1));
        seen = true;
      }
    }
    return seen ? s : -1;
  }

  /** Median of the values; the mean of the middle two for an even count. NaN for none. */
  public static double median(List<? extends Number> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> v = new ArrayList<>();
    values.forEach(x -> v.add(x.doubleValue()));
    v.sort(null);
    int n = v.size();
    return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2.0;
  }
}
