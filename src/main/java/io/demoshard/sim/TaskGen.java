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
    b.click(b.L.toastX(), b.L.toastY(), null);
    b.focus(other);
    b.waitMs(b.r.between(1500, 4500));
    b.click(backX, backY, null);
    b.focus(mine);
  }

  /** Records a personal-data value the scrubber must find; {@code where} says in which field. */
  static void pii(SessionBuilder b, String kind, String value, String where) {
    b.s.pii.add(Json.obj().put("kind", kind).put("value", value).put("where", where).put("user_id", b.u.id));
  }
}
