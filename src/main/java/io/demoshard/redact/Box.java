package io.demoshard.redact;

import java.awt.Rectangle;
import java.io.Serializable;

/** A rectangle painted over a frame (before padding), in image pixels, and the kind of data under it. */
public record Box(int x, int y, int w, int h, String kind) implements Serializable {
  public Rectangle rect() {
    return new Rectangle(x, y, w, h);
  }

  public boolean contains(Box o) {
    return o.x >= x && o.y >= y && o.x + o.w <= x + w && o.y + o.h <= y + h;
  }
}
