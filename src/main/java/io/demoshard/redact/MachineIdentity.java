package io.demoshard.redact;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Machine identity on screen, found without any list: shell prompts {@code user@host}
 * ({@code dev@win-7f3a2c:~$}), Windows and Mac default hostnames ({@code DESKTOP-7F3A2C1},
 * {@code WIN-...}), names under private DNS suffixes ({@code build01.corp}, {@code nas.local}),
 * and the user name in home paths ({@code C:\Users\jnovak}, {@code /home/jnovak},
 * {@code /Users/jnovak}). OCR often reads a backslash as {@code |} or {@code /}; both are accepted.
 */
final class MachineIdentity {
  static final String HOST = "host";
  static final String HOME = "home_path";

  /**
   * A prompt: user, {@code @}, a host followed by a prompt character ({@code :$#>]}), a space or the
   * end, so never by a dot (dotted ones are e-mail addresses, found elsewhere). OCR may put a space
   * before a hyphen inside the host ({@code dev@win -7f3a2c:}).
   */
  private static final Pattern USER_AT_HOST = Pattern.compile(
      "(?<![\\w.@-])[A-Za-z_][\\w.-]{0,31}@[A-Za-z0-9][\\w-]*(?: ?-[\\w-]+)*(?=[:$#>\\]\\s]|$)");
  private static final Pattern DEFAULT_HOST = Pattern.compile(
      "(?i)(?<![\\w-])(?:DESKTOP|LAPTOP|WIN|WS|PC|NB|MBP|MACBOOK|IMAC|SRV|VM)-[A-Z0-9][A-Z0-9-]{3,14}(?![\\w-])");
  private static final Pattern PRIVATE_DNS = Pattern.compile(
      "(?i)(?<![\\w.-])[a-z0-9][a-z0-9-]{0,62}(?:\\.[a-z0-9-]{1,63})*\\.(?:local|corp|internal|lan|intranet|localdomain|home\\.arpa)(?![\\w-])");
  private static final Pattern HOME_PATH = Pattern.compile(
      "(?i)(?:\\b[A-Z]:[\\\\/|]{1,2}Users[\\\\/|]{1,2}|(?<![\\w])/home/|(?<![\\w])/Users/)([^\\\\/|\\s:]{1,64})");
  /** Home folders that name no person. */
  private static final Set<String> SHARED_HOMES = Set.of("public", "default", "shared", "all users", "default user",
      "guest", "root");

  record Hit(int start, int end, String kind) {}

  static List<Hit> find(String text) {
    List<Hit> out = new ArrayList<>();
    add(out, USER_AT_HOST.matcher(text), HOST, 0);
    add(out, DEFAULT_HOST.matcher(text), HOST, 0);
    add(out, PRIVATE_DNS.matcher(text), HOST, 0);
    Matcher m = HOME_PATH.matcher(text);
    while (m.find()) {
      if (!SHARED_HOMES.contains(m.group(1).toLowerCase(java.util.Locale.ROOT))) {
        out.add(new Hit(m.start(), m.end(1), HOME));  // the whole path: "C:\Users\" beside a black box still says whose
      }
    }
    return out;
  }

  private static void add(List<Hit> out, Matcher m, String kind, int group) {
    while (m.find()) {
      out.add(new Hit(m.start(group), m.end(group), kind));
    }
  }
}
