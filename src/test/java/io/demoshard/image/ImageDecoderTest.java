package io.demoshard.image;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageDecoderTest {
  private final ImageDecoder decoder = new ImageDecoder();
  private final BufferedImage screen = Images.editor(640, 400, "Hello");

  @Test
  void pngAndJpegDecodeWithSizeFormatAndSimilarHash() throws Exception {
    ImageDecoder.Decoded png = decoder.decode(Images.png(screen));
    assertEquals(640, png.width());
    assertEquals(400, png.height());
    assertEquals("png", png.format());
    assertEquals(new PerceptualHash().hash(screen), png.phash(), "no subsampling below 512 px");
    ImageDecoder.Decoded jpeg = decoder.decode(Images.jpeg(screen));
    assertEquals("jpeg", jpeg.format());
    assertEquals(640, jpeg.width());
    assertTrue(PerceptualHash.distance(png.phash(), jpeg.phash()) <= 4);
  }

  @Test
  void subsampledLargeScreenKeepsItsHash() throws Exception {
    BufferedImage big = Images.editor(1920, 1080, "Hello");
    ImageDecoder.Decoded d = decoder.decode(Images.png(big));
    assertEquals(1920, d.width());
    assertEquals(1080, d.height());
    assertTrue(PerceptualHash.distance(new PerceptualHash().hash(big), d.phash()) <= 6);
  }

  @Test
  void webpDecodesThroughTwelveMonkeys() throws Exception {
    ImageDecoder.Decoded lossless = decoder.decode(Images.WEBP_LOSSLESS_1X1);
    assertEquals("webp", lossless.format());
    assertEquals(1, lossless.width());
    ImageDecoder.Decoded lossy = decoder.decode(Images.WEBP_LOSSY_1X1);
    assertEquals(1, lossy.height());
  }

  @Test
  void truncatedAndGarbageAreUndecodable() {
    byte[] png = Images.png(screen);
    byte[] jpeg = Images.jpeg(screen);
    for (byte[] bad : new byte[][] {
        Arrays.copyOf(png, png.length / 2), Arrays.copyOf(png, png.length - 12),
        Arrays.copyOf(jpeg, jpeg.length / 2), Arrays.copyOf(jpeg, 3),
        Arrays.copyOf(Images.WEBP_LOSSY_1X1, 20),
        "this is not an image".getBytes(), new byte[0]}) {
      assertThrows(ImageDecoder.Undecodable.class, () -> decoder.decode(bad));
    }
  }

  @Test
  void corruptBodyWithIntactEndIsUndecodable() {
    byte[] png = Images.png(screen);
    byte[] broken = png.clone();
    for (int i = 100; i < png.length - 100; i++) {
      broken[i] = (byte) (broken[i] ^ 0x5A);  // inflate or CRC fails, IEND still there
    }
    assertThrows(ImageDecoder.Undecodable.class, () -> decoder.decode(broken));
  }
}
