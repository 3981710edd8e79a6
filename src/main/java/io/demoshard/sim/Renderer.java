package io.demoshard.sim;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Draws a {@link Screen.View} with Java2D and encodes it. Pure function of the view, so equal views
 * give equal bytes (the caller caches them) and parallel rendering stays deterministic. Every string
 * goes through {@link Ink}, which also returns the frame's text boxes (truth for redaction) when the
 * renderer has a {@link Lexicon}.
 */
final class Renderer {
  private final Layout L;
  private final Lexicon lex;
  private final Font mono, sans, bold, small;
  private Ink ink;
  private boolean dark;

  /** An image and the text boxes drawn on it. */
  record Rendered(byte[] bytes, List<TextBox> boxes) {}

  Renderer(Layout layout) { this(layout, null); }

  Renderer(Layout layout, Lexicon lex) {
    this.L = layout;
    this.lex = lex;
    this.mono = new Font(Font.MONOSPACED, Font.PLAIN, layout.font);
    this.sans = new Font(Font.SANS_SERIF, Font.PLAIN, layout.font);
    this.bold = new Font(Font.SANS_SERIF, Font.BOLD, layout.font);
    // sidebar fine print: 11 px on the default 1280x800 screen (15 px body text)
    this.small = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(5, layout.font * 11 / 15));
  }

  byte[] encode(Screen.View v, String format) { return render(v, format).bytes(); }

  Rendered render(Screen.View v, String format) {
    BufferedImage img = draw(v);
    List<TextBox> boxes = List.copyOf(ink.boxes);
    try {
      ByteArrayOutputStream bos = new ByteArrayOutputStream(64 * 1024);
      ImageWriter w = ImageIO.getImageWritersByFormatName(format).next();
      ImageWriteParam p = w.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      // JPEG: typical recorder quality. PNG: fast deflate (screens are flat, size barely changes).
      p.setCompressionQuality(format.equals("png") ? 0.85f : 0.75f);
      try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bos)) {
        w.setOutput(out);
        w.write(null, new IIOImage(img, null, null), p);
      } finally {
        w.dispose();
      }
      return new Rendered(bos.toByteArray(), boxes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  BufferedImage draw(Screen.View v) {
    BufferedImage img = new BufferedImage(L.w, L.h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    ink = new Ink(g, lex, L.w, L.h);
    dark = v.dark();
    Screen s = v.screen();
    chrome(g, s, v.os());
    switch (s.app()) {
      case "Code" -> code(g, s);
      case "Google Chrome" -> browser(g, s);
      case "Terminal" -> terminal(g, s);
      case "Slack" -> chat(g, s);
      case "Microsoft Excel", "LibreOffice Calc" -> sheet(g, s);
      case "Mail", "Outlook", "Thunderbird" -> mail(g, s);
      default -> desktop(g, s);
    }
    if (!s.menu().isEmpty()) menu(g, s.menu());
    if (!s.toast().isEmpty()) toast(g, s.toast());
    cursor(g, v.cx(), v.cy());
    g.dispose();
    return img;
  }

  // ---------------------------------------------------------------- theme

  private Color bg() { return dark ? new Color(32, 33, 36) : Color.WHITE; }
  private Color fg() { return dark ? new Color(232, 234, 237) : Color.BLACK; }
  private Color muted() { return dark ? new Color(154, 160, 166) : new Color(95, 99, 104); }
  private Color fine() { return dark ? new Color(128, 134, 139) : new Color(128, 128, 128); }   // sidebar fine print
  private Color line() { return dark ? new Color(70, 72, 76) : new Color(225, 225, 225); }

  private void chrome(Graphics2D g, Screen s, String os) {
    Color bar = dark ? new Color(40, 40, 43) : switch (os) { case "macos" -> new Color(236, 236, 236); case "windows" -> new Color(243, 243, 243); default -> new Color(48, 48, 48); };
    Color fg = dark || os.equals("linux") ? new Color(230, 230, 230) : Color.BLACK;
    g.setColor(bar);
    g.fillRect(0, 0, L.w, L.top());
    g.setColor(fg);
    g.setFont(bold);
    ink.text(s.app(), 6, L.bar - 3);
    g.setFont(sans);
    String[] menus = {"File", "Edit", "View", "Go", "Help"};
    for (int i = 0; i < menus.length; i++) ink.text(menus[i], L.menuX(i), L.bar - 3);
    g.setColor(bar.darker());
    g.fillRect(0, L.bar, L.w, L.bar);
    g.setColor(fg);
    String t = s.title() == null ? "" : s.title();
    ink.text(t, Math.max(4, L.w / 2 - g.getFontMetrics().stringWidth(t) / 2), 2 * L.bar - 3);
    g.setColor(new Color(0, 122, 204));
    g.fillRect(0, L.bottom(), L.w, L.h - L.bottom());
    g.setColor(Color.WHITE);
    ink.text(s.app() + "  Ln " + (s.focus() + 1) + "  " + s.lines().size() + " lines", 6, L.h - 3);
  }

  /** Fine print in a sidebar, bottom up from {@code bottomY}, at {@code x}. */
  private void side(Graphics2D g, Screen s, int x, int bottomY) {
    g.setFont(small);
    g.setColor(fine());
    int step = small.getSize() + 3;
    for (int i = 0; i < s.side().size(); i++) ink.text(s.side().get(i), x, bottomY - (s.side().size() - 1 - i) * step);
  }

  private void code(Graphics2D g, Screen s) {
    g.setColor(new Color(30, 30, 30));
    g.fillRect(0, L.top(), L.w, L.bottom() - L.top());
    g.setColor(new Color(37, 37, 38));
    g.fillRect(0, L.top(), L.side(), L.bottom() - L.top());
    g.setFont(sans);
    for (int i = 0; i < s.fields().size(); i++) {
      g.setColor(s.title().contains(s.fields().get(i) + " - ") ? new Color(9, 71, 113) : new Color(37, 37, 38));
      g.fillRect(0, L.sideY(i) - L.lh / 2, L.side(), L.lh);
      g.setColor(new Color(204, 204, 204));
      ink.text(s.fields().get(i), 8, L.sideY(i) + L.font / 2);
    }
    g.setClip(0, L.top(), L.side() - 2, L.bottom() - L.top());
    side(g, s, 8, L.bottom() - 6);
    g.setClip(null);
    g.setFont(mono);
    for (int r = 0; r < L.rows(); r++) {
      int line = s.scroll() + r;
      if (line >= s.lines().size()) break;
      int y = L.rowY(r);
      if (line == s.focus()) { g.setColor(new Color(40, 40, 40)); g.fillRect(L.side(), y - L.lh / 2, L.w, L.lh); }
      g.setColor(new Color(133, 133, 133));
      ink.text(String.valueOf(line + 1), L.side() + 4, y + L.font / 2);
      String text = s.lines().get(line);
      String trimmed = text.trim();
      g.setColor(trimmed.startsWith("#") || trimmed.startsWith("//") ? new Color(106, 153, 85)
          : trimmed.startsWith("def ") || trimmed.startsWith("import ") || trimmed.startsWith("return") ? new Color(86, 156, 214)
          : new Color(212, 212, 212));
      ink.text(text, L.codeX(), y + L.font / 2);
    }
  }

  private void browser(Graphics2D g, Screen s) {
    // the tab strip and the URL bar cover the window title drawn by chrome()
    ink.cover(new Rectangle(0, L.bar, Math.min(L.w, L.w / 4 + 40), L.bar));
    ink.cover(new Rectangle(L.w / 10, L.top() - L.bar + 2, L.w * 8 / 10 + 1, L.bar - 3));
    g.setColor(dark ? new Color(53, 54, 58) : new Color(222, 225, 230));
    g.fillRect(0, L.bar, Math.min(L.w, L.w / 4 + 40), L.bar);
    g.setColor(dark ? new Color(53, 54, 58) : Color.WHITE);
    g.fillRoundRect(L.w / 10, L.top() - L.bar + 2, L.w * 8 / 10, L.bar - 4, 8, 8);
    g.setColor(bg());
    g.fillRect(0, L.top(), L.w, L.bottom() - L.top());
    g.setColor(dark ? new Color(232, 234, 237) : new Color(60, 64, 67));
    g.setFont(sans);
    g.setClip(L.w / 10, L.top() - L.bar, L.w * 8 / 10 - 4, L.bar);   // a long URL ends at the bar's edge
    ink.text(s.url() == null ? "" : s.url(), L.w / 10 + 8, L.top() - 5);
    g.setClip(null);
    side(g, s, L.railX(), L.bottom() - L.lh);
    int off = -s.scroll() * L.lh;
    g.setClip(0, L.top(), L.w, L.bottom() - L.top());
    g.setFont(bold);
    g.setColor(fg());
    if (!s.lines().isEmpty()) ink.text(s.lines().get(0), L.formX(), L.top() + 2 * L.lh + off);
    g.setFont(sans);
    List<String> f = s.fields();
    for (int i = 0; i < f.size(); i++) {
      String label = f.get(i).substring(0, f.get(i).indexOf('='));
      String value = f.get(i).substring(f.get(i).indexOf('=') + 1);
      boolean secret = label.startsWith("*");
      int y = L.fieldY(i) + off;
      g.setColor(muted());
      ink.text(secret ? label.substring(1) : label, L.formX() - L.w / 8, y + L.lh);
      g.setColor(i == s.focus() ? new Color(26, 115, 232) : dark ? new Color(95, 99, 104) : new Color(200, 200, 200));
      g.setStroke(new BasicStroke(i == s.focus() ? 2 : 1));
      g.drawRect(L.formX(), y, L.fieldW(), L.fieldH());
      g.setColor(fg());
      ink.text(secret ? "\u2022".repeat(value.length()) : value, L.formX() + 4, y + L.lh);
    }
    int by = L.fieldY(f.size()) + off;
    g.setColor(new Color(26, 115, 232));
    g.fillRoundRect(L.formX(), by, L.w / 10, L.fieldH(), 6, 6);
    g.setColor(Color.WHITE);
    ink.text(s.lines().size() > 1 ? s.lines().get(1) : "Submit", L.formX() + 6, by + L.lh);
    g.setColor(dark ? new Color(232, 234, 237) : new Color(32, 33, 36));
    for (int i = 2; i < s.lines().size(); i++) ink.text(s.lines().get(i), L.formX(), by + (i + 1) * L.lh + 4);
    g.setClip(null);
  }

  private void terminal(Graphics2D g, Screen s) {
    g.setColor(new Color(12, 12, 12));
    g.fillRect(0, L.top(), L.w, L.bottom() - L.top());
    g.setFont(mono);
    List<String> lines = s.lines();
    int visible = L.rows() - 1;
    int from = Math.max(0, lines.size() - visible - s.scroll());
    int r = 0;
    String prompt = s.fields().isEmpty() ? "$ " : s.fields().get(0);
    for (int i = from; i < lines.size() && r < visible; i++, r++) {
      String l = lines.get(i);
      g.setColor(l.startsWith("$ ") || l.startsWith(prompt) ? new Color(78, 201, 176) : new Color(204, 204, 204));
      ink.text(l, 6, L.rowY(r) + L.font / 2);
    }
    g.setColor(new Color(78, 201, 176));
    String line = prompt + s.input();
    ink.text(line, 6, L.rowY(r) + L.font / 2);
    g.fillRect(6 + g.getFontMetrics().stringWidth(line), L.rowY(r) - L.lh / 2, L.font / 2 + 1, L.lh - 1);
  }

  private void sheet(Graphics2D g, Screen s) {
    g.setColor(bg());
    g.fillRect(0, L.top(), L.w, L.bottom() - L.top());
    g.setFont(sans);
    g.setColor(fg());
    ink.text("fx  " + s.input(), 6, L.top() + L.lh - 2);
    g.setColor(dark ? new Color(45, 46, 50) : new Color(240, 240, 240));
    g.fillRect(0, L.top() + L.lh, L.w, L.lh);
    g.fillRect(0, L.top() + L.lh, L.gutter(), L.bottom());
    for (int c = 0; c < 8; c++) {
      g.setColor(dark ? Color.LIGHT_GRAY : Color.DARK_GRAY);
      ink.text(String.valueOf((char) ('A' + c)), L.cellX(c), L.top() + 2 * L.lh - 2);
    }
    for (int r = 0; r < L.sheetRows(); r++) {
      int row = s.scroll() + r;
      int y = L.cellY(r);
      g.setColor(line());
      g.drawLine(L.gutter(), y + L.lh / 2, L.w, y + L.lh / 2);
      g.setColor(dark ? Color.LIGHT_GRAY : Color.DARK_GRAY);
      ink.text(String.valueOf(row + 1), 3, y + L.font / 2);
      if (row < s.lines().size()) {
        String[] cells = s.lines().get(row).split("\\|", -1);
        for (int c = 0; c < Math.min(8, cells.length); c++) {
          g.setColor(row == 0 ? new Color(16, 124, 65) : fg());
          // a cell's text ends at the cell's right edge, as when its neighbour is not empty
          g.setClip(L.cellX(c) - L.cellW() / 2 + 1, y - L.lh / 2, L.cellW() - 2, L.lh);
          ink.text(cells[c], L.cellX(c) - L.cellW() / 2 + 3, y + L.font / 2);
          g.setClip(null);
        }
      }
      if (row == s.focus()) {
        g.setColor(new Color(16, 124, 65));
        g.setStroke(new BasicStroke(2));
        g.drawRect(L.cellX(s.col()) - L.cellW() / 2, y - L.lh / 2, L.cellW(), L.lh);
      }
    }
    for (int c = 0; c <= 8; c++) {
      g.setColor(line());
      int x = L.gutter() + c * L.cellW();
      g.drawLine(x, L.top() + L.lh, x, L.bottom());
    }
  }

  private void chat(Graphics2D g, Screen s) {
    g.setColor(dark ? new Color(25, 29, 33) : new Color(63, 14, 64));
    g.fillRect(0, L.top(), L.w / 5, L.bottom() - L.top());
    g.setColor(dark ? new Color(26, 29, 33) : Color.WHITE);
    g.fillRect(L.w / 5, L.top(), L.w, L.bottom() - L.top());
    g.setFont(sans);
    g.setClip(0, L.top(), L.w / 5 - 2, L.bottom() - L.top());
    for (int i = 0; i < s.fields().size(); i++) {
      if (i == s.focus()) { g.setColor(new Color(18, 100, 163)); g.fillRect(0, L.sideY(i) - L.lh / 2, L.w / 5, L.lh); }
      g.setColor(new Color(220, 210, 220));
      ink.text(s.fields().get(i), 8, L.sideY(i) + L.font / 2);
    }
    side(g, s, 8, L.bottom() - 6);
    g.setClip(null);
    int visible = L.rows() - 2;
    List<String> m = s.lines();
    int from = Math.max(0, m.size() - visible - s.scroll());
    int r = 0;
    Color text = dark ? new Color(209, 210, 211) : Color.BLACK;
    for (int i = from; i < m.size() && r < visible; i++, r++) {
      String line = m.get(i);
      int colon = line.indexOf(':');
      g.setFont(bold);
      g.setColor(text);
      String who = colon > 0 ? line.substring(0, colon + 1) : "";
      ink.text(who, L.chatMsgX(), L.rowY(r) + L.font / 2);
      g.setFont(sans);
      ink.text(line.substring(who.length()), L.chatMsgX() + g.getFontMetrics(bold).stringWidth(who) + 4, L.rowY(r) + L.font / 2);
    }
    g.setColor(new Color(134, 134, 134));
    g.drawRect(L.chatMsgX() - 4, L.chatInputY() - L.lh / 2 - 2, L.w - L.chatMsgX() - 6, L.lh + 4);
    g.setColor(text);
    ink.text(s.input(), L.chatMsgX(), L.chatInputY() + L.font / 2);
  }

  /** Mail client: folders and account fine print, the message list, the preview pane and a reply box. */
  private void mail(Graphics2D g, Screen s) {
    g.setColor(dark ? new Color(37, 37, 38) : new Color(243, 242, 241));
    g.fillRect(0, L.top(), L.side(), L.bottom() - L.top());
    g.setColor(bg());
    g.fillRect(L.side(), L.top(), L.w - L.side(), L.bottom() - L.top());
    g.setColor(line());
    g.drawLine(L.mailPreviewX() - 6, L.top(), L.mailPreviewX() - 6, L.bottom());
    g.setFont(sans);
    String[] folders = {"Inbox", "Sent Items", "Drafts", "Archive"};
    g.setClip(0, L.top(), L.side() - 2, L.bottom() - L.top());
    for (int i = 0; i < folders.length; i++) {
      g.setColor(fg());
      ink.text(folders[i], 8, L.sideY(i) + L.font / 2);
    }
    side(g, s, 8, L.bottom() - 6);
    g.setClip(L.side(), L.top(), L.mailPreviewX() - 8 - L.side(), L.bottom() - L.top());
    for (int r = 0; r < L.mailItems(); r++) {
      int i = s.scroll() + r;
      if (i >= s.lines().size()) break;
      String[] m = s.lines().get(i).split("\\|", -1);
      int y = L.mailItemY(r);
      if (i == s.focus()) { g.setColor(dark ? new Color(9, 71, 113) : new Color(205, 230, 247)); g.fillRect(L.side(), y, L.mailPreviewX() - 6 - L.side(), 2 * L.lh); }
      g.setFont(bold);
      g.setColor(fg());
      ink.text(m[0] + "  <" + m[1] + ">", L.side() + 8, y + L.lh - 3);
      g.setFont(sans);
      g.setColor(muted());
      ink.text(m[2], L.side() + 8, y + 2 * L.lh - 4);
    }
    g.setClip(L.mailPreviewX(), L.top(), L.w - L.mailPreviewX(), L.bottom() - L.top());
    g.setColor(fg());
    for (int i = 0; i < s.fields().size(); i++) {
      g.setFont(i < 3 ? bold : sans);
      ink.text(s.fields().get(i), L.mailPreviewX() + 4, L.rowY(i) + L.font / 2);
    }
    if (!s.fields().isEmpty()) {
      g.setColor(new Color(26, 115, 232));
      g.fillRoundRect(L.mailPreviewX() + 4, L.mailReplyY() - L.lh / 2, L.w / 16, L.lh, 6, 6);
      g.setColor(Color.WHITE);
      g.setFont(sans);
      ink.text("Reply", L.mailPreviewX() + 8, L.mailReplyY() + L.font / 2);
      g.setColor(new Color(134, 134, 134));
      g.drawRect(L.mailPreviewX() + 4, L.chatInputY() - L.lh / 2 - 2, L.w - L.mailPreviewX() - 12, L.lh + 4);
      g.setColor(fg());
      ink.text(s.input(), L.mailPreviewX() + 8, L.chatInputY() + L.font / 2);
    }
    g.setClip(null);
  }

  private void desktop(Graphics2D g, Screen s) {
    g.setColor(new Color(58, 110, 165));
    g.fillRect(0, L.top(), L.w, L.bottom() - L.top());
  }

  private void menu(Graphics2D g, List<String> menu) {
    int x = menu.get(0).startsWith("@") ? L.w / 3 : L.menuX(Math.max(0, List.of("File", "Edit", "View", "Go", "Help").indexOf(menu.get(0))));
    int width = Math.max(L.w / 6, 12 * L.font);
    int items = menu.size() - 1;
    ink.cover(new Rectangle(x, L.bar, width + 1, items * L.lh + 5));
    g.setColor(new Color(250, 250, 250));
    g.fillRect(x, L.bar, width, items * L.lh + 4);
    g.setColor(new Color(160, 160, 160));
    g.drawRect(x, L.bar, width, items * L.lh + 4);
    g.setFont(sans);
    g.setColor(Color.BLACK);
    g.setClip(x, L.bar, width, items * L.lh + 4);
    for (int j = 1; j <= items; j++) ink.text(menu.get(j), x + 8, L.menuItemY(j - 1) + L.font / 2);
    g.setClip(null);
  }

  /** A notification card over the top right corner: sender in bold, then the message ("sender\tmessage"). */
  private void toast(Graphics2D g, String toast) {
    Rectangle r = L.toast();
    ink.cover(new Rectangle(r.x, r.y, r.width + 1, r.height + 1));
    g.setColor(dark ? new Color(48, 49, 52) : new Color(252, 252, 252));
    g.fillRoundRect(r.x, r.y, r.width, r.height, 10, 10);
    g.setColor(dark ? new Color(95, 99, 104) : new Color(190, 190, 190));
    g.drawRoundRect(r.x, r.y, r.width, r.height, 10, 10);
    int tab = toast.indexOf('\t');
    g.setClip(r.x + 2, r.y + 2, r.width - 4, r.height - 4);
    g.setFont(bold);
    g.setColor(fg());
    ink.text(tab < 0 ? toast : toast.substring(0, tab), r.x + 8, r.y + L.lh);
    g.setFont(sans);
    g.setColor(muted());
    if (tab >= 0) ink.text(toast.substring(tab + 1), r.x + 8, r.y + 2 * L.lh);
    g.setClip(null);
  }

  private void cursor(Graphics2D g, int x, int y) {
    int k = Math.max(1, L.lh / 10);
    Polygon p = new Polygon(new int[] {x, x, x + 4 * k, x + 7 * k, x + 9 * k, x + 6 * k, x + 11 * k},
        new int[] {y, y + 16 * k, y + 12 * k, y + 18 * k, y + 17 * k, y + 11 * k, y + 11 * k}, 7);
    g.setColor(Color.BLACK);
    g.fillPolygon(p);
    g.setColor(Color.WHITE);
    g.drawPolygon(p);
  }
}
