package io.demoshard.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * What one application window shows. Immutable and comparable, so identical screens render once
 * (idle timer frames reuse the cached encoding). The renderer interprets the generic parts per app.
 *
 * @param lines   main content: source lines, terminal output, chat messages, or sheet rows ("a|b|c")
 * @param scroll  first visible content line
 * @param fields  browser form fields "label=value" ("*" prefix on the label marks a password field)
 * @param focus   focused field / selected sheet row / editor caret line, -1 for none
 * @param input   chat compose box, terminal prompt line or sheet formula bar
 * @param menu    items of an open menu (empty when closed); first item is the menu title
 * @param toast   a notification in the top right corner ("sender\tmessage"), "" for none
 * @param side    small grey sidebar text (who is signed in, the account, the host), one item a line
 *
 * <p>Per app: a terminal's {@code fields} hold its prompt (one item); a mail client's {@code lines}
 * are the message list ("sender|email|subject"), its {@code fields} the preview pane's lines.
 */
record Screen(String app, String title, String url, List<String> lines, int scroll, List<String> fields,
              int focus, int col, String input, List<String> menu, String toast, List<String> side) {

  static Screen of(String app, String title, String url) {
    return new Screen(app, title, url, List.of(), 0, List.of(), -1, 0, "", List.of(), "", List.of());
  }

  Screen title(String t) { return new Screen(app, t, url, lines, scroll, fields, focus, col, input, menu, toast, side); }
  Screen url(String u) { return new Screen(app, title, u, lines, scroll, fields, focus, col, input, menu, toast, side); }
  Screen lines(List<String> l) { return new Screen(app, title, url, List.copyOf(l), scroll, fields, focus, col, input, menu, toast, side); }
  Screen scroll(int s) { return new Screen(app, title, url, lines, Math.max(0, s), fields, focus, col, input, menu, toast, side); }
  Screen fields(List<String> f) { return new Screen(app, title, url, lines, scroll, List.copyOf(f), focus, col, input, menu, toast, side); }
  Screen focus(int f) { return new Screen(app, title, url, lines, scroll, fields, f, col, input, menu, toast, side); }
  Screen col(int c) { return new Screen(app, title, url, lines, scroll, fields, focus, c, input, menu, toast, side); }
  Screen input(String i) { return new Screen(app, title, url, lines, scroll, fields, focus, col, i, menu, toast, side); }
  Screen menu(List<String> m) { return new Screen(app, title, url, lines, scroll, fields, focus, col, input, List.copyOf(m), toast, side); }

  Screen toast(String t) { return new Screen(app, title, url, lines, scroll, fields, focus, col, input, menu, t, side); }
  Screen side(List<String> sd) { return new Screen(app, title, url, lines, scroll, fields, focus, col, input, menu, toast, List.copyOf(sd)); }

  Screen addLine(String l) { List<String> x = new ArrayList<>(lines); x.add(l); return lines(x); }

  Screen setLine(int i, String l) {
    List<String> x = new ArrayList<>(lines);
    while (x.size() <= i) x.add("");
    x.set(i, l);
    return lines(x);
  }

  Screen setField(int i, String value) {
    List<String> x = new ArrayList<>(fields);
    String f = x.get(i);
    x.set(i, f.substring(0, f.indexOf('=') + 1) + value);
    return fields(x);
  }

  /** One captured moment: a window plus the pointer drawn over it, in the user's light or dark theme. */
  record View(Screen screen, String os, boolean dark, int cx, int cy) {}
}
