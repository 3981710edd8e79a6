package io.demoshard.image;

import java.awt.image.BufferedImage;

/**
 * 64-bit DCT perceptual hash (the pHash scheme): the image is box-averaged to a 32x32
 * greyscale grid, transformed with a 2-D DCT-II, and the 8x8 lowest frequencies without
 * the DC row and column become 64 bits, each set when its coefficient is above their
 * median. Bit 63 is coefficient (1,1), row by row. Near-identical screens differ in few bits.
 */
public final class PerceptualHash {
  static final int N = 32;
  static final int K = 8;
  private static final double[][] COS = new double[K + 1][N];

  static {
    for (int u = 0; u <= K; u++) {
      for (int x = 0; x < N; x++) {
        COS[u][x] = Math.cos((2 * x + 1) * u * Math.PI / (2 * N));
      }
    }
  }

  public long hash(BufferedImage img) {
    double[][] f = grey(img);
    // separable DCT, only the coefficients that are used: rows first, then columns
    double[][] rows = new double[N][K + 1];
    for (int y = 0; y < N; y++) {
      for (int u = 0; u <= K; u++) {
        double s = 0;
        for (int x = 0; x < N; x++) {
          s += COS[u][x] * f[y][x];
        }
        rows[y][u] = s;
      }
    }
    double[] coeffs = new double[K * K];
    for (int v = 1; v <= K; v++) {
      for (int u = 1; u <= K; u++) {
        double s = 0;
        for (int y = 0; y < N; y++) {
          s += COS[v][y] * rows[y][u];
        }
        coeffs[(v - 1) * K + (u - 1)] = s;
      }
    }
    double[] sorted = coeffs.clone();
    java.util.Arrays.sort(sorted);
    double median = (sorted[K * K / 2 - 1] + sorted[K * K / 2]) / 2;
    long bits = 0;
    for (double c : coeffs) {
      bits = (bits << 1) | (c > median ? 1 : 0);
    }
    return bits;
  }

  /** Hamming distance of two hashes, 0..64. */
  public static int distance(long a, long b) {
    return Long.bitCount(a ^ b);
  }

  /** Luma (BT.601) box-averaged into N x N cells; cells no pixel falls in take the nearest pixel. */
  static double[][] grey(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    double[][] sum = new double[N][N];
    int[][] n = new int[N][N];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      img.getRGB(0, y, w, 1, row, 0, w);
      int cy = (int) ((long) y * N / h);
      for (int x = 0; x < w; x++) {
        int cx = (int) ((long) x * N / w);
        sum[cy][cx] += luma(row[x]);
        n[cy][cx]++;
      }
    }
    for (int cy = 0; cy < N; cy++) {
      for (int cx = 0; cx < N; cx++) {
        if (n[cy][cx] == 0) {
          int x = (int) Math.min(w - 1, (cx + 0.5) * w / N);
          int y = (int) Math.min(h - 1, (cy + 0.5) * h / N);
          sum[cy][cx] = luma(img.getRGB(x, y));
        } else {
          sum[cy][cx] /= n[cy][cx];
        }
      }
    }
    return sum;
  }

  private static double luma(int rgb) {
    return 0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
  }
}
