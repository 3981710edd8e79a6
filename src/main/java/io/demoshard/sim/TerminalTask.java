package io.demoshard.sim;

import java.util.ArrayList;
import java.util.List;

/** Shell work: git, builds, greps; tokens exported by hand; history recall; Ctrl+C. */
final class TerminalTask extends TaskGen {
  @Override String app(SimUser u) { return "Terminal"; }

  @Override Screen open(SessionBuilder b) { return window(b); }

  /** The shell window, as the user's machine shows it: login, host and home directory. */
  static Screen window(SessionBuilder b) {
    String title = b.u.login() + "@" + b.u.deviceId + ": ~/billing-service";
    directory(b, "login", b.u.login(), "title");
    return Screen.of("Terminal", title, null).lines(List.of("Last login: on ttys001")).fields(List.of(prompt(b.u)));
  }

  /** PowerShell on Windows, {@code login@host:dir$} elsewhere. */
  static String prompt(SimUser u) {
    return u.os.equals("windows") ? "PS C:\\Users\\" + u.login() + "\\billing-service> " : u.login() + "@" + u.deviceId + ":~/billing-service$ ";
  }

  static String home(SimUser u) {
    return switch (u.os) { case "windows" -> "C:\\Users\\" + u.login(); case "macos" -> "/Users/" + u.login(); default -> "/home/" + u.login(); };
  }

  @Override String label(SessionBuilder b) { return b.r.pick("deploy hotfix", "run test suite", "rotate api keys"); }

  @Override void run(SessionBuilder b) {
    Rng r = b.r;
    Layout L = b.L;
    b.click(L.w / 2, L.h / 2, null);
    int n = r.between(3, 6);
    String lastCmd = null;
    for (int k = 0; k < n; k++) {
      b.think();
      if (lastCmd != null && r.chance(0.2)) {   // recall the previous command
        String again = lastCmd;
        b.key("ArrowUp", 1, i -> b.cur().input(again));
        run(b, again, output(again, r, b.u));
        continue;
      }
      String cmd;
      int pick = r.r.nextInt(10);
      if (pick == 0) {
        String tok = Pii.githubToken(r);
        cmd = "export GITHUB_TOKEN=" + tok;
        pii(b, "token", tok, "typed");
      } else if (pick == 1) {
        String key = Pii.awsKey(r);
        cmd = "aws configure set aws_access_key_id " + key;
        pii(b, "token", key, "typed");
      } else if (pick == 2) {
        String e = Pii.email(r);
        cmd = "curl -s https://api.acme-corp.com/v1/users?email=" + e;
        pii(b, "email", e, "typed");
      } else {
        cmd = r.pick("git status", "git pull --rebase", "ls -la", "make test", "grep -rn TODO src", "docker ps", "kubectl get pods -n billing", "pwd");
      }
      if (cmd.startsWith("git") && r.chance(0.4)) {
        // Tab completion: type a prefix, Tab completes it
        String prefix = cmd.substring(0, 6);
        b.type(prefix, s -> b.cur().input(s));
        b.key("Tab", 1, i -> b.cur().input(cmd));
      } else {
        b.type(cmd, s -> b.cur().input(s));
      }
      run(b, cmd, output(cmd, r, b.u));
      lastCmd = cmd;
      if (cmd.equals("make test") && r.chance(0.5)) {
        b.waitMs(r.between(1500, 4000));
        b.hotkey(List.of("ctrl"), "c", b.cur().addLine("^C"));
      }
    }
    b.think();
    b.scroll(L.w / 2, L.h / 2, r.between(3, 6), -3 * L.lh, i -> b.cur().scroll(3 * (i + 1)));
    b.think();
    b.hotkey(List.of("ctrl"), "l", b.cur().lines(List.of()).scroll(0));
  }

  private static void run(SessionBuilder b, String cmd, List<String> out) {
    b.key("Enter", 1, i -> {
      Screen s = b.cur().addLine(prompt(b.u) + cmd).input("");
      List<String> lines = new ArrayList<>(s.lines());
      lines.addAll(out);
      return s.lines(lines).scroll(0);
    });
    b.waitMs(b.r.between(300, 2500));
  }

  private static List<String> output(String cmd, Rng r, SimUser u) {
    String sep = u.os.equals("windows") ? "\\" : "/";
    String me = u.login();
    if (cmd.startsWith("git status")) return List.of("On branch main", "Changes not staged for commit:", "  modified:   billing.py");
    if (cmd.startsWith("ls")) return List.of("drwxr-xr-x  5 " + me + "  staff  billing", "-rw-r--r--  1 " + me + "  staff  Makefile",
        "-rw-r--r--  1 " + me + "  staff  README.md", "drwxr-xr-x  3 " + me + "  staff  tests");
    if (cmd.equals("pwd")) return List.of(home(u) + sep + "billing-service");
    if (cmd.startsWith("make") && r.chance(0.4)) return List.of("pytest -q", "....F...................", "  File \"" + home(u) + sep
        + "billing-service" + sep + "billing.py\", line " + r.between(20, 90) + ", in compute_total", "1 failed, " + r.between(20, 90) + " passed");
    if (cmd.startsWith("make")) return List.of("pytest -q", "........................ [100%]", r.between(20, 90) + " passed in " + r.between(2, 9) + ".1s");
    if (cmd.startsWith("grep")) return List.of("src/billing.py:42: # TODO handle refunds", "src/utils.py:7: # TODO remove");
    if (cmd.startsWith("docker")) return List.of("CONTAINER ID  IMAGE  STATUS", "3f2a9c  postgres:16  Up 3 hours");
    if (cmd.startsWith("kubectl")) return List.of("NAME  READY  STATUS", "billing-7d9f  1/1  Running");
    if (cmd.startsWith("git pull")) return List.of("Already up to date.");
    if (cmd.startsWith("curl")) return List.of("{\"id\": " + r.between(1000, 9999) + ", \"active\": true}");
    return List.of();
  }
}
