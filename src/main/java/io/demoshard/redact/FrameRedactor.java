package io.demoshard.redact;

import io.demoshard.config.DemoshardConfig.RedactConfig;
import io.demoshard.image.Codec;
import io.demoshard.image.ImageDecoder;
import io.demoshard.image.ImageMetadata;
import io.demoshard.image.Ocr;
import io.demoshard.image.OcrWord;
import io.demoshard.image.Painter;
import io.demoshard.privacy.scrub.TextScrubber;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Redacts the frames of one session, in time order: decode once, OCR, find personal data
 * ({@link PiiFinder}), paint opaque boxes, encode once. Not thread-safe; one per task thread.
 *
 * <p>Throughput: identical bytes (SHA-256) are processed once per sequence; with
 * {@code redact.incremental} only the horizontal bands whose pixels changed since the previous
 * frame (same size) are OCR'd again, and the words of the previous frame elsewhere are kept
 * (same pixels, same text). Matching always runs on the whole frame's words, so a value typed
 * in a later frame is also found in text that did not change.
 *
 * <p>Fail closed: an undecodable frame, an OCR error or timeout gives a result with
 * {@code failure} set and never the original bytes; one bad frame never stops the sequence.
 */
public final class FrameRedactor implements AutoCloseable {
  /** Rows around a changed band that are OCR'd too: text lines crossing the band's edge are read whole. */
  static final int BAND_MARGIN = 32;
  /** When more than this share of rows changed, the whole frame is OCR'd (one call is cheaper than many). */
  static final double FULL_FRAME_SHARE = 0.6;
  /** Per-channel difference tolerated as "unchanged" in JPEG sources (re-encoding noise). */
  static final int JPEG_TOLERANCE = 24;

  private final RedactConfig cfg;
  private final PiiFinder finder;
  private final KnownValueIndex night;
  private Ocr ocr;

  public FrameRedactor(RedactConfig cfg, TextScrubber scrubber, List<KnownValue> nightValues) {
    this.cfg = cfg;
    this.finder = new PiiFinder(scrubber);
    this.night = new KnownValueIndex(nightValues == null ? List.of() : nightValues);
  }

  /** For the manifest: the OCR engine, model and settings. */
  public String engineDescription() throws Ocr.OcrFailure {
    return engine().engineDescription() + ", padding " + cfg.paddingPx() + " px, incremental " + cfg.incremental();
  }

  private Ocr engine() throws Ocr.OcrFailure {
    if (ocr == null) {
      ocr = Ocr.pooled(cfg);
    }
    return ocr;
  }

  /** What the previous frame of the sequence looked like, for incremental OCR. */
  private record Previous(int width, int height, int[] pixels, List<OcrWord> words, String hash) {}

  public List<RedactedFrame> redactSequence(List<FrameInput> frames, List<KnownValue> sessionValues) {
    List<KnownValueIndex> known = List.of(night,
        new KnownValueIndex(sessionValues == null ? List.of() : sessionValues, true));
    Map<String, RedactedFrame> byHash = new HashMap<>();
    List<RedactedFrame> out = new ArrayList<>(frames.size());
    Previous prev = null;
    for (FrameInput f : frames) {
      String hash = f == null || f.bytes() == null ? null : sha256(f.bytes());
      RedactedFrame same = hash == null ? null : byHash.get(hash);
      if (same != null) {
        out.add(same);
        if (prev != null && !hash.equals(prev.hash())) {
          prev = null;  // the previous pixels are not kept for every hash: next frame is OCR'd whole
        }
        continue;
      }
      Previous[] next = {null};
      RedactedFrame r = redactOne(f, known, prev, hash, next);
      prev = next[0];
      if (hash != null) {
        byHash.put(hash, r);
      }
      out.add(r);
    }
    return out;
  }

  private RedactedFrame redactOne(FrameInput f, List<KnownValueIndex> known, Previous prev, String hash,
                                  Previous[] next) {
    Codec.Decoded d;
    try {
      d = Codec.decode(f == null ? null : f.bytes());
    } catch (ImageDecoder.Undecodable e) {
      return failed(f, "undecodable: " + e.getMessage());
    }
    try {
      BufferedImage img = d.image();
      int[] pixels = ((DataBufferInt) img.getRaster().getDataBuffer()).getData().clone();
      List<OcrWord> words = cfg.incremental() && prev != null && prev.width() == img.getWidth()
          && prev.height() == img.getHeight()
          ? incrementalWords(img, pixels, prev, d.format().equals("jpeg") ? JPEG_TOLERANCE : 0)
          : engine().words(img, null);
      next[0] = new Previous(img.getWidth(), img.getHeight(), pixels, words, hash);
      List<Box> boxes = finder.find(words, known);
      Map<String, Integer> byKind = new TreeMap<>();
      for (Box b : boxes) {
        byKind.merge(b.kind(), 1, Integer::sum);
      }
      if (boxes.isEmpty()) {
        return new RedactedFrame(ImageMetadata.strip(f.bytes(), d.format()), d.format(), 0, Map.of(), List.of(), null);
      }
      List<Rectangle> rects = new ArrayList<>(boxes.size());
      for (Box b : boxes) {
        rects.add(b.rect());
      }
      Painter.paint(img, rects, cfg.paddingPx());
      Codec.Encoded e = Codec.encode(img, d.format(), d.jpegQuality());
      return new RedactedFrame(e.bytes(), e.format(), boxes.size(), byKind, List.copyOf(boxes), null);
    } catch (Ocr.OcrFailure e) {
      return failed(f, "ocr: " + e.getMessage());
    } catch (Exception | StackOverflowError | NoClassDefFoundError | UnsatisfiedLinkError e) {
      return failed(f, "redaction error: " + e);
    }
  }

  /**
   * The words of {@code img}: the previous frame's words outside the changed bands, new OCR of each
   * changed band (with {@link #BAND_MARGIN} rows around it). A new word is taken when its centre is
   * within half the margin of the changed rows; an old word is kept when it touches no changed row
   * and its centre is outside every such zone, so no line is read twice or lost.
   */
  private List<OcrWord> incrementalWords(BufferedImage img, int[] pixels, Previous prev, int tolerance)
      throws Ocr.OcrFailure {
    int w = img.getWidth();
    int h = img.getHeight();
    boolean[] changed = changedRows(prev.pixels(), pixels, w, h, tolerance);
    List<int[]> bands = bands(changed, BAND_MARGIN);
    int changedRows = 0;
    for (boolean c : changed) {
      changedRows += c ? 1 : 0;
    }
    if (changedRows == 0) {
      return prev.words();
    }
    int ocrRows = 0;
    for (int[] b : bands) {
      ocrRows += Math.min(h, b[1] + BAND_MARGIN) - Math.max(0, b[0] - BAND_MARGIN);
    }
    if (ocrRows > FULL_FRAME_SHARE * h) {
      return engine().words(img, null);
    }
    List<OcrWord> out = new ArrayList<>();
    int half = BAND_MARGIN / 2;
    for (OcrWord old : prev.words()) {
      boolean keep = true;
      for (int[] b : bands) {
        boolean touches = old.bottom() > b[0] && old.y() < b[1] && anyChanged(changed, old.y(), old.bottom());
        boolean inZone = old.centerY() >= b[0] - half && old.centerY() < b[1] + half;
        if (touches || inZone) {
          keep = false;
          break;
        }
      }
      if (keep) {
        out.add(old);
      }
    }
    for (int[] b : bands) {
      int top = Math.max(0, b[0] - BAND_MARGIN);
      int bottom = Math.min(h, b[1] + BAND_MARGIN);
      for (OcrWord nw : engine().words(img, new Rectangle(0, top, w, bottom - top))) {
        boolean inZone = nw.centerY() >= b[0] - half && nw.centerY() < b[1] + half;
        if (inZone) {
          out.add(nw);
        }
      }
    }
    return out;
  }

  private static boolean anyChanged(boolean[] changed, int from, int to) {
    for (int y = Math.max(0, from); y < Math.min(changed.length, to); y++) {
      if (changed[y]) {
        return true;
      }
    }
    return false;
  }

  static boolean[] changedRows(int[] a, int[] b, int w, int h, int tolerance) {
    boolean[] rows = new boolean[h];
    for (int y = 0; y < h; y++) {
      int o = y * w;
      for (int x = 0; x < w; x++) {
        int p = a[o + x];
        int q = b[o + x];
        if (p != q && (tolerance == 0 || channelDiff(p, q) > tolerance)) {
          rows[y] = true;
          break;
        }
      }
    }
    return rows;
  }

  private static int channelDiff(int p, int q) {
    int dr = Math.abs(((p >> 16) & 0xFF) - ((q >> 16) & 0xFF));
    int dg = Math.abs(((p >> 8) & 0xFF) - ((q >> 8) & 0xFF));
    int db = Math.abs((p & 0xFF) - (q & 0xFF));
    return Math.max(dr, Math.max(dg, db));
  }

  /** Runs of changed rows [from, to), merged when their OCR regions (runs +- margin) would overlap. */
  static List<int[]> bands(boolean[] changed, int margin) {
    List<int[]> out = new ArrayList<>();
    int y = 0;
    while (y < changed.length) {
      if (!changed[y]) {
        y++;
        continue;
      }
      int s = y;
      while (y < changed.length && changed[y]) {
        y++;
      }
      if (!out.isEmpty() && s - out.get(out.size() - 1)[1] <= 2 * margin) {
        out.get(out.size() - 1)[1] = y;
      } else {
        out.add(new int[] {s, y});
      }
    }
    return out;
  }

  /**
   * The privacy gate's re-check: full OCR of an (already redacted) frame; the boxes of personal
   * data still readable there. Empty means clean.
   *
   * @throws Ocr.OcrFailure when the frame cannot be decoded or OCR'd (the gate must not pass it)
   */
  public List<Box> findRemaining(byte[] bytes, String format, List<KnownValue> values) throws Ocr.OcrFailure {
    Codec.Decoded d;
    try {
      d = Codec.decode(bytes);
    } catch (ImageDecoder.Undecodable e) {
      throw new Ocr.OcrFailure("undecodable " + format + " frame: " + e.getMessage());
    }
    List<OcrWord> words = engine().words(d.image(), null);
    return finder.find(words, List.of(night, new KnownValueIndex(values == null ? List.of() : values)));
  }

  /** The fail-closed result: no bytes (drop), or the whole frame painted over (mask) when its size is readable. */
  private RedactedFrame failed(FrameInput f, String why) {
    byte[] bytes = null;
    String format = f == null ? null : f.format();
    if (RedactConfig.MASK.equals(cfg.onFailure()) && f != null && f.bytes() != null) {
      int[] size = Codec.size(f.bytes());
      if (size != null) {
        try {
          BufferedImage black = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
          Painter.maskAll(black);
          String src = "jpeg".equals(format) || "jpg".equals(format) ? "jpeg" : "png";
          Codec.Encoded e = Codec.encode(black, src, 0);
          bytes = e.bytes();
          format = e.format();
        } catch (Exception | OutOfMemoryError e) {
          bytes = null;
        }
      }
    }
    return new RedactedFrame(bytes, format, 0, Map.of(), List.of(), why);
  }

  static String sha256(byte[] b) {
    try {
      return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (ocr != null) {
      ocr.close();
      ocr = null;
    }
  }
}
