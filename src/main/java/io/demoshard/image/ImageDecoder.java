package io.demoshard.image;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Decodes one screenshot from its bytes, once: sniffs the format from the magic bytes
 * (PNG, JPEG, WebP), rejects files whose end is missing (PNG without IEND, JPEG without EOI,
 * WebP shorter than its RIFF size: decoders may render a cut image without complaint),
 * reads the size from the header, decodes with source subsampling to about
 * {@value #HASH_SOURCE_PX} px on the short side, and hashes the result. Any decoder
 * failure, warning, exception or error is {@link Undecodable}. Pure Java, no Spark.
 */
public final class ImageDecoder {
  static final int HASH_SOURCE_PX = 256;
  static final long MAX_PIXELS = 100_000_000L;
  private static final byte[] PNG_SIG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  private static final byte[] PNG_IEND = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};

  static {
    ImageIO.setUseCache(false);
    ImageIO.scanForPlugins();  // WebP (twelvemonkeys) when the jar came with the application
  }

  public record Decoded(int width, int height, String format, long phash) {}

  public static final class Undecodable extends Exception {
    private static final long serialVersionUID = 1L;

    Undecodable(String message) {
      super(message, null, false, false);
    }
  }

  private final PerceptualHash phash = new PerceptualHash();

  public Decoded decode(byte[] bytes) throws Undecodable {
    Read r = read(bytes, HASH_SOURCE_PX);
    return new Decoded(r.width(), r.height(), r.format(), phash.hash(r.image()));
  }

  /** Decoded pixels (subsampled when asked), the full size from the header, and the sniffed format. */
  record Read(BufferedImage image, int width, int height, String format) {}

  /**
   * The one ImageIO read of the project (image check and redaction alike): sniffed format, complete
   * container, plausible size, no decoder warning; any failure is {@link Undecodable}.
   *
   * @param shortSidePx subsample so the short side is about this many pixels; 0 = full resolution
   */
  static Read read(byte[] bytes, int shortSidePx) throws Undecodable {
    if (bytes == null) {
      throw new Undecodable("no bytes");
    }
    String format = sniff(bytes);
    checkComplete(bytes, format);
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
    if (!readers.hasNext()) {
      throw new Undecodable("no ImageIO reader for " + format);
    }
    ImageReader reader = readers.next();
    List<String> warnings = new ArrayList<>();
    IIOReadWarningListener listener = (source, warning) -> warnings.add(warning);
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      reader.addIIOReadWarningListener(listener);
      int w = reader.getWidth(0);
      int h = reader.getHeight(0);
      if (w <= 0 || h <= 0 || (long) w * h > MAX_PIXELS) {
        throw new Undecodable("implausible size " + w + "x" + h);
      }
      ImageReadParam param = reader.getDefaultReadParam();
      int step = shortSidePx <= 0 ? 1 : Math.max(1, Math.min(w, h) / shortSidePx);
      param.setSourceSubsampling(step, step, 0, 0);
      BufferedImage img = reader.read(0, param);
      if (img == null) {
        throw new Undecodable("decoder returned no image");
      }
      if (!warnings.isEmpty()) {
        throw new Undecodable("decoder warning: " + warnings.get(0));
      }
      return new Read(img, w, h, format);
    } catch (Undecodable e) {
      throw e;
    } catch (VirtualMachineError e) {
      if (e instanceof StackOverflowError) {
        throw new Undecodable("decoder failed: " + e);
      }
      throw e;
    } catch (Exception | Error e) {
      throw new Undecodable("decoder failed: " + e);
    } finally {
      reader.dispose();
    }
  }

  static String sniff(byte[] b) throws Undecodable {
    if (startsWith(b, PNG_SIG, 0)) {
      return "png";
    }
    if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
      return "jpeg";
    }
    if (startsWith(b, new byte[] {'R', 'I', 'F', 'F'}, 0) && startsWith(b, new byte[] {'W', 'E', 'B', 'P'}, 8)) {
      return "webp";
    }
    throw new Undecodable(b.length == 0 ? "empty file" : "not a PNG, JPEG or WebP file");
  }

  static void checkComplete(byte[] b, String format) throws Undecodable {
    switch (format) {
      case "png" -> {
        if (indexOf(b, PNG_IEND, Math.max(0, b.length - 1024)) < 0) {
          throw new Undecodable("truncated PNG: no IEND chunk");
        }
      }
      case "jpeg" -> {
        boolean eoi = false;
        for (int i = Math.max(2, b.length - 64); i + 1 < b.length; i++) {
          eoi |= (b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xD9;
        }
        if (!eoi) {
          throw new Undecodable("truncated JPEG: no EOI marker");
        }
      }
      default -> {
        long riff = b.length < 8 ? Long.MAX_VALUE
            : (b[4] & 0xFFL) | (b[5] & 0xFFL) << 8 | (b[6] & 0xFFL) << 16 | (b[7] & 0xFFL) << 24;
        if (riff + 8 > b.length) {
          throw new Undecodable("truncated WebP: RIFF size " + riff + " exceeds the file");
        }
      }
    }
  }

  private static boolean startsWith(byte[] b, byte[] prefix, int at) {
    if (b.length < at + prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] b, byte[] needle, int from) {
    for (int i = from; i + needle.length <= b.length; i++) {
      if (startsWith(b, needle, i)) {
        return i;
      }
    }
    return -1;
  }
}
