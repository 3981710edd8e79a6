package io.demoshard.image;

import org.junit.jupiter.api.Test;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.demoshard.image.MetadataImages.SECRETS;
import static io.demoshard.image.MetadataImages.contains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageMetadataTest {
  static {
    ImageIO.scanForPlugins();  // WebP reader (twelvemonkeys)
  }

  private static BufferedImage screen(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Random rnd = new Random(7);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rnd.nextInt(0x1000000));
      }
    }
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(w / 4, h / 4, w / 2, h / 2);
    g.setColor(Color.BLACK);
    g.drawString("Hello", w / 4 + 2, h / 2);
    g.dispose();
    return img;
  }

  private static byte[] write(BufferedImage img, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(img, format, out), "no writer for " + format);
    return out.toByteArray();
  }

  private static byte[] jpeg(BufferedImage img, boolean progressive) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam p = writer.getDefaultWriteParam();
      if (progressive) {
        p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      }
      writer.write(null, new IIOImage(img, null, null), p);
    }
    writer.dispose();
    return bytes.toByteArray();
  }

  private static BufferedImage decode(byte[] b) throws IOException {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(b));
    assertNotNull(img, "ImageIO cannot decode the image");
    return img;
  }

  private static void assertSamePixels(BufferedImage expected, BufferedImage actual) {
    assertEquals(expected.getWidth(), actual.getWidth());
    assertEquals(expected.getHeight(), actual.getHeight());
    for (int y = 0; y < expected.getHeight(); y++) {
      for (int x = 0; x < expected.getWidth(); x++) {
        assertEquals(expected.getRGB(x, y), actual.getRGB(x, y), "pixel " + x + "," + y);
      }
    }
  }

  private static void assertNoSecrets(byte[] injected, byte[] stripped) {
    int present = 0;
    for (String s : SECRETS) {
      present += contains(injected, s) ? 1 : 0;
      assertFalse(contains(stripped, s), "stripped image still contains '" + s + "'");
    }
    assertTrue(present >= 4, "the fixture should carry most secrets, carries " + present);
  }

  private static byte[] stripIdempotent(byte[] image, String format) throws IOException {
    byte[] once = ImageMetadata.strip(image, format);
    assertArrayEquals(once, ImageMetadata.strip(once, format), "strip is not idempotent");
    assertArrayEquals(once, ImageMetadata.strip(image.clone(), format), "strip is not deterministic");
    return once;
  }

  @Test
  void pngLosesTextTimeXmpExifPrivateChunksAndTrailerButKeepsItsPixels() throws Exception {
    BufferedImage img = screen(64, 40);
    byte[] clean = write(img, "png");
    byte[] dirty = MetadataImages.pngWithMetadata(clean);
    assertTrue(MetadataImages.pngChunkTypes(dirty).containsAll(List.of("tEXt", "tIME", "zTXt", "iTXt", "eXIf")));
    assertSamePixels(img, decode(dirty));  // the injected chunks are valid: ImageIO reads the dirty file

    byte[] stripped = stripIdempotent(dirty, "png");
    assertNoSecrets(dirty, stripped);
    assertEquals(List.of("IHDR", "IDAT", "IEND"), MetadataImages.pngChunkTypes(stripped));
    assertArrayEquals(clean, stripped, "ImageIO writes no metadata: stripping gives back its file");
    assertSamePixels(img, decode(stripped));
    assertArrayEquals(clean, ImageMetadata.strip(clean, "png"), "a clean PNG passes unchanged");
  }

  @Test
  void pngKeepsPaletteTransparencyAndColourChunks() throws Exception {
    byte[] r = {0, (byte) 255, 0, 0};
    byte[] g = {0, 0, (byte) 255, 0};
    byte[] b = {0, 0, 0, (byte) 255};
    byte[] a = {0, (byte) 255, (byte) 128, (byte) 255};
    BufferedImage img = new BufferedImage(16, 8, BufferedImage.TYPE_BYTE_INDEXED,
        new IndexColorModel(2, 4, r, g, b, a));
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 16; x++) {
        img.getRaster().setSample(x, y, 0, (x + y) % 4);
      }
    }
    byte[] clean = write(img, "png");
    assertTrue(MetadataImages.pngChunkTypes(clean).containsAll(List.of("PLTE", "tRNS")), "fixture: palette + alpha");
    // gAMA, sRGB and an iCCP (dropped: its name is free text) inserted after IHDR
    byte[] withColour = MetadataImages.concat(Arrays.copyOfRange(clean, 0, 33),
        MetadataImages.pngChunk("gAMA", new byte[] {0, 0, (byte) 0xB1, (byte) 0x8F}),
        MetadataImages.pngChunk("sRGB", new byte[] {0}),
        MetadataImages.pngChunk("iCCP", MetadataImages.concat(MetadataImages.ascii("LAPTOP-ALICE display\0\0"),
            MetadataImages.zlib(MetadataImages.ascii("not really a profile")))),
        Arrays.copyOfRange(clean, 33, clean.length));
    byte[] stripped = stripIdempotent(MetadataImages.pngWithMetadata(withColour), "png");
    List<String> types = MetadataImages.pngChunkTypes(stripped);
    assertTrue(types.containsAll(List.of("IHDR", "gAMA", "sRGB", "PLTE", "tRNS", "IDAT", "IEND")), types.toString());
    assertFalse(types.contains("iCCP"), types.toString());
    assertFalse(contains(stripped, "LAPTOP-ALICE"));
    assertSamePixels(decode(clean), decode(stripped));
    assertEquals(128, decode(stripped).getRGB(2, 0) >>> 24, "alpha from tRNS kept");
  }

  @Test
  void jpegLosesExifXmpIptcAppnAndCommentsWithIdenticalDecode() throws Exception {
    BufferedImage img = screen(48, 32);
    for (boolean progressive : new boolean[] {false, true}) {
      byte[] clean = jpeg(img, progressive);
      byte[] dirty = MetadataImages.jpegWithMetadata(clean);
      BufferedImage expected = decode(clean);
      assertSamePixels(expected, decode(dirty));

      byte[] stripped = stripIdempotent(dirty, "jpeg");
      assertNoSecrets(dirty, stripped);
      assertFalse(contains(stripped, "Exif") || contains(stripped, "http://ns.adobe.com") || contains(stripped,
          "Photoshop"));
      assertArrayEquals(clean, stripped, "only the injected segments go (progressive=" + progressive + ")");
      assertSamePixels(expected, decode(stripped));
      assertArrayEquals(ImageMetadata.strip(dirty, "jpeg"), ImageMetadata.strip(dirty, "jpg"));
    }
  }

  @Test
  void jpegJfifThumbnailAndNonJfifApp0AreDropped() throws Exception {
    byte[] clean = jpeg(screen(16, 16), false);
    int app0Len = ((clean[4] & 0xFF) << 8) | (clean[5] & 0xFF);
    assertEquals(16, app0Len, "fixture: ImageIO writes a 16-byte JFIF APP0");
    // JFIF with a 1x1 RGB thumbnail, plus a JFXX extension segment
    byte[] jfifThumb = MetadataImages.concat(Arrays.copyOfRange(clean, 6, 6 + 12), new byte[] {1, 1, 9, 9, 9});
    byte[] dirty = MetadataImages.concat(Arrays.copyOfRange(clean, 0, 2),
        MetadataImages.jpegSegment(0xE0, jfifThumb),
        MetadataImages.jpegSegment(0xE0, MetadataImages.ascii("JFXX\0\u0013alice.smith")),
        Arrays.copyOfRange(clean, 2 + 2 + app0Len, clean.length));
    byte[] stripped = stripIdempotent(dirty, "jpeg");
    assertArrayEquals(clean, stripped);
  }

  @Test
  void webpLosesExifXmpAndIccChunksAndTheirFlags() throws Exception {
    for (byte[] simple : List.of(MetadataImages.WEBP_LOSSLESS_1X1, MetadataImages.WEBP_LOSSY_1X1)) {
      byte[] dirty = MetadataImages.webpWithMetadata(simple);
      BufferedImage expected = decode(simple);
      decode(dirty);  // a valid file (its ICC profile may shift colours, so no pixel comparison here)

      byte[] stripped = stripIdempotent(dirty, "webp");
      assertNoSecrets(dirty, stripped);
      List<String> types = MetadataImages.riffChunkTypes(stripped);
      assertEquals(List.of("VP8X", simple == MetadataImages.WEBP_LOSSLESS_1X1 ? "VP8L" : "VP8 "), types);
      assertEquals(0, stripped[20] & 0x2C, "VP8X ICC/EXIF/XMP flags cleared");
      assertEquals(dirty[20] & 0x10, stripped[20] & 0x10, "VP8X alpha flag kept");
      long riff = (stripped[4] & 0xFFL) | (stripped[5] & 0xFFL) << 8 | (stripped[6] & 0xFFL) << 16
          | (stripped[7] & 0xFFL) << 24;
      assertEquals(stripped.length - 8, riff, "RIFF size rewritten");
      assertSamePixels(expected, decode(stripped));
      assertArrayEquals(simple, ImageMetadata.strip(simple, "webp"), "a simple WebP passes unchanged");
    }
  }

  @Test
  void unparseableContainersAreRefusedNeverPassedThrough() throws Exception {
    byte[] png = write(screen(16, 16), "png");
    byte[] jpeg = jpeg(screen(16, 16), false);
    byte[] webp = MetadataImages.webpWithMetadata(MetadataImages.WEBP_LOSSY_1X1);
    byte[] unknownCritical = MetadataImages.concat(Arrays.copyOfRange(png, 0, 33),
        MetadataImages.pngChunk("ABCD", MetadataImages.ascii("alice.smith")), Arrays.copyOfRange(png, 33, png.length));
    byte[] bigRiff = webp.clone();
    bigRiff[5] = 0x7F;
    List<Object[]> bad = List.of(
        new Object[] {Arrays.copyOf(png, png.length - 12), "png"},  // no IEND
        new Object[] {Arrays.copyOf(png, png.length / 2), "png"},
        new Object[] {unknownCritical, "png"},
        new Object[] {Arrays.copyOf(jpeg, jpeg.length - 2), "jpeg"},  // no EOI
        new Object[] {Arrays.copyOf(jpeg, 40), "jpeg"},
        new Object[] {bigRiff, "webp"},
        new Object[] {Arrays.copyOf(webp, 30), "webp"},
        new Object[] {jpeg, "png"},  // format does not match the bytes
        new Object[] {png, "jpeg"},
        new Object[] {png, "gif"},
        new Object[] {MetadataImages.ascii("not an image, alice.smith"), "png"},
        new Object[] {new byte[0], "webp"});
    for (Object[] c : bad) {
      assertThrows(ImageMetadata.UnstrippableImage.class, () -> ImageMetadata.strip((byte[]) c[0], (String) c[1]),
          c[1] + " of " + ((byte[]) c[0]).length + " bytes");
    }
  }
}
