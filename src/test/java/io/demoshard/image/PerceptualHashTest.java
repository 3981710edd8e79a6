package io.demoshard.image;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PerceptualHashTest {
  private final PerceptualHash ph = new PerceptualHash();

  @Test
  void identicalImagesHaveDistanceZero() {
    long a = ph.hash(Images.editor(640, 400, "Hello"));
    long b = ph.hash(Images.editor(640, 400, "Hello"));
    assertEquals(0, PerceptualHash.distance(a, b));
    assertEquals(32, Long.bitCount(a), 4, "about half the bits set around the median");
  }

  @Test
  void smallTextChangeIsSmallButNotZero() {
    long a = ph.hash(Images.editor(640, 400, "Hello"));
    long b = ph.hash(Images.editor(640, 400, "Hellp"));
    int d = PerceptualHash.distance(a, b);
    assertTrue(d > 0 && d <= 10, "distance " + d);
  }

  @Test
  void differentScreensAreFarApart() {
    long a = ph.hash(Images.editor(640, 400, "Hello"));
    long b = ph.hash(Images.dashboard(640, 400));
    int d = PerceptualHash.distance(a, b);
    assertTrue(d >= 24, "distance " + d);
  }

  @Test
  void scaleAndTinyImagesAreHandled() {
    long big = ph.hash(Images.editor(1280, 800, "Hello"));
    long small = ph.hash(Images.editor(640, 400, "Hello"));
    assertTrue(PerceptualHash.distance(big, small) <= 8, "same screen at two sizes");
    BufferedImage one = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    ph.hash(one);  // no exception for images smaller than the grid
  }

  @Test
  void distanceIsHamming() {
    assertEquals(0, PerceptualHash.distance(5L, 5L));
    assertEquals(64, PerceptualHash.distance(0L, -1L));
    assertEquals(2, PerceptualHash.distance(0b1010L, 0b0000L));
  }
}
