package io.demoshard.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Paints solid, opaque boxes over an image in place: never blur or pixelate (both can be
 * reversed or read). Each box grows by {@code padding} px on every side (OCR boxes hug the
 * glyphs; anti-aliased edges and descenders would stay readable) and is clamped to the image.
 */
public final class Painter {
  private Painter() {}

  /** Black: opaque on light and dark themes alike, and unmistakably a redaction. */
  public static final Color FILL = Color.BLACK;

  /** The padded, clamped rectangle that {@link #paint} fills for {@code r}; empty when outside. */
  public static Rectangle padded(Rectangle r, int padding, int width, int height) {
    Rectangle p = new Rectangle(r.x - padding, r.y - padding, r.width + 2 * padding, r.height + 2 * padding);
    Rectangle c = p.intersection(new Rectangle(0, 0, width, height));
    return c.isEmpty() ? new Rectangle(0, 0, 0, 0) : c;
  }

  public static void paint(BufferedImage img, List<Rectangle> boxes, int padding) {
    Graphics2D g = img.createGraphics();
    try {
      g.setComposite(java.awt.AlphaComposite.Src);
      g.setColor(FILL);
      for (Rectangle r : boxes) {
        Rectangle p = padded(r, padding, img.getWidth(), img.getHeight());
        if (!p.isEmpty()) {
          g.fillRect(p.x, p.y, p.width, p.height);
        }
      }
    } finally {
      g.dispose();
    }
  }

  /** The whole frame painted over (on-failure = mask). */
  public static void maskAll(BufferedImage img) {
    paint(img, List.of(new Rectangle(0, 0, img.getWidth(), img.getHeight())), 0);
  }
}
