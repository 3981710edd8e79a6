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
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Draws a {@link Screen.View} with Java2D and encodes it. Pure function of the view, so equal views
 * give equal bytes (the caller caches them) and parallel rendering stays deterministic.
 */
final class Renderer {
  private final Layout L;
  private final Font mono, sans, bold;

  Renderer(Layout layout) {
    this.L = layout;
    this.mono = new Font(Font.MONOSPACED, Font.PLAIN, layout.font);
    this.sans = new Font(Font.SANS_SERIF, Font.PLAIN, layout.font);
    this.bold = new Font(Font.SANS_SERIF, Font.BOLD, layout.font);
  }

  byte[] encode(Screen.View v, String format) {
    BufferedImage img = draw(v);
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
      return bos.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  BufferedImage draw(Screen.View v) {
    BufferedImage img = new BufferedImage(L.w, L.h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    Screen s = v.screen();
    chrome(g, s, v.os());
    switch (s.app()) {
      case "Code" -> code(g, s);
      case "Google Chrome" -> browser(g, s);
      case "Terminal" -> terminal(g, s);
      case "Slack" -> chat(g, s);
      case "Microsoft Excel", "LibreOffice Calc" -> sheet(g, s);
      default -> desktop(g, s);
    }
    if (!s.menu().isEmpty()) menu(g, s.menu());
    cursor(g, v.cx(), v.cy());
    g.dispose();
    return img;
  }

  private void chrome(Graphics2D g, Screen s, String os) {
    Color bar = switch (os) { case "macos" -> new Color(236, 236, 236); case "windows" -> new Color(243, 243, 243); default -> new Color(48, 48, 48); };
    Color fg = os.equals("linux") ? new Color(230, 230, 230) : Color.BLACK;
    g.setColor(bar);
    g.fillRect(0, 0, L.w, L.top());
    g.setColor(fg);
    g.setFont(bold);
    g.drawString(s.app(), 6, L.bar - 3);
    g.setFont(sans);
    String[] menus = {"File", "Edit", "View", "Go", "Help"};
    for (int i = 0; i < menus.length; i++) g.drawString(menus[i], L.menuX(i), L.bar - 3);
    g.setColor(bar.darker());
    g.fillRect(0, L.bar, L.w, L.bar);
    g.setColor(fg);
    String t = s.title() == null ? "" : s.title();
    g.drawString(t, Math.max(4, L.w / 2 - g.getFontMetrics().stringWidth(t) / 2), 2 * L.bar - 3);
    g.setColor(new Color(0, 122, 204));
    g.fillRect(0, L.bottom(), L.w, L.h - L.bottom());
    g.setColor(Color.WHITE);
    g.drawString(s.app() + "  Ln " + (s.focus() + 1) + "  " + s.lines().size() + " lines", 6, L.h - 3);
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
      g.drawString(s.fields().get(i), 8, L.sideY(i) + L.font / 2);
    }
    g.setFont(mono);
    for (int r = 0; r < L.rows(); r++) {
      int line = s.scroll() + r;
      if (line >= s.lines().size()) break;
      int y = L.rowY(r);
      if (line == s.focus()) { g.setColor(new Color(40, 40, 40)); g.fillRect(L.side(), y - L.lh / 2, L.w, L.lh); }
      g.setColor(new Color(133, 133, 133));
      g.drawString(String.valueOf(line + 1), L.side() + 4, y + L.font / 2);
      String text = s.lines().get(line);
      String trimmed = text.trim();
      g.setColor(trimmed.startsWith("#") || trimmed.startsWith("//") ? new Color(106, 153, 85)
          : trimmed.startsWith("def ") || trimmed.startsWith("import ") || trimmed.startsWith("return") ? new Color(86, 156, 214)
          : new Color(212, 212, 212));
      g.drawString(text, L.codeX(), y + L.font / 2);
    }
  }

  private void browser(Graphics2D g, Screen s) {
    g.setColor(new Color(222, 225, 230));
    g.fillRect(0, L.bar, Math.min(L.w, L.w / 4 + 40), L.bar);
    g.setColor(Color.WHITE);
    g.fillRoundRect(L.w / 10, L.top() - L.bar + 2, L.w * 8 / 10, L.bar - 4, 8, 8);
    g.fillRect(0, L.top(), L.w, L.bottom() - L.top());
    g.setColor(new Color(60, 64, 67));
    g.setFont(sans);
    g.drawString(s.url() == null ? "" : s.url(), L.w / 10 + 8, L.top() - 5);
    int off = -s.scroll() * L.lh;
    g.setFont(bold);
    if (!s.lines().isEmpty()) g.drawString(s.lines().get(0), L.formX(), L.top() + 2 * L.lh + off);
    g.setFont(sans);
    List<String> f = s.fields();
    for (int i = 0; i < f.size(); i++) {
      String label = f.get(i).substring(0, f.get(i).indexOf('='));
      String value = f.get(i).substring(f.get(i).indexOf('=') + 1);
      boolean secret = label.startsWith("*");
      int y = L.fieldY(i) + off;
      g.setColor(new Color(95, 99, 104));
      g.drawString(secret ? label.substring(1) : label, L.formX() - L.w / 8, y + L.lh);
      g.setColor(i == s.focus() ? new Color(26, 115, 232) : new Color(200, 200, 200));
      g.setStroke(new BasicStroke(i == s.focus() ? 2 : 1));
      g.drawRect(L.formX(), y, L.fieldW(), L.fieldH());
      g.setColor(Color.BLACK);
      g.drawString(secret ? "\u2022".repeat(value.length()) : value, L.formX() + 4, y + L.lh);
    }
    int by = L.fieldY(f.size()) + off;
    g.setColor(new Color(26, 115, 232));
    g.fillRoundRect(L.formX(), by, L.w / 10, L.fieldH(), 6, 6);
    g.setColor(Color.WHITE);
    g.drawString(s.lines().size() > 1 ? s.lines().get(1) : "Submit", L.formX() + 6, by + L.lh);
    g.setColor(new Color(32, 33, 36));
    for (int i = 2; i < s.lines().size(); i++) g.drawString(s.lines().get(i), L.formX(), by + (i + 1) * L.lh + 4);
  }

  private void terminal(Graphics2D g, Screen s) {
    g.setColor(new Color(12, 12, 12));
    g.fillRect(0, L.top(), L.w, L.bottom() - L.top());
    g.setFont(mono);
    List<String> lines = s.lines();
    int visible = L.rows() - 1;
    int from = Math.max(0, lines.size() - visible - s.scroll());
    int r = 0;
    for (int i = from; i < lines.size() && r < visible; i++, r++) {
      g.setColor(lines.get(i).startsWith("$ ") ? new Color(78, 201, 176) : new Color(204, 204, 204));
      g.drawString(lines.get(i), 6, L.rowY(r) + L.font / 2);
    }
    g.setColor(new Color(78, 201, 176));
    String prompt = "$ " + s.input();
    g.drawString(prompt, 6, L.rowY(r) + L.font / 2);
    g.fillRect(6 + g.getFontMetrics().stringWidth(prompt), L.rowY(r) - L.lh / 2, L.font / 2 + 1, L.lh - 1);
  }

  private void sheet(Graphics2D g, Screen s) {
    g.setColor(Color.WHITE);
    g.fillRect(0, L.top(), L.w, L.bottom() - L.top());
    g.setFont(sans);
    g.setColor(Color.BLACK);
    g.drawString("fx  " + s.input(), 6, L.top() + L.lh - 2);
    g.setColor(new Color(240, 240, 240));
    g.fillRect(0, L.top() + L.lh, L.w, L.lh);
    g.fillRect(0, L.top() + L.lh, L.gutter(), L.bottom());
    for (int c = 0; c < 8; c++) {
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.valueOf((char) ('A' + c)), L.cellX(c), L.top() + 2 * L.lh - 2);
    }
    for (int r = 0; r < L.sheetRows(); r++) {
      int row = s.scroll() + r;
      int y = L.cellY(r);
      g.setColor(new Color(225, 225, 225));
      g.drawLine(L.gutter(), y + L.lh / 2, L.w, y + L.lh / 2);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.valueOf(row + 1), 3, y + L.font / 2);
      if (row < s.lines().size()) {
        String[] cells = s.lines().get(row).split("\\|", -1);
        for (int c = 0; c < Math.min(8, cells.length); c++) {
          g.setColor(row == 0 ? new Color(16, 124, 65) : Color.BLACK);
          g.drawString(cells[c], L.cellX(c) - L.cellW() / 2 + 3, y + L.font / 2);
        }
      }
      if (row == s.focus()) {
        g.setColor(new Color(16, 124, 65));
        g.setStroke(new BasicStroke(2));
        g.drawRect(L.cellX(s.col()) - L.cellW() / 2, y - L.lh / 2, L.cellW(), L.lh);
      }
    }
    for (int c = 0; c <= 8; c++) {
      g.setColor(new Color(225, 225, 225));
      int x = L.gutter() + c * L.cellW();
      g.drawLine(x, L.top() + L.lh, x, L.bottom());
    }
  }

  private void chat(Graphics2D g, Screen s) {
    g.setColor(new Color(63, 14, 64));
    g.fillRect(0, L.top(), L.w / 5, L.bottom() - L.top());
    g.setColor(Color.WHITE);
    g.fillRect(L.w / 5, L.top(), L.w, L.bottom() - L.top());
    g.setFont(sans);
    for (int i = 0; i < s.fields().size(); i++) {
      if (i == s.focus()) { g.setColor(new Color(18, 100, 163)); g.fillRect(0, L.sideY(i) - L.lh / 2, L.w / 5, L.lh); }
      g.setColor(new Color(220, 210, 220));
      g.drawString(s.fields().get(i), 8, L.sideY(i) + L.font / 2);
    }
    int visible = L.rows() - 2;
    List<String> m = s.lines();
    int from = Math.max(0, m.size() - visible - s.scroll());
    int r = 0;
    for (int i = from; i < m.size() && r < visible; i++, r++) {
      String line = m.get(i);
      int colon = line.indexOf(':');
      g.setFont(bold);
      g.setColor(Color.BLACK);
      String who = colon > 0 ? line.substring(0, colon + 1) : "";
      g.drawString(who, L.chatMsgX(), L.rowY(r) + L.font / 2);
      g.setFont(sans);
      g.drawString(line.substring(who.length()), L.chatMsgX() + g.getFontMetrics(bold).stringWidth(who) + 4, L.rowY(r) + L.font / 2);
    }
    g.setColor(new Color(134, 134, 134));
    g.drawRect(L.chatMsgX() - 4, L.chatInputY() - L.lh / 2 - 2, L.w - L.chatMsgX() - 6, L.lh + 4);
    g.setColor(Color.BLACK);
    g.drawString(s.input().isEmpty() ? "" : s.input(), L.chatMsgX(), L.chatInputY() + L.font / 2);
  }

  private void desktop(Graphics2D g, Screen s) {
    g.setColor(new Color(58, 110, 165));
    g.fillRect(0, L.top(), L.w, L.bottom() - L.top());
  }

  private void menu(Graphics2D g, List<String> menu) {
    int x = menu.get(0).startsWith("@") ? L.w / 3 : L.menuX(Math.max(0, List.of("File", "Edit", "View", "Go", "Help").indexOf(menu.get(0))));
    int width = Math.max(L.w / 6, 12 * L.font);
    int items = menu.size() - 1;
    g.setColor(new Color(250, 250, 250));
    g.fillRect(x, L.bar, width, items * L.lh + 4);
    g.setColor(new Color(160, 160, 160));
    g.drawRect(x, L.bar, width, items * L.lh + 4);
    g.setFont(sans);
    g.setColor(Color.BLACK);
    for (int j = 1; j <= items; j++) g.drawString(menu.get(j), x + 8, L.menuItemY(j - 1) + L.font / 2);
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
