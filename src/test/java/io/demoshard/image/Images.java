package io.demoshard.image;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/** Synthetic screenshots for image tests. */
public final class Images {
  private Images() {}

  /** 1x1 WebP files (lossless VP8L and lossy VP8), the smallest well-known samples. */
  public static final byte[] WEBP_LOSSLESS_1X1 = Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
  public static final byte[] WEBP_LOSSY_1X1 = Base64.getDecoder().decode("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA");

  /** An editor-like screen: title bar, sidebar, lines of text; {@code word} is drawn large in the body. */
  public static BufferedImage editor(int w, int h, String word) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(new Color(245, 245, 245));
    g.fillRect(0, 0, w, h);
    g.setColor(new Color(40, 44, 52));
    g.fillRect(0, 0, w, h / 12);
    g.setColor(new Color(220, 220, 228));
    g.fillRect(0, h / 12, w / 5, h);
    g.setColor(Color.DARK_GRAY);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, h / 30)));
    for (int i = 0; i < 12; i++) {
      g.drawString("line " + i + " of some text in the document", w / 4, h / 6 + i * h / 16);
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, h / 8));
    g.drawString(word, w / 4, h - h / 10);
    g.dispose();
    return img;
  }

  /** A quite different screen: dark, a big image-like gradient block on the left. */
  public static BufferedImage dashboard(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int v = x < w / 2 ? (255 * y / h) : 30;
        img.setRGB(x, y, new Color(v, v / 2, 255 - v).getRGB());
      }
    }
    return img;
  }

  public static byte[] png(BufferedImage img) {
    return write(img, "png");
  }

  public static byte[] jpeg(BufferedImage img) {
    try {
      ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
        writer.setOutput(out);
        ImageWriteParam p = writer.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(0.9f);
        writer.write(null, new IIOImage(img, null, null), p);
      }
      writer.dispose();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] write(BufferedImage img, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("no writer for " + format);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
