package io.demoshard.image;

import io.demoshard.config.DemoshardConfig.RedactConfig;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.tesseract.ETEXT_DESC;
import org.bytedeco.tesseract.ResultIterator;
import org.bytedeco.tesseract.TessBaseAPI;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.bytedeco.tesseract.global.tesseract.OEM_LSTM_ONLY;
import static org.bytedeco.tesseract.global.tesseract.RIL_WORD;

/**
 * Tesseract (JavaCPP preset, natives from the classpath jar, no system install) with the LSTM
 * "fast" English model. Not thread-safe: one engine per thread, reused, because init costs
 * 0.4-2.6 s. {@link #pooled} hands out idle engines of the same settings (Spark task threads come and
 * go; the engines stay); closing a pooled engine returns it, closing one made with {@link #Ocr} ends it.
 *
 * <p>The image (or region) is converted to 8-bit luma and upscaled by {@code upscale} with a
 * bicubic (Catmull-Rom) kernel before OCR: UI fonts of 11-16 px are read far better at 2x.
 * Light text on dark backgrounds (dark themes, terminals, selections) is inverted tile by tile
 * first. Boxes come back in original image coordinates.
 */
public final class Ocr implements AutoCloseable {
  /** The model file inside the tess4j jar (tessdata_fast eng); extracted once per JVM. */
  static final String TRAINEDDATA = "tessdata/eng.traineddata";
  private static final Map<RedactConfig, Queue<Ocr>> POOL = new ConcurrentHashMap<>();
  private static volatile Path tessdataDir;

  static {
    ensureCacheDir();
    // Leptonica prints harmless clipping notices to stderr for boxes at region edges
    org.bytedeco.leptonica.global.leptonica.setMsgSeverity(org.bytedeco.leptonica.global.leptonica.L_SEVERITY_NONE);
  }

  /** Engine errors, timeouts and unreadable input: the frame must fail closed. */
  public static final class OcrFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public OcrFailure(String message) {
      super(message);
    }
  }

  private final RedactConfig cfg;
  private final boolean pooled;
  private TessBaseAPI api;

  /** A private engine; {@link #close()} ends it. */
  public Ocr(RedactConfig cfg) throws OcrFailure {
    this(cfg, false);
  }

  private Ocr(RedactConfig cfg, boolean pooled) throws OcrFailure {
    this.cfg = cfg;
    this.pooled = pooled;
    TessBaseAPI a = new TessBaseAPI();
    if (a.Init(tessdata().toString(), "eng", OEM_LSTM_ONLY) != 0) {
      a.close();
      throw new OcrFailure("tesseract init failed (tessdata " + tessdataDir + ")");
    }
    a.SetPageSegMode(cfg.pageSegMode());
    // UI screenshots carry no DPI; without it Tesseract warns and guesses
    a.SetVariable("user_defined_dpi", "144");
    a.SetVariable("debug_file", "/dev/null");
    // polarity is normalised before OCR (dark themes inverted), so Tesseract's own retry is wasted time
    a.SetVariable("tessedit_do_invert", "0");
    this.api = a;
  }

  /** An idle engine with these settings, or a new one; {@link #close()} gives it back. */
  public static Ocr pooled(RedactConfig cfg) throws OcrFailure {
    Ocr o = POOL.computeIfAbsent(cfg, k -> new ConcurrentLinkedQueue<>()).poll();
    return o != null ? o : new Ocr(cfg, true);
  }

  /** For the manifest: engine, model and settings. */
  public String engineDescription() {
    return "tesseract " + version() + ", eng tessdata_fast (LSTM), psm " + cfg.pageSegMode() + ", "
        + cfg.upscale() + "x bicubic";
  }

  public static String version() {
    BytePointer v = TessBaseAPI.Version();
    return v == null ? "?" : v.getString();
  }

  /** The words in {@code region} (null = the whole image), in original image coordinates. */
  public List<OcrWord> words(BufferedImage img, Rectangle region) throws OcrFailure {
    if (api == null) {
      throw new IllegalStateException("OCR engine closed");
    }
    Rectangle r = region == null ? new Rectangle(0, 0, img.getWidth(), img.getHeight())
        : region.intersection(new Rectangle(0, 0, img.getWidth(), img.getHeight()));
    if (r.isEmpty()) {
      return List.of();
    }
    double s = cfg.upscale();
    byte[] grey = Upscale.luma(img, r);
    Upscale.normalisePolarity(grey, r.width, r.height);
    int ow = (int) Math.round(r.width * s);
    int oh = (int) Math.round(r.height * s);
    byte[] big = s == 1.0 ? grey : Upscale.bicubic(grey, r.width, r.height, ow, oh);
    List<OcrWord> out = new ArrayList<>();
    ETEXT_DESC monitor = new ETEXT_DESC();
    try {
      api.SetImage(big, ow, oh, 1, ow);
      monitor.set_deadline_msecs((int) Math.min(Integer.MAX_VALUE, cfg.ocrTimeoutMs()));
      int rc = api.Recognize(monitor);
      if (monitor.deadline_exceeded()) {
        throw new OcrFailure("OCR timeout after " + cfg.ocrTimeoutMs() + " ms");
      }
      if (rc != 0) {
        throw new OcrFailure("tesseract Recognize returned " + rc);
      }
      ResultIterator it = api.GetIterator();
      if (it == null) {
        return out;
      }
      try {
        int[] l = new int[1];
        int[] t = new int[1];
        int[] rr = new int[1];
        int[] b = new int[1];
        it.Begin();
        do {
          BytePointer p = it.GetUTF8Text(RIL_WORD);
          if (p == null) {
            continue;
          }
          String text = p.getString(java.nio.charset.StandardCharsets.UTF_8).strip();
          p.deallocate();
          float conf = it.Confidence(RIL_WORD);
          if (text.isEmpty() || !it.BoundingBox(RIL_WORD, l, t, rr, b)) {
            continue;
          }
          if (conf < cfg.minConfidence() && text.codePoints().noneMatch(Character::isLetterOrDigit)) {
            continue;  // low-confidence specks (icons, borders); words with letters are always kept
          }
          int x0 = r.x + (int) Math.floor(l[0] / s);
          int y0 = r.y + (int) Math.floor(t[0] / s);
          int x1 = r.x + (int) Math.ceil(rr[0] / s);
          int y1 = r.y + (int) Math.ceil(b[0] / s);
          out.add(new OcrWord(text, x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0), conf));
        } while (it.Next(RIL_WORD));
      } finally {
        it.deallocate();
      }
      return out;
    } catch (OcrFailure e) {
      throw e;
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
        throw e;
      }
      throw new OcrFailure("OCR engine error: " + e);
    } finally {
      api.Clear();
      monitor.deallocate();
    }
  }

  @Override
  public void close() {
    if (api == null) {
      return;
    }
    if (pooled) {
      POOL.computeIfAbsent(cfg, k -> new ConcurrentLinkedQueue<>()).add(this);
    } else {
      api.End();
      api.close();
      api = null;
    }
  }

  /** The folder holding eng.traineddata, extracted from the classpath once per JVM (Tesseract wants a path). */
  static Path tessdata() throws OcrFailure {
    Path d = tessdataDir;
    if (d != null) {
      return d;
    }
    synchronized (Ocr.class) {
      if (tessdataDir == null) {
        try (InputStream in = Ocr.class.getClassLoader().getResourceAsStream(TRAINEDDATA)) {
          if (in == null) {
            throw new OcrFailure(TRAINEDDATA + " is not on the classpath (tess4j jar missing)");
          }
          Path dir = Files.createTempDirectory("demoshard-tessdata");
          Path tmp = dir.resolve("eng.traineddata.part");
          Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
          Files.move(tmp, dir.resolve("eng.traineddata"), StandardCopyOption.ATOMIC_MOVE);
          dir.toFile().deleteOnExit();
          dir.resolve("eng.traineddata").toFile().deleteOnExit();
          tessdataDir = dir;
        } catch (IOException e) {
          throw new OcrFailure("cannot extract " + TRAINEDDATA + ": " + e);
        }
      }
      return tessdataDir;
    }
  }

  /**
   * JavaCPP unpacks the natives into ~/.javacpp/cache; executors may have no writable home, so a
   * temp folder is used then (only when the property is not set already).
   */
  static void ensureCacheDir() {
    String key = "org.bytedeco.javacpp.cachedir";
    if (System.getProperty(key) != null) {
      return;
    }
    Path home = Path.of(System.getProperty("user.home", "/nonexistent"), ".javacpp", "cache");
    try {
      Files.createDirectories(home);
      if (Files.isWritable(home)) {
        return;
      }
    } catch (IOException | SecurityException e) {
      // fall through to the temp folder
    }
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"), "demoshard-javacpp-" + System.getProperty("user.name"));
    try {
      Files.createDirectories(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.setProperty(key, tmp.toString());
  }
}
