package io.demoshard.sim;

import java.util.ArrayList;
import java.util.List;

/** Editing source in VS Code: open a file, navigate, edit, copy/paste, save. */
final class CodeTask extends TaskGen {
  static final List<String> FILES = List.of("main.py", "billing.py", "utils.py", "config.py", "test_billing.py", "README.md");

  @Override String app(SimUser u) { return "Code"; }

  static String title(String file, boolean dirty) { return (dirty ? "\u25CF " : "") + file + " - billing-service - Visual Studio Code"; }

  @Override Screen open(SessionBuilder b) {
    // the accounts and remote-host fine print at the bottom of the explorer
    return Screen.of("Code", title(FILES.get(0), false), null).fields(FILES).lines(source(FILES.get(0), b.r)).focus(0)
        .side(List.of(b.u.person.email(), "SSH: " + b.u.login() + "@" + b.u.deviceId));
  }

  @Override String label(SessionBuilder b) { return b.r.pick("fix rounding in invoice totals", "refactor billing utils", "add retry to payment client", "update README"); }

  static List<String> source(String file, Rng r) {
    List<String> out = new ArrayList<>();
    out.add("# " + file + " - billing service");
    out.add("import decimal");
    out.add("import logging");
    out.add("");
    String[] fns = {"compute_total", "apply_discount", "round_cents", "load_invoice", "send_receipt", "retry_payment", "parse_amount"};
    int n = r.between(6, 12);
    for (int i = 0; i < n; i++) {
      String fn = fns[(i + file.length()) % fns.length] + (i >= fns.length ? "_" + i : "");
      out.add("def " + fn + "(invoice, rate=" + r.between(1, 30) + "):");
      out.add("    total = decimal.Decimal(invoice.amount) * rate");
      out.add("    if total < 0:");
      out.add("        logging.warning(\"negative total %s\", invoice.id)");
      out.add("    return round(total, " + r.between(0, 4) + ")");
      out.add("");
    }
    return out;
  }

  @Override void run(SessionBuilder b) {
    Layout L = b.L;
    Rng r = b.r;
    String file = r.pick(FILES);
    int fi = FILES.indexOf(file);
    b.click(L.side() / 2, L.sideY(fi), b.cur().title(title(file, false)).lines(source(file, r)).scroll(0).focus(0));
    b.focus(b.cur());
    int steps = r.between(4, 8);
    for (int k = 0; k < steps; k++) {
      b.think();
      Screen sc = b.cur();
      int visible = Math.min(L.rows(), sc.lines().size() - sc.scroll()) - 1;
      int row = r.between(0, Math.max(0, visible));
      int line = sc.scroll() + row;
      switch (r.r.nextInt(9)) {
        case 0 -> {
          int base = sc.scroll();
          int dir = base > 3 && r.chance(0.4) ? -1 : 1;
          b.scroll(L.codeX() + L.w / 4, L.h / 2, r.between(3, 7), dir * 3 * L.lh,
              i -> b.cur().scroll(Math.min(base + dir * 3 * (i + 1), Math.max(0, b.cur().lines().size() - 3))));
        }
        case 1 -> {   // add a line of code below the clicked one
          String text = sc.lines().get(line);
          b.click(L.codeX() + Math.min(L.w / 2, text.length() * L.font * 6 / 10), L.rowY(row), sc.focus(line));
          b.key("End", 1, null);
          List<String> ls = new ArrayList<>(b.cur().lines());
          ls.add(line + 1, "    ");
          b.key("Enter", 1, i -> b.cur().lines(ls).focus(line + 1).title(title(file, true)));
          String code = r.pick("log.info(\"retrying payment\")", "amount = Decimal(\"0.00\")", "if not invoice.paid:",
              "return None", "assert total >= 0, \"Total must be positive\"", "retries += 1");
          b.type(code, s -> b.cur().setLine(line + 1, "    " + s));
        }
        case 2 -> b.keyHold("ArrowDown", r.between(4, 14), i -> b.cur().focus(Math.min(b.cur().lines().size() - 1, line + i)));
        case 3 -> {   // copy a word, paste it on another line
          b.multiClick(L.codeX() + 2 * L.font, L.rowY(row), 2, sc.focus(line));
          b.shortcut("c", null);
          int other = Math.min(sc.lines().size() - 1, line + 2);
          b.click(L.codeX() + 8 * L.font, L.rowY(other - sc.scroll()), b.cur().focus(other));
          b.shortcut("v", b.cur().setLine(other, b.cur().lines().get(other) + " total").title(title(file, true)));
        }
        case 4 -> {   // select a whole line and delete it
          b.multiClick(L.codeX() + 3 * L.font, L.rowY(row), 3, sc.focus(line));
          b.key("Backspace", 1, i -> b.cur().setLine(line, "").title(title(file, true)));
        }
        case 5 -> {   // command palette
          List<String> mods = b.u.os.equals("macos") ? List.of("shift", "meta") : List.of("ctrl", "shift");
          b.hotkey(mods, "p", sc.menu(List.of("@palette", ">", "Format Document", "Git: Commit", "Sort Lines")));
          b.type("format doc", s -> b.cur().menu(List.of("@palette", "> " + s, "Format Document")));
          b.key("Enter", 1, i -> b.cur().menu(List.of()));
        }
        case 6 -> {   // a credential pasted into config: exactly what must never reach training data
          String token = r.chance(0.5) ? Pii.slackToken(r) : Pii.awsKey(r);
          b.click(L.codeX() + 4 * L.font, L.rowY(row), sc.focus(line));
          b.key("Enter", 1, i -> b.cur().focus(line + 1));
          String text = (token.startsWith("AKIA") ? "AWS_ACCESS_KEY_ID = \"" : "SLACK_TOKEN = \"") + token + "\"";
          b.type(text, s -> b.cur().setLine(line + 1, s).title(title(file, true)));
          pii(b, "token", token, "typed");
        }
        case 7 -> b.drag(L.codeX(), L.rowY(row), L.codeX() + L.w / 3, L.rowY(Math.min(L.rows() - 1, row + 3)), sc.focus(line));
        default -> {  // File menu
          b.click(L.menuX(0) + 5, L.menuY(), sc.menu(List.of("File", "New File", "Open...", "Save", "Save As...", "Close Editor")));
          b.click(L.menuX(0) + 20, L.menuItemY(2), b.cur().menu(List.of()).title(title(file, false)));
        }
      }
      if (k == 1 && r.chance(0.3)) briefSwitch(b, "Slack", L.codeX() + L.w / 3, L.rowY(2));
    }
    b.think();
    b.shortcut("s", b.cur().title(title(file, false)));
  }
}
