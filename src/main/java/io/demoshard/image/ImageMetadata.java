package io.demoshard.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Removes all metadata from an encoded screenshot at the container level: chunks and segments
 * are copied or dropped byte for byte, pixel data (PNG {@code IDAT}, JPEG tables and
 * entropy-coded scans, WebP bitstreams) is never re-encoded. Deterministic (same input, same
 * output), linear in the input size, and idempotent ({@code strip(strip(x)) == strip(x)}).
 * Pure Java, no Spark.
 *
 * <p>Rules (allowlists: everything not kept is dropped, including unknown chunks):
 * <ul>
 *   <li><b>PNG</b>: keeps {@code IHDR}, {@code PLTE}, {@code IDAT}, {@code IEND} (critical) and the
 *       ancillary chunks that only hold numbers that change how pixels render: {@code tRNS},
 *       {@code gAMA}, {@code cHRM}, {@code sRGB}, {@code sBIT}, {@code cICP}. Drops {@code tIME},
 *       {@code tEXt}, {@code zTXt}, {@code iTXt}, {@code eXIf}, {@code iCCP} (free-text profile name
 *       and a profile whose description often names the display), {@code sPLT} (free-text name),
 *       {@code pCAL}, {@code bKGD}, {@code pHYs}, {@code hIST}, {@code oFFs}, {@code sCAL},
 *       APNG chunks (the default image stays) and private chunks such as Apple's {@code iDOT}.
 *       Chunks are copied with their CRC unchanged; bytes after {@code IEND} are dropped. An unknown
 *       critical chunk is refused (it cannot be dropped without breaking the image).</li>
 *   <li><b>JPEG</b>: keeps SOI, DQT, DHT, DAC, SOF0-SOF15 (except DHT/JPG/DAC codes), DNL, DRI,
 *       DHP, EXP, SOS with its entropy-coded data (RSTn inside), EOI; APP0 only when it is JFIF,
 *       rewritten to the 16-byte form without thumbnail; APP14 only when it is Adobe (its
 *       transform flag decides the colour conversion), cut to its 12 defined bytes. Drops every
 *       other APPn (APP1 Exif/XMP, APP2 ICC/MPF, APP13 IPTC/Photoshop, APP15, JFXX thumbnails,
 *       ...), COM, fill bytes, and bytes after EOI (e.g. MPF secondary images). Other markers
 *       (JPGn, TEM, reserved) are refused. Dropping APP2 ICC means colours are read as the
 *       decoder's default (sRGB for YCbCr): the profile descriptions of desktop screenshots
 *       typically name the display model.</li>
 *   <li><b>WebP</b>: keeps {@code VP8X}, {@code VP8 }, {@code VP8L}, {@code ALPH}, {@code ANIM},
 *       {@code ANMF} (whose nested chunks are filtered to {@code ALPH}, {@code VP8 },
 *       {@code VP8L}); drops {@code EXIF}, {@code XMP }, {@code ICCP} and unknown chunks; clears the
 *       ICC, EXIF and XMP flags of {@code VP8X}; rewrites the RIFF size; drops bytes after the RIFF
 *       payload.</li>
 * </ul>
 *
 * <p>Input that cannot be parsed as its container (truncated chunk, missing IHDR/IEND/SOI/EOI,
 * format not matching the magic bytes, unknown critical chunk or marker) is refused with
 * {@link UnstrippableImage}; nothing is ever re-encoded as a fallback (lossy, and no WebP
 * writer). The image check at ingest runs the same method on the same bytes and quarantines such
 * files as {@code undecodable_image}, so at publish time a refusal means the invariant broke and
 * the job fails.
 */
public final class ImageMetadata {
  private ImageMetadata() {}

  /** The image's container cannot be parsed, so its metadata cannot be removed safely. */
  public static final class UnstrippableImage extends IOException {
    private static final long serialVersionUID = 1L;

    UnstrippableImage(String message) {
      super(message);
    }
  }

  private static final byte[] PNG_SIG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  static final Set<String> PNG_KEEP = Set.of("IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB",
      "sBIT", "cICP");
  static final Set<String> WEBP_KEEP = Set.of("VP8X", "VP8 ", "VP8L", "ALPH", "ANIM", "ANMF");
  static final Set<String> WEBP_FRAME_KEEP = Set.of("ALPH", "VP8 ", "VP8L");
  /** VP8X flag bits announcing an ICC profile (0x20), EXIF (0x08) and XMP (0x04) chunk. */
  static final int VP8X_METADATA_FLAGS = 0x20 | 0x08 | 0x04;

  /**
   * Returns {@code image} without metadata. {@code format} is the frame's format
   * ({@code png}, {@code jpeg} or {@code jpg}, {@code webp}); it must match the magic bytes.
   */
  public static byte[] strip(byte[] image, String format) throws UnstrippableImage {
    if (image == null || format == null) {
      throw new UnstrippableImage("no image bytes or no format");
    }
    return switch (format.toLowerCase(Locale.ROOT)) {
      case "png" -> png(image);
      case "jpeg", "jpg" -> jpeg(image);
      case "webp" -> webp(image);
      default -> throw new UnstrippableImage("unsupported image format " + format);
    };
  }

  // ---------------------------------------------------------------- PNG

  static byte[] png(byte[] b) throws UnstrippableImage {
    if (!startsWith(b, PNG_SIG, 0)) {
      throw new UnstrippableImage("not a PNG file (signature)");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
    out.write(b, 0, PNG_SIG.length);
    int p = PNG_SIG.length;
    boolean first = true;
    while (true) {
      if (p + 12 > b.length) {
        throw new UnstrippableImage("PNG ends without IEND chunk");
      }
      long len = be32(b, p);
      if (len > b.length - p - 12L) {
        throw new UnstrippableImage("PNG chunk at " + p + " runs past the end of the file");
      }
      String type = new String(b, p + 4, 4, StandardCharsets.ISO_8859_1);
      if (!type.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
        throw new UnstrippableImage("PNG chunk at " + p + " has an invalid type");
      }
      if (first && !type.equals("IHDR")) {
        throw new UnstrippableImage("PNG does not start with IHDR");
      }
      first = false;
      int total = (int) len + 12;
      if (PNG_KEEP.contains(type)) {
        out.write(b, p, total);
      } else if (Character.isUpperCase(type.charAt(0))) {
        throw new UnstrippableImage("PNG has an unknown critical chunk " + type);
      }
      p += total;
      if (type.equals("IEND")) {
        return out.toByteArray();  // whatever follows IEND is dropped
      }
    }
  }

  // ---------------------------------------------------------------- JPEG

  private static final int SOI = 0xD8;
  private static final int EOI = 0xD9;
  private static final int SOS = 0xDA;
  private static final byte[] JFIF = {'J', 'F', 'I', 'F', 0};
  private static final byte[] ADOBE = {'A', 'd', 'o', 'b', 'e'};

  static byte[] jpeg(byte[] b) throws UnstrippableImage {
    if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != SOI) {
      throw new UnstrippableImage("not a JPEG file (no SOI)");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
    out.write(0xFF);
    out.write(SOI);
    int p = 2;
    while (true) {
      // a marker: 0xFF, optional 0xFF fill bytes, then the marker code
      if (p >= b.length || (b[p] & 0xFF) != 0xFF) {
        throw new UnstrippableImage("JPEG: no marker at " + p);
      }
      while (p < b.length && (b[p] & 0xFF) == 0xFF) {
        p++;
      }
      if (p >= b.length) {
        throw new UnstrippableImage("JPEG ends without EOI");
      }
      int m = b[p++] & 0xFF;
      if (m == EOI) {
        out.write(0xFF);
        out.write(EOI);
        return out.toByteArray();  // whatever follows EOI is dropped
      }
      if (m == SOI || m == 0x00 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
        throw new UnstrippableImage(String.format("JPEG: unexpected marker 0x%02X at %d", m, p - 1));
      }
      if (p + 2 > b.length) {
        throw new UnstrippableImage("JPEG ends inside a segment header");
      }
      int len = be16(b, p);
      if (len < 2 || p + len > b.length) {
        throw new UnstrippableImage(String.format("JPEG: segment 0x%02X at %d has a bad length", m, p - 2));
      }
      int payload = p + 2;
      int payloadLen = len - 2;
      if (m == 0xE0) {
        if (payloadLen >= 14 && startsWith(b, JFIF, payload)) {
          out.write(0xFF);
          out.write(0xE0);
          out.write(0);
          out.write(16);
          out.write(b, payload, 12);  // JFIF\0, version, units, X/Y density
          out.write(0);  // no thumbnail
          out.write(0);
        }
      } else if (m == 0xEE) {
        if (payloadLen >= 12 && startsWith(b, ADOBE, payload)) {
          out.write(0xFF);
          out.write(0xEE);
          out.write(0);
          out.write(14);
          out.write(b, payload, 12);  // Adobe, version, flags0, flags1, transform
        }
      } else if ((m >= 0xE1 && m <= 0xEF) || m == 0xFE) {
        // APP1-APP15 (Exif, XMP, ICC, MPF, IPTC, ...) and COM: dropped
      } else if ((m >= 0xC0 && m <= 0xCF) || m == 0xDB || m == 0xDC || m == 0xDD || m == 0xDE || m == 0xDF
          || m == SOS) {
        // SOF0-SOF15, DHT (C4), DAC (CC), DQT, DNL, DRI, DHP, EXP, SOS; C8 (JPG) is reserved
        if (m == 0xC8) {
          throw new UnstrippableImage("JPEG: reserved marker JPG (0xC8)");
        }
        out.write(0xFF);
        out.write(m);
        out.write(b, p, len);
      } else {
        throw new UnstrippableImage(String.format("JPEG: unsupported marker 0x%02X at %d", m, p - 1));
      }
      p += len;
      if (m == SOS) {
        int end = scanEnd(b, p);
        out.write(b, p, end - p);  // entropy-coded data, RSTn markers included, untouched
        p = end;
      }
    }
  }

  /** The index of the first marker after entropy-coded data starting at {@code p} (not stuffing, not RSTn). */
  private static int scanEnd(byte[] b, int p) throws UnstrippableImage {
    int i = p;
    while (i + 1 < b.length) {
      if ((b[i] & 0xFF) == 0xFF) {
        int next = b[i + 1] & 0xFF;
        if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
          i += 2;
          continue;
        }
        if (next == 0xFF) {
          i++;  // fill byte before a marker
          continue;
        }
        // back up over fill bytes so the marker loop sees 0xFF
        int start = i;
        while (start > p && (b[start - 1] & 0xFF) == 0xFF) {
          start--;
        }
        return start;
      }
      i++;
    }
    throw new UnstrippableImage("JPEG scan data runs to the end of the file without EOI");
  }

  // ---------------------------------------------------------------- WebP

  static byte[] webp(byte[] b) throws UnstrippableImage {
    if (b.length < 12 || !startsWith(b, new byte[] {'R', 'I', 'F', 'F'}, 0)
        || !startsWith(b, new byte[] {'W', 'E', 'B', 'P'}, 8)) {
      throw new UnstrippableImage("not a WebP file (RIFF/WEBP header)");
    }
    long riff = le32(b, 4);
    if (riff < 4 || riff + 8 > b.length) {
      throw new UnstrippableImage("WebP RIFF size " + riff + " does not fit the file");
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream(b.length);
    body.write('W');
    body.write('E');
    body.write('B');
    body.write('P');
    boolean image = webpChunks(b, 12, (int) (riff + 8), body, WEBP_KEEP);
    if (!image) {
      throw new UnstrippableImage("WebP has no VP8, VP8L or ANMF chunk");
    }
    byte[] payload = body.toByteArray();
    byte[] out = new byte[8 + payload.length];
    out[0] = 'R';
    out[1] = 'I';
    out[2] = 'F';
    out[3] = 'F';
    putLe32(out, 4, payload.length);
    System.arraycopy(payload, 0, out, 8, payload.length);
    return out;
  }

  /** Copies the kept chunks of [from, to) to {@code out}; true when an image bitstream or frame was seen. */
  private static boolean webpChunks(byte[] b, int from, int to, ByteArrayOutputStream out, Set<String> keep)
      throws UnstrippableImage {
    boolean image = false;
    int p = from;
    while (p < to) {
      if (p + 8 > to) {
        throw new UnstrippableImage("WebP chunk header at " + p + " is cut");
      }
      String fourcc = new String(b, p, 4, StandardCharsets.ISO_8859_1);
      long size = le32(b, p + 4);
      long padded = size + (size & 1);
      if (size > to - p - 8L) {
        throw new UnstrippableImage("WebP chunk " + fourcc.strip() + " at " + p + " runs past its container");
      }
      int dataEnd = (int) Math.min(to, p + 8 + padded);  // a missing final pad byte is tolerated and added
      if (keep.contains(fourcc)) {
        if (fourcc.equals("ANMF")) {
          if (size < 16) {
            throw new UnstrippableImage("WebP ANMF chunk too small");
          }
          ByteArrayOutputStream frame = new ByteArrayOutputStream((int) size);
          frame.write(b, p + 8, 16);  // offsets, size, duration, flags
          webpChunks(b, p + 24, p + 8 + (int) size, frame, WEBP_FRAME_KEEP);
          writeChunk(out, fourcc, frame.toByteArray(), 0, frame.size());
          image = true;
        } else if (fourcc.equals("VP8X")) {
          if (size < 10) {
            throw new UnstrippableImage("WebP VP8X chunk too small");
          }
          byte[] x = Arrays.copyOfRange(b, p + 8, p + 8 + (int) size);
          x[0] = (byte) (x[0] & ~VP8X_METADATA_FLAGS);
          writeChunk(out, fourcc, x, 0, x.length);
        } else {
          writeChunk(out, fourcc, b, p + 8, (int) size);
          image |= !fourcc.equals("ALPH") && !fourcc.equals("ANIM");
        }
      }
      p = dataEnd;
    }
    return image;
  }

  private static void writeChunk(ByteArrayOutputStream out, String fourcc, byte[] b, int off, int len) {
    out.write(fourcc.getBytes(StandardCharsets.ISO_8859_1), 0, 4);
    out.write(len & 0xFF);
    out.write((len >>> 8) & 0xFF);
    out.write((len >>> 16) & 0xFF);
    out.write((len >>> 24) & 0xFF);
    out.write(b, off, len);
    if ((len & 1) == 1) {
      out.write(0);
    }
  }

  // ---------------------------------------------------------------- bytes

  private static boolean startsWith(byte[] b, byte[] prefix, int at) {
    if (at < 0 || b.length < at + prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static long be32(byte[] b, int p) {
    return (b[p] & 0xFFL) << 24 | (b[p + 1] & 0xFFL) << 16 | (b[p + 2] & 0xFFL) << 8 | (b[p + 3] & 0xFFL);
  }

  private static int be16(byte[] b, int p) {
    return (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
  }

  private static long le32(byte[] b, int p) {
    return (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24;
  }

  private static void putLe32(byte[] b, int p, int v) {
    b[p] = (byte) v;
    b[p + 1] = (byte) (v >>> 8);
    b[p + 2] = (byte) (v >>> 16);
    b[p + 3] = (byte) (v >>> 24);
  }
}
