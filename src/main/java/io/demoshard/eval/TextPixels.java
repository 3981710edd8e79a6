package io.demoshard.eval;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Did a text box survive publication? Compares the raw screenshot with the published one inside one
 * ground-truth box.
 *
 * <p>The box's <em>text pixels</em> are the raw pixels that differ from the box's background colour
 * (per-channel median of the one-pixel ring around the box) by more than {@link #TOLERANCE} in some
 * channel. A text pixel is <em>destroyed</em> in the published frame when it changed by more than the
 * tolerance, or when the box's background was repainted (the median of the published pixels where
 * the raw box showed background moved by more than the tolerance) and the pixel no longer stands out
 * from that new background: an opaque box painted in the text's own colour leaves the text pixels
 * unchanged, yet nothing is readable. A PII box counts as redacted when at
 * least {@link #SHARE} of its text pixels are destroyed; a control box counts as kept when at least
 * that share is not. The tolerance absorbs JPEG re-encoding (a few levels, more on glyph edges).
 */
public final class TextPixels {
  /** Max per-channel difference still counted as "the same colour" (0-255). */
  public static final int TOLERANCE = 48;
  /** Share of text pixels that decides redacted / kept (the 90%). */
  public static final double SHARE = 0.9;

  /** Text pixels of one box and how many of them the published frame destroyed. */
  public record Score(int textPixels, int destroyed) {
    public boolean redacted() { return textPixels > 0 && destroyed >= SHARE * textPixels; }
    public boolean kept() { return textPixels > 0 && textPixels - destroyed >= SHARE * textPixels; }
  }

  private TextPixels() {}

  /** Scores the box (x, y, w, h), clipped to the images; both images must have the same size. */
  public static Score score(BufferedImage raw, BufferedImage pub, int x, int y, int w, int h) {
    if (raw.getWidth() != pub.getWidth() || raw.getHeight() != pub.getHeight()) {
      throw new IllegalArgumentException("raw and published frame differ in size");
    }
    int x0 = Math.max(0, x), y0 = Math.max(0, y);
    int x1 = Math.min(raw.getWidth(), x + w), y1 = Math.min(raw.getHeight(), y + h);
    if (x1 <= x0 || y1 <= y0) return new Score(0, 0);
    int bg = ringMedian(raw, x0, y0, x1, y1);
    int n = (x1 - x0) * (y1 - y0);
    boolean[] text = new boolean[n];
    int[] rawBg = new int[n];
    int[] pubBg = new int[n];
    int texts = 0, bgs = 0;
    for (int yy = y0, i = 0; yy < y1; yy++) {
      for (int xx = x0; xx < x1; xx++, i++) {
        int p = raw.getRGB(xx, yy);
        text[i] = diff(p, bg) > TOLERANCE;
        if (text[i]) {
          texts++;
        } else {
          rawBg[bgs] = p;
          pubBg[bgs++] = pub.getRGB(xx, yy);
        }
      }
    }
    if (texts == 0) return new Score(0, 0);
    // the background repainted (an opaque box): text pixels of the new background's colour are gone too
    int bgPub = bgs > 0 ? median(pubBg, bgs) : ringMedian(pub, x0, y0, x1, y1);
    boolean repainted = diff(bgPub, bgs > 0 ? median(rawBg, bgs) : bg) > TOLERANCE;
    int destroyed = 0;
    for (int yy = y0, i = 0; yy < y1; yy++) {
      for (int xx = x0; xx < x1; xx++, i++) {
        if (!text[i]) continue;
        int p = pub.getRGB(xx, yy);
        if (diff(p, raw.getRGB(xx, yy)) > TOLERANCE || (repainted && diff(p, bgPub) <= TOLERANCE)) destroyed++;
      }
    }
    return new Score(texts, destroyed);
  }

  /** Per-channel median of the pixels just outside the box (inside the image); the box's own when none. */
  static int ringMedian(BufferedImage img, int x0, int y0, int x1, int y1) {
    int[] ring = new int[2 * (x1 - x0 + 2) + 2 * (y1 - y0) + 4];
    int k = 0;
    for (int xx = x0 - 1; xx <= x1; xx++) {
      k = add(img, xx, y0 - 1, ring, k);
      k = add(img, xx, y1, ring, k);
    }
    for (int yy = y0; yy < y1; yy++) {
      k = add(img, x0 - 1, yy, ring, k);
      k = add(img, x1, yy, ring, k);
    }
    if (k > 0) return median(ring, k);
    int[] all = new int[(x1 - x0) * (y1 - y0)];
    for (int yy = y0; yy < y1; yy++) for (int xx = x0; xx < x1; xx++) all[k++] = img.getRGB(xx, yy);
    return median(all, k);
  }

  private static int add(BufferedImage img, int x, int y, int[] out, int k) {
    if (x < 0 || y < 0 || x >= img.getWidth() || y >= img.getHeight()) return k;
    out[k] = img.getRGB(x, y);
    return k + 1;
  }

  static int median(int[] px, int n) {
    int[] c = new int[n];
    int rgb = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      for (int i = 0; i < n; i++) c[i] = (px[i] >> shift) & 0xFF;
      Arrays.sort(c, 0, n);
      rgb = (rgb << 8) | c[n / 2];
    }
    return rgb;
  }

  static int diff(int a, int b) {
    int d = 0;
    for (int shift = 16; shift >= 0; shift -= 8) d = Math.max(d, Math.abs(((a >> shift) & 0xFF) - ((b >> shift) & 0xFF)));
    return d;
  }
}
