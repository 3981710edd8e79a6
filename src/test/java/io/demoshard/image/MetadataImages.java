package io.demoshard.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Test images with metadata injected at the container level, the way cameras, screenshot tools
 * and editors write it. Every injected piece carries one of {@link #SECRETS}.
 */
public final class MetadataImages {
  private MetadataImages() {}

  /** Strings that must never reach a shard: dates, a user name, a host name, a software name. */
  public static final List<String> SECRETS = List.of("2025:03:01 09:15:00", "2025-03-01T09:15:00", "alice.smith",
      "LAPTOP-ALICE", "SnapTool 4.2", "trailing-alice");

  /** 1x1 WebP files (lossless VP8L and lossy VP8), the same samples as the ingest tests. */
  public static final byte[] WEBP_LOSSLESS_1X1 = Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
  public static final byte[] WEBP_LOSSY_1X1 = Base64.getDecoder().decode("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA");

  public static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }

  /** True when {@code hay} contains {@code needle} as bytes (ISO-8859-1). */
  public static boolean contains(byte[] hay, String needle) {
    return new String(hay, StandardCharsets.ISO_8859_1).contains(needle);
  }

  // ------------------------------------------------------------ PNG

  public static byte[] pngChunk(String type, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(12 + data.length);
    b.putInt(data.length);
    b.put(ascii(type));
    b.put(data);
    CRC32 crc = new CRC32();
    crc.update(ascii(type));
    crc.update(data);
    b.putInt((int) crc.getValue());
    return b.array();
  }

  public static byte[] zlib(byte[] data) {
    Deflater d = new Deflater();
    d.setInput(data);
    d.finish();
    byte[] buf = new byte[data.length + 64];
    int n = d.deflate(buf);
    d.end();
    return Arrays.copyOf(buf, n);
  }

  /** PNG chunk types in order. */
  public static List<String> pngChunkTypes(byte[] png) {
    List<String> types = new ArrayList<>();
    int p = 8;
    while (p + 12 <= png.length) {
      int len = ByteBuffer.wrap(png, p, 4).getInt();
      types.add(new String(png, p + 4, 4, StandardCharsets.ISO_8859_1));
      p += 12 + len;
    }
    return types;
  }

  /**
   * A PNG with tEXt, tIME, zTXt, iTXt (XMP), eXIf and a private chunk after IHDR, a tEXt between
   * IDAT and IEND, and bytes after IEND.
   */
  public static byte[] pngWithMetadata(byte[] png) {
    int afterIhdr = 8 + 12 + 13;
    byte[] head = Arrays.copyOfRange(png, 0, afterIhdr);
    byte[] iend = Arrays.copyOfRange(png, png.length - 12, png.length);
    byte[] body = Arrays.copyOfRange(png, afterIhdr, png.length - 12);
    byte[] time = {0x07, (byte) 0xE9, 3, 1, 9, 15, 0};  // 2025-03-01 09:15:00
    return concat(head,
        pngChunk("tEXt", ascii("Author\0alice.smith")),
        pngChunk("tIME", time),
        pngChunk("zTXt", concat(ascii("Software\0\0"), zlib(ascii("SnapTool 4.2 on LAPTOP-ALICE")))),
        pngChunk("iTXt", ascii("XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta><xmp:CreateDate>2025-03-01T09:15:00"
            + "</xmp:CreateDate></x:xmpmeta>")),
        pngChunk("eXIf", tiffWithDate()),
        pngChunk("iDOT", ascii("LAPTOP-ALICE")),
        body,
        pngChunk("tEXt", ascii("Comment\0captured by alice.smith")),
        iend,
        ascii("trailing-alice"));
  }

  /** A big-endian TIFF (EXIF body) with one IFD entry: DateTime = 2025:03:01 09:15:00. */
  public static byte[] tiffWithDate() {
    byte[] date = ascii("2025:03:01 09:15:00\0");
    ByteBuffer b = ByteBuffer.allocate(8 + 2 + 12 + 4 + date.length);
    b.put(ascii("MM")).putShort((short) 42).putInt(8);
    b.putShort((short) 1);
    b.putShort((short) 0x0132).putShort((short) 2).putInt(date.length).putInt(8 + 2 + 12 + 4);
    b.putInt(0);
    b.put(date);
    return b.array();
  }

  // ------------------------------------------------------------ JPEG

  public static byte[] jpegSegment(int marker, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(4 + payload.length);
    b.put((byte) 0xFF).put((byte) marker).putShort((short) (payload.length + 2)).put(payload);
    return b.array();
  }

  /**
   * A JPEG with APP1 Exif (DateTime), APP1 XMP (CreateDate), APP13 Photoshop/IPTC, APP15 and a
   * COM spliced after SOI, another COM before EOI, and bytes after EOI.
   */
  public static byte[] jpegWithMetadata(byte[] jpeg) {
    return concat(Arrays.copyOfRange(jpeg, 0, 2),
        jpegSegment(0xE1, concat(ascii("Exif\0\0"), tiffWithDate())),
        jpegSegment(0xE1, ascii("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><xmp:CreateDate>2025-03-01T09:15:00"
            + "</xmp:CreateDate><xmp:CreatorTool>SnapTool 4.2</xmp:CreatorTool></x:xmpmeta>")),
        jpegSegment(0xED, ascii("Photoshop 3.0\08BIM\u0004\u0004\0\0\0\0\0\u0010\u001c\u0002\u0050\0\u000balice.smith")),
        jpegSegment(0xEF, ascii("host=LAPTOP-ALICE")),
        jpegSegment(0xFE, ascii("Author: alice.smith")),
        Arrays.copyOfRange(jpeg, 2, jpeg.length - 2),
        jpegSegment(0xFE, ascii("trailing comment LAPTOP-ALICE")),
        Arrays.copyOfRange(jpeg, jpeg.length - 2, jpeg.length),
        ascii("trailing-alice"));
  }

  // ------------------------------------------------------------ WebP

  public static byte[] riffChunk(String fourcc, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.put(ascii(fourcc)).putInt(data.length).put(data);
    return b.array();
  }

  public static byte[] riff(byte[]... chunks) {
    byte[] body = concat(chunks);
    ByteBuffer b = ByteBuffer.allocate(12 + body.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.put(ascii("RIFF")).putInt(4 + body.length).put(ascii("WEBP")).put(body);
    return b.array();
  }

  /**
   * An extended WebP made from a simple 1x1 one: VP8X announcing ICC, EXIF and XMP (and alpha for
   * the lossless sample), an ICCP chunk
   * (a real sRGB profile: decoders parse it), the image chunk, an odd-sized EXIF chunk and an XMP chunk, and
   * bytes after the RIFF payload.
   */
  public static byte[] webpWithMetadata(byte[] simpleWebp) {
    byte[] image = Arrays.copyOfRange(simpleWebp, 12, simpleWebp.length);  // VP8 or VP8L chunk
    boolean lossless = image[3] == 'L';  // the VP8L sample is transparent: announce alpha, as encoders do
    byte[] vp8x = {(byte) (0x20 | 0x08 | 0x04 | (lossless ? 0x10 : 0)), 0, 0, 0, 0, 0, 0, 0, 0, 0};  // canvas 1x1
    return concat(riff(riffChunk("VP8X", vp8x),
        riffChunk("ICCP", java.awt.color.ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_sRGB).getData()),
        image,
        riffChunk("EXIF", concat(ascii("Exif\0\0"), tiffWithDate(), ascii("x"))),
        riffChunk("XMP ", ascii("<x:xmpmeta><xmp:CreateDate>2025-03-01T09:15:00</xmp:CreateDate>"
            + "<dc:creator>alice.smith</dc:creator></x:xmpmeta>"))),
        ascii("trailing-alice"));
  }

  public static List<String> riffChunkTypes(byte[] webp) {
    List<String> types = new ArrayList<>();
    int p = 12;
    while (p + 8 <= webp.length) {
      int len = ByteBuffer.wrap(webp, p + 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
      types.add(new String(webp, p, 4, StandardCharsets.ISO_8859_1));
      p += 8 + len + (len & 1);
    }
    return types;
  }
}
