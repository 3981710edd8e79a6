package io.demoshard.sim;

/**
 * Widget geometry for one screen size, shared by the renderer (draws widgets there) and the task
 * generators (click there), so every click lands on what the screenshot shows.
 */
final class Layout {
  final int w, h, bar, lh, font;

  Layout(int w, int h) {
    this.w = w;
    this.h = h;
    this.bar = Math.max(12, Math.min(28, h / 34));
    this.lh = Math.max(9, Math.min(22, h / 40));
    this.font = Math.max(7, lh * 3 / 4);
  }

  int top() { return 2 * bar; }                  // below menu bar and window title bar
  int bottom() { return h - bar; }               // status bar
  int rows() { return Math.max(3, (bottom() - top() - 2 * lh) / lh); }
  int rowY(int visible) { return top() + lh + visible * lh + lh / 2; }  // centre of visible content row

  // menu bar
  int menuX(int i) { return bar * 4 + i * Math.max(28, w / 20) + 6; }
  int menuY() { return bar / 2; }
  int menuItemY(int j) { return bar + j * lh + lh / 2 + 2; }   // j >= 0: items under the title

  // code editor
  int side() { return w / 6; }
  int codeX() { return side() + 4 * font; }
  int sideY(int i) { return top() + lh + i * lh + lh / 2; }

  // browser page
  int urlY() { return top() - bar / 2; }
  int formX() { return w / 4; }
  int fieldW() { return w / 3; }
  int fieldH() { return lh * 3 / 2; }
  int fieldY(int i) { return top() + 3 * lh + i * (lh * 3); }  // top edge of field i (index n = button)

  // spreadsheet
  int gutter() { return Math.max(20, w / 32); }
  int cellW() { return (w - gutter()) / 8; }
  int cellX(int c) { return gutter() + c * cellW() + cellW() / 2; }
  int cellY(int visRow) { return top() + 2 * lh + visRow * lh + lh / 2; }
  int sheetRows() { return Math.max(3, (bottom() - top() - 2 * lh) / lh); }

  // chat
  int chatInputY() { return bottom() - lh; }
  int chatMsgX() { return w / 5 + 10; }

  // mail client: folders in the side() column, the message list (two rows an item), the preview
  int mailPreviewX() { return w / 2; }
  int mailItemY(int visible) { return top() + lh / 2 + visible * 2 * lh; }   // top edge of a list item
  int mailItems() { return Math.max(2, (bottom() - top() - lh) / (2 * lh)); }
  int mailReplyY() { return bottom() - 3 * lh; }                           // centre of the Reply button

  // browser: a right-hand rail with fine print (who is signed in)
  int railX() { return formX() + fieldW() + w / 16; }

  // a notification toast in the top right corner (another app asking for attention)
  int toastX() { return w - w / 8; }
  int toastY() { return top() + lh; }
  java.awt.Rectangle toast() {
    int tw = Math.max(w / 4, 10 * font);
    return new java.awt.Rectangle(w - tw - 8, top() + 4, tw, 2 * lh + lh / 2);
  }

  int clampX(int x) { return Math.max(0, Math.min(w - 1, x)); }
  int clampY(int y) { return Math.max(0, Math.min(h - 1, y)); }
}
