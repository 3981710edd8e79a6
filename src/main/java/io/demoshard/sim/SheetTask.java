package io.demoshard.sim;

import java.util.ArrayList;
import java.util.List;

/** Spreadsheet upkeep: fill a contact list, select and copy ranges, edit cells, sort via menu. */
final class SheetTask extends TaskGen {
  @Override String app(SimUser u) { return u.os.equals("linux") ? "LibreOffice Calc" : "Microsoft Excel"; }

  @Override Screen open(SessionBuilder b) {
    boolean calc = app(b.u).equals("LibreOffice Calc");
    String title = calc ? "Q3-contacts.ods - LibreOffice Calc" : "Q3-contacts.xlsx - Excel";
    List<String> rows = new ArrayList<>();
    rows.add("Name|Company|Region|Amount|Status");
    for (int i = 0; i < b.r.between(6, 14); i++)
      rows.add(customer(b) + "|" + b.r.pick("Globex", "Initech", "Hooli", "Stark") + "|" + b.r.pick("US", "CA", "IN", "BR") + "|" + b.r.between(100, 9000) + "|" + b.r.pick("open", "paid"));
    return Screen.of(app(b.u), title, null).lines(rows).focus(1).col(0);
  }

  /** A customer's name, shown in the sheet (registered as personal data for the frames). */
  static String customer(SessionBuilder b) {
    String n = Pii.name(b.r);
    shown(b, "person", n);
    return n;
  }

  @Override String label(SessionBuilder b) { return b.r.pick("update Q3 contact list", "reconcile invoices", "clean up regions column"); }

  @Override void run(SessionBuilder b) {
    Rng r = b.r;
    Layout L = b.L;
    int steps = r.between(3, 6);
    for (int k = 0; k < steps; k++) {
      b.think();
      Screen sc = b.cur();
      int rowCount = sc.lines().size();
      switch (r.r.nextInt(6)) {
        case 0, 1 -> {   // append a row: click first empty cell, type, Tab, type ...
          int row = rowCount;
          List<String> vals = List.of(Pii.name(r), Pii.email(r), Pii.phone(r));
          name(b, vals.get(0), "typed");
          int vr = row - sc.scroll();
          if (vr >= L.sheetRows() - 1) {
            int target = Math.max(0, row - L.sheetRows() / 2);
            b.scroll(L.w / 2, L.h / 2, r.between(2, 4), 3 * L.lh, i -> b.cur().scroll(target));
            vr = row - target;
          }
          b.click(L.cellX(0), L.cellY(vr), b.cur().setLine(row, "||||").focus(row).col(0));
          for (int c = 0; c < vals.size(); c++) {
            final int cc = c;
            String v = vals.get(c);
            b.type(v, s -> b.cur().input(s).setLine(row, cell(b.cur().lines().get(row), cc, s)));
            if (c == 1) TaskGen.pii(b, "email", v, "typed");
            if (c == 2) TaskGen.pii(b, "phone", v, "typed");
            if (c < vals.size() - 1) b.key("Tab", 1, i -> b.cur().col(cc + 1).input(""));
          }
          b.key("Enter", 1, i -> b.cur().focus(row + 1).col(0).input(""));
        }
        case 2 -> {   // select a block, copy, paste below
          int r1 = r.between(1, Math.min(rowCount - 1, L.sheetRows() - 3));
          b.drag(L.cellX(0), L.cellY(r1 - sc.scroll()), L.cellX(2), L.cellY(r1 + 2 - sc.scroll()), sc.focus(r1).col(0));
          b.shortcut("c", null);
          b.click(L.cellX(5), L.cellY(r1 - sc.scroll()), b.cur().focus(r1).col(5));
          b.shortcut("v", b.cur().setLine(r1, cell(b.cur().lines().get(r1), 5, "copied")));
        }
        case 3 -> {   // edit a cell in place
          int row = r.between(1, Math.min(rowCount - 1, L.sheetRows() - 2));
          int vr = row - sc.scroll();
          b.multiClick(L.cellX(3), L.cellY(vr), 2, sc.focus(row).col(3));
          String v = String.valueOf(r.between(100, 9999));
          b.keyHold("Backspace", r.between(3, 6), i -> b.cur().input(""));
          b.type(v, s -> b.cur().input(s).setLine(row, cell(b.cur().lines().get(row), 3, s)));
          b.key("Enter", 1, i -> b.cur().focus(row + 1).input(""));
        }
        case 4 -> {
          int base = sc.scroll();
          int dir = base > 2 && r.chance(0.5) ? -1 : 1;
          b.scroll(L.w / 2, L.h / 2, r.between(2, 6), dir * 3 * L.lh, i -> b.cur().scroll(base + dir * (i + 1)));
        }
        default -> {   // Data/Edit menu: sort
          b.click(L.menuX(1) + 5, L.menuY(), sc.menu(List.of("Edit", "Undo", "Copy", "Paste", "Sort A to Z", "Find...")));
          b.click(L.menuX(1) + 20, L.menuItemY(3), b.cur().menu(List.of()));
        }
      }
    }
    b.think();
    b.shortcut("s", null);
  }

  static String cell(String row, int col, String value) {
    String[] cells = row.split("\\|", -1);
    List<String> out = new ArrayList<>(List.of(cells));
    while (out.size() <= col) out.add("");
    out.set(col, value);
    return String.join("|", out);
  }
}
