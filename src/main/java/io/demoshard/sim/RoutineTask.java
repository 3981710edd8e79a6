package io.demoshard.sim;

import java.util.List;

/**
 * A short routine several employees perform identically on the same day: the same clicks at the
 * same coordinates, the same typed text (without typos) and the same keys; only the timing varies.
 * Each performance is one true episode recorded with {@code repeat_group} = {@link #group}, so the
 * evaluator can judge near-duplicate removal against truth. Nothing in it depends on the user's
 * platform (no Cmd/Ctrl shortcuts) and no value typed is personal data.
 */
final class RoutineTask extends TaskGen {
  /** The two routines of a simulated day. */
  static final List<RoutineTask> ALL = List.of(new RoutineTask("timesheet"), new RoutineTask("test-run"));

  final String group;

  private RoutineTask(String group) { this.group = group; }

  private boolean browser() { return group.equals("timesheet"); }

  @Override String app(SimUser u) { return browser() ? "Google Chrome" : "Terminal"; }

  @Override Screen open(SessionBuilder b) {
    return browser()
        ? Screen.of("Google Chrome", "New Tab - Google Chrome", "chrome://newtab/").lines(List.of("New Tab", "Search"))
        : TerminalTask.window(b);
  }

  @Override String label(SessionBuilder b) { return browser() ? "fill in weekly timesheet" : "run billing tests"; }

  @Override void run(SessionBuilder b) {
    boolean typos = b.typos;
    b.typos = false;
    try {
      if (browser()) timesheet(b); else testRun(b);
    } finally {
      b.typos = typos;
    }
  }

  /** Address bar, the intranet timesheet form, three fields, Submit: 10 actions. */
  private static void timesheet(SessionBuilder b) {
    Layout L = b.L;
    String url = "intranet.acme-corp.com/timesheet";
    List<String> fields = List.of("Project=", "Hours=", "Comment=");
    List<String> values = List.of("Billing Revamp", "8", "weekly sync and code review");
    b.click(L.w / 3, L.urlY(), b.cur().focus(-1).fields(List.of()));
    b.type(url, s -> b.cur().url(s));
    b.key("Enter", 1, i -> b.cur().url("https://" + url).title("Timesheet - Acme Intranet - Google Chrome")
        .lines(List.of("Timesheet", "Submit")).fields(fields).scroll(0).focus(-1));
    b.waitMs(b.r.between(600, 1500));   // page load
    for (int i = 0; i < fields.size(); i++) {
      b.think();
      final int fi = i;
      b.click(L.formX() + L.fieldW() / 2, L.fieldY(i) + L.fieldH() / 2, b.cur().focus(i));
      b.type(values.get(i), s -> b.cur().setField(fi, s));
    }
    b.think();
    b.click(L.formX() + L.w / 20, L.fieldY(fields.size()) + L.fieldH() / 2,
        b.cur().title("Saved - Timesheet - Acme Intranet - Google Chrome").lines(List.of("Saved", "Back", "Timesheet submitted")));
    b.waitMs(b.r.between(500, 1200));
  }

  /** Click into the shell, then three commands each typed and run with Enter: 7 actions. */
  private static void testRun(SessionBuilder b) {
    Layout L = b.L;
    b.click(L.w / 2, L.h / 2, null);
    for (String cmd : List.of("cd ~/billing-service", "git pull --rebase", "make test")) {
      b.think();
      b.type(cmd, s -> b.cur().input(s));
      b.key("Enter", 1, i -> b.cur().addLine(TerminalTask.prompt(b.u) + cmd).input("").scroll(0));
      b.waitMs(b.r.between(300, 1500));
    }
  }
}
