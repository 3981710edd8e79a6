package io.demoshard.sim;

/** One employee with one machine. */
final class SimUser {
  final int index;
  final String id;
  final String deviceId;
  final String os;          // macos | windows | linux
  final double scale;
  final String format;      // png | jpeg: recorders are configured per machine
  String region;            // region of the effective consent row, null without one
  String consent = "none";  // effective status at the end of the processed day: granted | revoked | none
  boolean erased;
  boolean dark;             // dark theme in every app (set from its own seeded stream)
  People.Person person;     // this employee's row of the people directory

  SimUser(int index, String id, String deviceId, String os, double scale, String format) {
    this.index = index;
    this.id = id;
    this.deviceId = deviceId;
    this.os = os;
    this.scale = scale;
    this.format = format;
  }

  /** Login name on this machine: {@code /home/<login>}, {@code C:\\Users\\<login>}, {@code login@host}. */
  String login() { return person.login(); }

  /** The modifier used for shortcuts: Cmd on macOS, Ctrl elsewhere. */
  String shortcutMod() { return os.equals("macos") ? "meta" : "ctrl"; }
}
