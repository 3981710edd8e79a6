package io.demoshard.sim;

/** One kind of work. {@link #run} performs one task: a plausible sequence of at least four actions. */
abstract class TaskGen {
  /** Application name as the OS reports it (may depend on the user's platform). */
  abstract String app(SimUser u);

  /** The window as it looks when first opened today. */
  abstract Screen open(SessionBuilder b);

  /** A free-text label the employee would give this task (may contain personal data). */
  abstract String label(SessionBuilder b);

  abstract void run(SessionBuilder b);

  /** Brings this task's window to the front, opening it on first use. */
  final void front(SessionBuilder b) {
    Screen w = b.window(app(b.u));
    b.focus(w != null ? w.menu(java.util.List.of()) : open(b));
  }

  /**
   * A glance at another app (< 10 s, so still the same task): click its notification, read, click
   * back into this window.
   */
  static void briefSwitch(SessionBuilder b, String otherApp, int backX, int backY) {
    Screen mine = b.cur();
    Screen other = b.window(otherApp);
    if (other == null) other = Screen.of(otherApp, otherApp.equals("Slack") ? "general (Channel) - Acme - Slack" : otherApp, null);
    // the notification that draws the eye: a colleague's message, shown until it is clicked
    People.Person from = b.s.people.colleague(b.r, b.u.person);
    b.show(b.t, mine.toast(from.displayName() + "\t" + b.r.pick("are you around?", "can you look at the invoice job?", "lunch today?")));
    b.waitMs(b.r.between(400, 1500));
    b.click(b.L.toastX(), b.L.toastY(), null);
    b.focus(other);
    b.waitMs(b.r.between(1500, 4500));
    b.click(backX, backY, null);
    b.focus(mine);
  }

  /** Records a personal-data value the scrubber must find; {@code where} says in which field. */
  static void pii(SessionBuilder b, String kind, String value, String where) {
    b.s.pii.add(Json.obj().put("kind", kind).put("value", value).put("where", where).put("user_id", b.u.id));
    String k = switch (kind) { case "token", "password" -> "secret"; default -> kind; };
    shown(b, k, value);
    if (where.equals("typed")) typing(b, k, value);
  }

  /**
   * While a value is typed, frames show its prefixes: those of at least six characters (or half
   * the value) count as that personal data too; shorter ones identify nobody.
   */
  static void typing(SessionBuilder b, String kind, String value) {
    for (int n = Math.min(6, (value.length() + 1) / 2); n < value.length(); n++) {
      String p = value.substring(0, n).stripTrailing();
      if (p.length() == n) shown(b, kind, p);
    }
  }

  /** A personal-data value that appears on screen only (no text channel): truth for the frames. */
  static void shown(SessionBuilder b, String kind, String value) { b.s.lex.add(value, kind); }

  /**
   * A person's name typed or shown in a text channel ({@code where}: typed, title, label). Kept apart
   * from pii.jsonl (_truth/names.jsonl) until the text scrubber knows the directory.
   */
  static void name(SessionBuilder b, String value, String where) { directory(b, "person", value, where); }

  /** As {@link #name} for any directory value ({@code kind} person or login). */
  static void directory(SessionBuilder b, String kind, String value, String where) {
    b.s.names.add(Json.obj().put("kind", kind).put("value", value).put("where", where).put("user_id", b.u.id));
    shown(b, kind, value);
    if (where.equals("typed")) typing(b, kind, value);
  }
}
