package io.demoshard.dedup;

import java.awt.*;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Measures how many bits of a 32x32 DCT pHash (63 AC coefficients of the 8x8 corner against
 * their median) one typed character flips on a 1280x800 UI-like screenshot; the basis of the
 * default {@code dedup.frame-hamming} (docs/DEDUP.md). Run its main; not a unit test.
 */
public final class PHashProbe {
  static long phash(BufferedImage img) {
    BufferedImage small = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = small.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    // area average, as Image.SCALE_AREA_AVERAGING
    g.drawImage(img.getScaledInstance(32, 32, Image.SCALE_AREA_AVERAGING), 0, 0, null);
    g.dispose();
    double[][] p = new double[32][32];
    for (int y = 0; y < 32; y++) for (int x = 0; x < 32; x++) p[y][x] = small.getRaster().getSample(x, y, 0);
    double[][] d = new double[8][8];
    for (int u = 0; u < 8; u++) for (int v = 0; v < 8; v++) {
      double s = 0;
      for (int y = 0; y < 32; y++) for (int x = 0; x < 32; x++)
        s += p[y][x] * Math.cos((2 * x + 1) * v * Math.PI / 64) * Math.cos((2 * y + 1) * u * Math.PI / 64);
      d[u][v] = s;
    }
    double[] vals = new double[63];
    int k = 0;
    for (int u = 0; u < 8; u++) for (int v = 0; v < 8; v++) if (u + v > 0) vals[k++] = d[u][v];
    double[] sorted = vals.clone();
    java.util.Arrays.sort(sorted);
    double med = (sorted[31]);
    long h = 0;
    int bit = 0;
    for (int u = 0; u < 8; u++) for (int v = 0; v < 8; v++) {
      if (d[u][v] > med) h |= 1L << bit;
      bit++;
    }
    return h;
  }

  static BufferedImage ui(long seed, String typed) {
    BufferedImage img = new BufferedImage(1280, 800, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    Random r = new Random(seed);
    g.setColor(Color.WHITE); g.fillRect(0, 0, 1280, 800);
    g.setColor(new Color(0x2B2B2B)); g.fillRect(0, 0, 1280, 36);          // title bar
    g.setColor(new Color(0xF0F0F0)); g.fillRect(0, 36, 220, 764);         // sidebar
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    g.setColor(Color.DARK_GRAY);
    for (int i = 0; i < 30; i++) g.drawString("Item " + r.nextInt(1000), 16, 70 + i * 24);
    for (int i = 0; i < 25; i++) {
      StringBuilder sb = new StringBuilder();
      int len = 20 + r.nextInt(70);
      for (int j = 0; j < len; j++) sb.append((char) ('a' + r.nextInt(26)));
      g.drawString(sb.toString(), 240, 80 + i * 22);
    }
    g.setColor(new Color(0x888888)); g.drawRect(240, 660, 900, 30);        // text field
    g.setColor(Color.BLACK); g.drawString(typed, 248, 681);
    g.dispose();
    return img;
  }

  public static void main(String[] a) {
    int[] hist = new int[65];
    int trials = 200;
    for (int t = 0; t < trials; t++) {
      Random r = new Random(t);
      String before = "hello worl".substring(0, r.nextInt(10));
      String after = before + (char) ('a' + r.nextInt(26));
      int d = Long.bitCount(phash(ui(t, before)) ^ phash(ui(t, after)));
      hist[d]++;
    }
    // and a genuinely different screen (other content, same layout)
    int[] hd = new int[65];
    for (int t = 0; t < 50; t++) hd[Long.bitCount(phash(ui(t, "x")) ^ phash(ui(t + 1000, "x")))]++;
    System.out.print("one typed character, bits flipped: ");
    for (int i = 0; i < 65; i++) if (hist[i] > 0) System.out.print(i + ":" + hist[i] + " ");
    System.out.print("\nsame layout, other text, bits flipped: ");
    for (int i = 0; i < 65; i++) if (hd[i] > 0) System.out.print(i + ":" + hd[i] + " ");
    System.out.println();
  }
}
