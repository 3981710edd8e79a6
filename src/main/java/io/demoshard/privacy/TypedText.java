package io.demoshard.privacy;

import io.demoshard.privacy.scrub.Finding;
import io.demoshard.privacy.scrub.TextScrubber;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Personal data and secrets that no single {@code type} step shows, in one episode's steps:
 * <ol>
 *   <li><b>a value typed right after a password prompt or label</b>: a {@code type} step that ends
 *       with a password label ({@code Password:}, {@code passphrase}, {@code PIN}, {@code api key}, ...)
 *       makes the next {@code type} step a secret, whatever it is; one that runs a command that asks for a
 *       password ({@code sudo ...}, {@code su}, {@code passwd}, {@code ssh host}, {@code mysql ... -p},
 *       {@code --password}, {@code docker login}, {@code kinit}) does so when the next typed text is one
 *       word of at least 4 chars (a password typed blind is; the next command usually is not);</li>
 *   <li><b>a value typed in bursts</b> (typing interrupted by a click, or a Backspace correction): the
 *       {@code type} texts of a run are concatenated, Backspace presses applied, and scanned; a finding
 *       that spans two or more steps is replaced in each step by the kind's placeholder. A run ends at
 *       Enter, Tab or Escape and at a hotkey: those change the field or the command.</li>
 * </ol>
 * What lies inside one step is left to the per-step scrub that follows.
 */
public final class TypedText {
  private static final Pattern LABEL = Pattern.compile("(?i)(?:^|[^\\p{L}\\p{N}])(?:(?:password|passwort|passwd"
      + "|passphrase|passcode|pwd|api[ _-]?key|access[ _-]?key)(?:\\s+for\\s+\\S+)?\\s*[:=]?"
      + "|(?:pass|pin|secret|token)\\s*[:=])\\s*$");
  private static final Pattern COMMAND = Pattern.compile("(?i)^\\s*(?:sudo\\s.*|su(?:\\s+\\S+)?|passwd(?:\\s+\\S+)?"
      + "|ssh\\s.*|kinit\\b.*|docker\\s+login\\b.*|.*\\s--password|\\S+\\s.*\\s-p)\\s*$");
  private static final java.util.Set<String> RUN_BREAKS = java.util.Set.of("Enter", "Tab", "Escape");

  private TypedText() {}

  /** One step as this rule sees it. */
  public record Step(String action, String text, List<String> keys, Integer count) {}

  /**
   * New texts for the steps (same length, same order; non-type steps keep their text), with the
   * placeholders of findings that only the sequence shows. {@code counts} gets one per finding.
   */
  public static String[] apply(List<Step> steps, TextScrubber scrubber, Map<String, Long> counts) {
    String[] text = new String[steps.size()];
    for (int i = 0; i < steps.size(); i++) {
      text[i] = steps.get(i).text();
    }
    afterPrompts(steps, text, counts);
    acrossSteps(steps, text, scrubber, counts);
    return text;
  }

  static boolean isType(Step s) {
    return "type".equals(s.action()) && s.text() != null;
  }

  private static void afterPrompts(List<Step> steps, String[] text, Map<String, Long> counts) {
    for (int i = 0; i < steps.size(); i++) {
      if (!isType(steps.get(i))) {
        continue;
      }
      boolean label = LABEL.matcher(text[i]).find();
      boolean command = !label && COMMAND.matcher(text[i]).matches();
      if (!label && !command) {
        continue;
      }
      int j = i + 1;
      while (j < steps.size() && !isType(steps.get(j))) {
        j++;
      }
      if (j >= steps.size()) {
        continue;
      }
      String next = text[j].strip();
      // after a command, a password is one word of 4+ chars; "ls" or "q" after "ssh host" is the next command
      if (next.isEmpty() || next.equals("<SECRET>") || (command && (next.length() < 4 || next.matches(".*\\s.*")))) {
        continue;
      }
      text[j] = "<SECRET>";
      counts.merge("secret", 1L, Long::sum);
      i = j - 1;
    }
  }

  private static void acrossSteps(List<Step> steps, String[] text, TextScrubber scrubber, Map<String, Long> counts) {
    int i = 0;
    while (i < steps.size()) {
      // one run: from a type step to the next break
      List<int[]> origin = new ArrayList<>(); // per concatenated char: {step, offset in the step's text}
      StringBuilder concat = new StringBuilder();
      int typed = 0;
      int j = i;
      for (; j < steps.size(); j++) {
        Step s = steps.get(j);
        if (isType(s)) {
          typed++;
          for (int k = 0; k < text[j].length(); k++) {
            concat.append(text[j].charAt(k));
            origin.add(new int[] {j, k});
          }
        } else if ("key".equals(s.action()) && s.keys() != null && !s.keys().isEmpty()) {
          String key = s.keys().get(0);
          if (RUN_BREAKS.contains(key)) {
            break;
          }
          if ("Backspace".equals(key)) {
            int n = Math.min(s.count() == null ? 1 : s.count(), concat.length());
            concat.setLength(concat.length() - n);
            origin.subList(origin.size() - n, origin.size()).clear();
          }
        } else if ("hotkey".equals(s.action())) {
          break;
        }
      }
      if (typed >= 2) {
        replaceSpanning(concat.toString(), origin, text, scrubber, counts);
      }
      i = Math.max(j, i + 1);
    }
  }

  private static void replaceSpanning(String concat, List<int[]> origin, String[] text, TextScrubber scrubber,
                                      Map<String, Long> counts) {
    // per step: covered offsets and the placeholder that covers them
    Map<Integer, String[]> cover = new java.util.HashMap<>();
    for (Finding f : scrubber.scan(concat)) {
      int firstStep = origin.get(f.offset())[0];
      int lastStep = origin.get(f.offset() + f.length() - 1)[0];
      if (firstStep == lastStep) {
        continue; // inside one step: the per-step scrub finds it
      }
      counts.merge(f.kind(), 1L, Long::sum);
      String placeholder = scrubber.placeholderFor(f.kind());
      for (int c = f.offset(); c < f.offset() + f.length(); c++) {
        int[] o = origin.get(c);
        cover.computeIfAbsent(o[0], s -> new String[text[s].length()])[o[1]] = placeholder;
      }
    }
    cover.forEach((step, marks) -> {
      StringBuilder sb = new StringBuilder();
      String t = text[step];
      int k = 0;
      while (k < t.length()) {
        if (marks[k] == null) {
          sb.append(t.charAt(k++));
        } else {
          String p = marks[k];
          while (k < t.length() && p.equals(marks[k])) {
            k++;
          }
          sb.append(p);
        }
      }
      text[step] = sb.toString();
    });
  }
}
