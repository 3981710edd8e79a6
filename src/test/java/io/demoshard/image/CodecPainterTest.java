package io.demoshard.image;

import org.junit.jupiter.api.Test;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class CodecPainterTest {
  @Test
  void paintsOpaquePaddedClampedBoxesAndNothingElse() {
    BufferedImage img = Images.editor(200, 120, "x");
    BufferedImage before = Codec.toRgb(img);
    int[] orig = before.getRGB(0, 0, 200, 120, null, 0, 200);
    Painter.paint(img, List.of(new Rectangle(50, 40, 30, 10), new Rectangle(190, 110, 30, 30)), 3);
    for (int y = 0; y < 120; y++) {
      for (int x = 0; x < 200; x++) {
        boolean in = (x >= 47 && x < 83 && y >= 37 && y < 53) || (x >= 187 && y >= 107);
        int p = img.getRGB(x, y);
        if (in) {
          assertEquals(Painter.FILL.getRGB(), p, x + "," + y);
        } else {
          assertEquals(orig[y * 200 + x], p, "untouched at " + x + "," + y);
        }
      }
    }
    assertTrue(Painter.padded(new Rectangle(500, 500, 5, 5), 3, 200, 120).isEmpty());
  }

  @Test
  void pngStaysPngWithoutMetadata() throws Exception {
    byte[] src = MetadataImages.pngWithMetadata(Images.png(Images.editor(160, 90, "hello")));
    Codec.Decoded d = Codec.decode(src);
    assertEquals("png", d.format());
    Codec.Encoded e = Codec.encode(d.image(), d.format(), d.jpegQuality());
    assertEquals("png", e.format());
    for (String chunk : MetadataImages.pngChunkTypes(e.bytes())) {
      assertTrue(ImageMetadata.PNG_KEEP.contains(chunk), "chunk " + chunk);
    }
    for (String secret : MetadataImages.SECRETS) {
      assertFalse(MetadataImages.contains(e.bytes(), secret), secret);
    }
    // lossless: same pixels
    BufferedImage back = Codec.decode(e.bytes()).image();
    assertArrayEquals(d.image().getRGB(0, 0, 160, 90, null, 0, 160), back.getRGB(0, 0, 160, 90, null, 0, 160));
  }

  @Test
  void jpegIsReencodedAtItsSourceQuality() throws Exception {
    for (int q : new int[] {60, 85, 95}) {
      byte[] src = jpeg(Images.editor(160, 90, "hi"), q / 100f);
      assertEquals(q, Codec.jpegQuality(src), "quality " + q);
      Codec.Decoded d = Codec.decode(MetadataImages.jpegWithMetadata(src));
      Codec.Encoded e = Codec.encode(d.image(), d.format(), d.jpegQuality());
      assertEquals("jpeg", e.format());
      assertEquals(q, Codec.jpegQuality(e.bytes()));
      for (String secret : MetadataImages.SECRETS) {
        assertFalse(MetadataImages.contains(e.bytes(), secret), secret);
      }
    }
  }

  @Test
  void webpIsPublishedAsPng() throws Exception {
    Codec.Decoded d = Codec.decode(Images.WEBP_LOSSLESS_1X1);
    assertEquals("webp", d.format());
    Codec.Encoded e = Codec.encode(d.image(), d.format(), d.jpegQuality());
    assertEquals("png", e.format());
    assertEquals("png", ImageDecoder.sniff(e.bytes()));
  }

  @Test
  void garbageAndTruncatedBytesAreUndecodable() {
    assertThrows(ImageDecoder.Undecodable.class, () -> Codec.decode(new byte[] {1, 2, 3, 4}));
    byte[] png = Images.png(Images.editor(160, 90, "x"));
    assertThrows(ImageDecoder.Undecodable.class, () -> Codec.decode(java.util.Arrays.copyOf(png, png.length / 2)));
    assertThrows(ImageDecoder.Undecodable.class, () -> Codec.decode(null));
  }

  public static byte[] jpeg(BufferedImage img, float quality) throws Exception {
    ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bos)) {
      w.setOutput(out);
      ImageWriteParam p = w.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(quality);
      w.write(null, new IIOImage(img, null, null), p);
    }
    w.dispose();
    return bos.toByteArray();
  }
}
