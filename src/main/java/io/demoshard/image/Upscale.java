package io.demoshard.image;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/** 8-bit luma extraction and separable bicubic (Catmull-Rom) resampling, for OCR input. */
final class Upscale {
  private Upscale() {}

  /** BT.601 luma of {@code r}, one byte per pixel, row-major. */
  static byte[] luma(BufferedImage img, Rectangle r) {
    byte[] out = new byte[r.width * r.height];
    int[] row = new int[r.width];
    for (int y = 0; y < r.height; y++) {
      img.getRGB(r.x, r.y + y, r.width, 1, row, 0, r.width);
      int o = y * r.width;
      for (int x = 0; x < r.width; x++) {
        int p = row[x];
        out[o + x] = (byte) ((((p >> 16) & 0xFF) * 77 + ((p >> 8) & 0xFF) * 150 + (p & 0xFF) * 29) >> 8);
      }
    }
    return out;
  }

  /** Side of the square tiles whose background decides their polarity. */
  static final int TILE = 16;

  /**
   * Makes all text dark on light: every {@value #TILE}-px tile whose background (the most common
   * luma, in 16 buckets) is dark is inverted. Tesseract reads mixed polarity badly (a dark terminal
   * beside a light mail list garbled both; inverting the dark part fixed both, measured).
   */
  static void normalisePolarity(byte[] g, int w, int h) {
    int[] hist = new int[16];
    for (int ty = 0; ty < h; ty += TILE) {
      for (int tx = 0; tx < w; tx += TILE) {
        java.util.Arrays.fill(hist, 0);
        int y1 = Math.min(h, ty + TILE);
        int x1 = Math.min(w, tx + TILE);
        for (int y = ty; y < y1; y++) {
          for (int x = tx; x < x1; x++) {
            hist[(g[y * w + x] & 0xFF) >> 4]++;
          }
        }
        int mode = 0;
        for (int i = 1; i < 16; i++) {
          if (hist[i] > hist[mode]) {
            mode = i;
          }
        }
        if (mode < 8) {
          for (int y = ty; y < y1; y++) {
            for (int x = tx; x < x1; x++) {
              g[y * w + x] = (byte) (255 - (g[y * w + x] & 0xFF));
            }
          }
        }
      }
    }
  }

  /** Resamples a {@code w x h} grey image to {@code ow x oh} (horizontal pass, then vertical). */
  static byte[] bicubic(byte[] src, int w, int h, int ow, int oh) {
    int[] xi = new int[ow * 4];
    float[] xw = new float[ow * 4];
    weights(w, ow, xi, xw);
    int[] yi = new int[oh * 4];
    float[] yw = new float[oh * 4];
    weights(h, oh, yi, yw);
    float[] tmp = new float[ow * h];
    for (int y = 0; y < h; y++) {
      int so = y * w;
      int to = y * ow;
      for (int x = 0; x < ow; x++) {
        int k = x * 4;
        tmp[to + x] = xw[k] * (src[so + xi[k]] & 0xFF) + xw[k + 1] * (src[so + xi[k + 1]] & 0xFF)
            + xw[k + 2] * (src[so + xi[k + 2]] & 0xFF) + xw[k + 3] * (src[so + xi[k + 3]] & 0xFF);
      }
    }
    byte[] out = new byte[ow * oh];
    for (int y = 0; y < oh; y++) {
      int k = y * 4;
      int r0 = yi[k] * ow;
      int r1 = yi[k + 1] * ow;
      int r2 = yi[k + 2] * ow;
      int r3 = yi[k + 3] * ow;
      float w0 = yw[k];
      float w1 = yw[k + 1];
      float w2 = yw[k + 2];
      float w3 = yw[k + 3];
      int o = y * ow;
      for (int x = 0; x < ow; x++) {
        float v = w0 * tmp[r0 + x] + w1 * tmp[r1 + x] + w2 * tmp[r2 + x] + w3 * tmp[r3 + x];
        int iv = Math.round(v);
        out[o + x] = (byte) (iv < 0 ? 0 : Math.min(255, iv));
      }
    }
    return out;
  }

  /** For each output sample: 4 source indices (clamped) and their Catmull-Rom weights. */
  private static void weights(int n, int on, int[] idx, float[] wt) {
    double scale = (double) n / on;
    for (int i = 0; i < on; i++) {
      double s = (i + 0.5) * scale - 0.5;
      int base = (int) Math.floor(s);
      double f = s - base;
      for (int j = 0; j < 4; j++) {
        int src = base - 1 + j;
        idx[i * 4 + j] = Math.max(0, Math.min(n - 1, src));
        wt[i * 4 + j] = (float) cubic(j - 1 - f);
      }
    }
  }

  private static double cubic(double x) {
    double a = -0.5;
    x = Math.abs(x);
    if (x <= 1) {
      return (a + 2) * x * x * x - (a + 3) * x * x + 1;
    }
    if (x < 2) {
      return a * x * x * x - 5 * a * x * x + 8 * a * x - 4 * a;
    }
    return 0;
  }
}
