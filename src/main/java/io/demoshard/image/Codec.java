package io.demoshard.image;

import io.demoshard.image.ImageDecoder.Undecodable;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;

/**
 * Full-resolution decode and re-encode of a screenshot, once each. PNG stays PNG (lossless);
 * JPEG is re-encoded at its source quality, estimated from its luminance quantisation table
 * (IJG scaling, the same scale ImageIO's writer uses); WebP is published as PNG (there is no WebP
 * writer in the JVM, and a lossless PNG adds no further loss). A fresh ImageIO encode carries
 * no metadata; the result still goes through {@link ImageMetadata#strip} so that holds by
 * construction.
 */
public final class Codec {
  private Codec() {}

  /** JPEG quality used when the tables are not the IJG ones scaled (e.g. custom encoders). */
  static final int FALLBACK_JPEG_QUALITY = 90;

  static {
    ImageIO.setUseCache(false);
    ImageIO.scanForPlugins();
  }

  /** A decoded frame: pixels (RGB), the sniffed source format, and for JPEG its estimated quality. */
  public record Decoded(BufferedImage image, String format, int jpegQuality) {}

  /** An encoded frame and the format it is in. */
  public record Encoded(byte[] bytes, String format) {}

  public static Decoded decode(byte[] bytes) throws Undecodable {
    ImageDecoder.Read r = ImageDecoder.read(bytes, 0);
    return new Decoded(toRgb(r.image()), r.format(), r.format().equals("jpeg") ? jpegQuality(bytes) : -1);
  }

  /** Only the size, from the header (for masking a frame whose pixels cannot be decoded). */
  public static int[] size(byte[] bytes) {
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return null;
      }
      ImageReader r = readers.next();
      try {
        r.setInput(in, true, true);
        int w = r.getWidth(0);
        int h = r.getHeight(0);
        return w > 0 && h > 0 && (long) w * h <= ImageDecoder.MAX_PIXELS ? new int[] {w, h} : null;
      } finally {
        r.dispose();
      }
    } catch (Exception | Error e) {
      return null;
    }
  }

  /** PNG for PNG and WebP sources, JPEG at {@code jpegQuality} (1-100) for JPEG sources. */
  public static Encoded encode(BufferedImage img, String sourceFormat, int jpegQuality) throws IOException {
    boolean jpeg = "jpeg".equals(sourceFormat) || "jpg".equals(sourceFormat);
    String format = jpeg ? "jpeg" : "png";
    ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
    ByteArrayOutputStream bos = new ByteArrayOutputStream(img.getWidth() * img.getHeight() / 4);
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bos)) {
      writer.setOutput(out);
      ImageWriteParam p = writer.getDefaultWriteParam();
      if (jpeg) {
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        int q = jpegQuality > 0 ? jpegQuality : FALLBACK_JPEG_QUALITY;
        p.setCompressionQuality(Math.max(1, Math.min(100, q)) / 100f);
      }
      writer.write(null, new IIOImage(img, null, null), p);
    } finally {
      writer.dispose();
    }
    return new Encoded(ImageMetadata.strip(bos.toByteArray(), format), format);
  }

  private static final int[] STD_LUMA = {
      16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
      14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
      49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};
  private static final int[] ZIGZAG = {
      0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14,
      21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53,
      60, 61, 54, 47, 55, 62, 63};

  /**
   * IJG quality (1-100) whose scaled standard luminance table best matches table 0 of the first
   * DQT segment; {@link #FALLBACK_JPEG_QUALITY} when there is none or it matches no IJG quality
   * within a few percent.
   */
  static int jpegQuality(byte[] b) {
    int[] table = firstLumaTable(b);
    if (table == null) {
      return FALLBACK_JPEG_QUALITY;
    }
    int best = FALLBACK_JPEG_QUALITY;
    long bestErr = Long.MAX_VALUE;
    for (int q = 1; q <= 100; q++) {
      int scale = q < 50 ? 5000 / q : 200 - 2 * q;
      long err = 0;
      for (int i = 0; i < 64; i++) {
        int v = Math.max(1, Math.min(255, (STD_LUMA[i] * scale + 50) / 100));
        err += Math.abs(v - table[i]);
      }
      if (err < bestErr) {
        bestErr = err;
        best = q;
      }
    }
    return bestErr <= 64 ? best : FALLBACK_JPEG_QUALITY;
  }

  /** Table id 0 of the first DQT, in natural (row-major) order; null when absent or 16-bit. */
  private static int[] firstLumaTable(byte[] b) {
    int p = 2;
    while (p + 4 < b.length) {
      if ((b[p] & 0xFF) != 0xFF) {
        return null;
      }
      int m = b[p + 1] & 0xFF;
      if (m == 0xFF) {
        p++;
        continue;
      }
      int len = (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
      if (m == 0xDA || m == 0xD9) {
        return null;
      }
      if (m == 0xDB) {
        int q = p + 4;
        int end = p + 2 + len;
        while (q < end && q + 65 <= b.length) {
          int pq = (b[q] >> 4) & 0x0F;
          int tq = b[q] & 0x0F;
          if (pq != 0) {
            return null;
          }
          if (tq == 0) {
            int[] t = new int[64];
            for (int i = 0; i < 64; i++) {
              t[ZIGZAG[i]] = b[q + 1 + i] & 0xFF;
            }
            return t;
          }
          q += 65;
        }
      }
      p += 2 + len;
    }
    return null;
  }

  /** An RGB copy when the decoder gave anything else (paletted PNG, grey, alpha, CMYK). */
  static BufferedImage toRgb(BufferedImage img) {
    if (img.getType() == BufferedImage.TYPE_INT_RGB) {
      return img;
    }
    BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = rgb.createGraphics();
    g.drawImage(img, 0, 0, java.awt.Color.WHITE, null);
    g.dispose();
    return rgb;
  }
}
