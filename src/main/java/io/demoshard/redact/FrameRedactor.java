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
  /** How far a changed band may grow to reach quiet rows (taller than any UI text line). */
  static final int BAND_MARGIN = 32;
  /** When more than this share of rows changed, the whole frame is OCR'd (one call is cheaper than many). */
  static final double FULL_FRAME_SHARE = 0.6;
  /** Per-channel difference tolerated as "unchanged" in JPEG sources (re-encoding noise). */
  static final int JPEG_TOLERANCE = 24;

  private final RedactConfig cfg;
  private final PiiFinder finder;
  private final KnownValueIndex night;
  private final NameParts names;
  private Ocr ocr;

  public FrameRedactor(RedactConfig cfg, TextScrubber scrubber, List<KnownValue> nightValues) {
    this.cfg = cfg;
    this.finder = new PiiFinder(scrubber);
    this.night = new KnownValueIndex(nightValues == null ? List.of() : nightValues);
    this.names = new NameParts(nightValues == null ? List.of() : nightValues);
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
          : recover(img, pixels, engine().words(img, null));
      next[0] = new Previous(img.getWidth(), img.getHeight(), pixels, words, hash);
      List<Box> boxes = finder.find(words, known, names);
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
   * The words of {@code img}: new OCR of each changed region, the previous frame's words elsewhere.
   * A region is a band of changed rows grown up and down to the nearest quiet rows (no text ink,
   * {@link #quietRows}), then cut to its changed columns grown left and right to the nearest run of
   * quiet columns: the region's edges cut no word (a line cut at the edge is misread and spoils its
   * neighbours) and a lone line in a wide empty strip is not lost (Tesseract returned nothing for a
   * toast in a 1280x54 strip, and read it in a 380 px wide one: measured). Regions then grow over
   * the old words they touch. Words are taken from the new OCR when their centre lies in a region,
   * from the previous frame when they touch no region.
   */
  private List<OcrWord> incrementalWords(BufferedImage img, int[] pixels, Previous prev, int tolerance)
      throws Ocr.OcrFailure {
    int w = img.getWidth();
    int h = img.getHeight();
    boolean[] changed = changedRows(prev.pixels(), pixels, w, h, tolerance);
    List<Rectangle> regions = new ArrayList<>();
    long area = 0;
    for (int[] band : regions(changed, quietRows(pixels, w, h))) {
      for (Rectangle r : columns(prev.pixels(), pixels, w, band[0], band[1], tolerance)) {
        regions.add(r);
        area += (long) r.width * r.height;
      }
    }
    if (regions.isEmpty()) {
      return prev.words();
    }
    regions = growOverOldWords(regions, prev.words(), w, h);
    area = 0;
    for (Rectangle r : regions) {
      area += (long) r.width * r.height;
    }
    if (area > FULL_FRAME_SHARE * w * h) {
      return recover(img, pixels, engine().words(img, null));
    }
    List<OcrWord> out = new ArrayList<>();
    for (OcrWord old : prev.words()) {
      if (regions.stream().noneMatch(r -> r.intersects(rect(old)))) {
        out.add(old);
      }
    }
    List<OcrWord> fresh = new ArrayList<>();
    for (Rectangle r : regions) {
      for (OcrWord nw : engine().words(img, r)) {
        if (inside(nw, r)) {
          fresh.add(nw);
        }
      }
    }
    out.addAll(fresh);
    // only the changed regions can hold ink the region OCR skipped; elsewhere the previous frame's words stand
    return recover(img, pixels, out, regions);
  }

  /** Columns without ink closer than this belong to one text segment (word gaps are 4-12 px at UI sizes). */
  static final int SEGMENT_GAP = 24;
  /** Ink bands taller than this are not one line of text (images, charts): left to the page OCR. */
  static final int MAX_SEGMENT_ROWS = 64;

  private List<OcrWord> recover(BufferedImage img, int[] px, List<OcrWord> words) throws Ocr.OcrFailure {
    return recover(img, px, words, List.of(new Rectangle(0, 0, img.getWidth(), img.getHeight())));
  }

  /**
   * Text that Tesseract's page layout analysis skipped: on whole UI frames it can return nothing
   * for a title bar or a status line (measured: a window title with an e-mail address, read fine once
   * the frame had a painted box elsewhere). Every segment of ink (a run of non-quiet rows, cut at
   * {@link #SEGMENT_GAP} columns without ink) inside {@code where} in which no word was found is
   * OCR'd on its own, where the layout analysis sees only that line.
   */
  private List<OcrWord> recover(BufferedImage img, int[] px, List<OcrWord> words, List<Rectangle> where)
      throws Ocr.OcrFailure {
    int w = img.getWidth();
    int h = img.getHeight();
    boolean[] quiet = quietRows(px, w, h);
    List<OcrWord> out = new ArrayList<>(words);
    int y = 0;
    while (y < h) {
      if (quiet[y]) {
        y++;
        continue;
      }
      int top = y;
      while (y < h && !quiet[y]) {
        y++;
      }
      int bottom = y;
      if (bottom - top < 5 || bottom - top > MAX_SEGMENT_ROWS) {
        continue;
      }
      boolean[] ink = new boolean[w];
      for (int yy = top; yy < bottom; yy++) {
        int o = yy * w;
        for (int x = 1; x < w; x++) {
          if (Math.abs(luma(px[o + x]) - luma(px[o + x - 1])) >= INK_STEP) {
            ink[x] = true;
          }
        }
      }
      int x = 0;
      while (x < w) {
        if (!ink[x]) {
          x++;
          continue;
        }
        int s = x;
        int e = x + 1;
        while (x < w && x - e < SEGMENT_GAP) {
          if (ink[x]) {
            e = x + 1;
          }
          x++;
        }
        if (e - s < 8) {
          continue;
        }
        Rectangle seg = new Rectangle(Math.max(0, s - 6), Math.max(0, top - 4), 0, 0);
        seg.add(Math.min(w, e + 6), Math.min(h, bottom + 4));
        if (where.stream().noneMatch(r -> r.contains(seg.getCenterX(), seg.getCenterY()))
            || words.stream().anyMatch(wd -> inside(wd, seg))) {
          continue;
        }
        for (OcrWord nw : engine().words(img, seg)) {
          if (inside(nw, seg)) {
            out.add(nw);
          }
        }
      }
    }
    return out;
  }

  /**
   * Grows each region over the previous frame's words it touches, until none crosses its edge: OCR
   * may have read "+1 415 555 4" as one word across a gap that the region's edge now cuts; the old
   * word is then dropped and read again whole, never half old, half new.
   */
  static List<Rectangle> growOverOldWords(List<Rectangle> regions, List<OcrWord> old, int w, int h) {
    Rectangle frame = new Rectangle(0, 0, w, h);
    List<Rectangle> grown = new ArrayList<>();
    for (Rectangle r0 : regions) {
      Rectangle r = new Rectangle(r0);
      boolean changed = true;
      while (changed) {
        changed = false;
        for (OcrWord o : old) {
          Rectangle b = rect(o);
          if (r.intersects(b) && !r.contains(b)) {
            r = r.union(new Rectangle(b.x - 2, b.y - 2, b.width + 4, b.height + 4)).intersection(frame);
            changed = true;
          }
        }
      }
      grown.add(r);
    }
    // grown regions may overlap now: merge them
    List<Rectangle> merged = new ArrayList<>();
    for (Rectangle r : grown) {
      Rectangle m = r;
      boolean again = true;
      while (again) {
        again = false;
        for (int i = 0; i < merged.size(); i++) {
          if (merged.get(i).intersects(m)) {
            m = m.union(merged.remove(i));
            again = true;
            break;
          }
        }
      }
      merged.add(m);
    }
    return merged;
  }

  private static Rectangle rect(OcrWord o) {
    return new Rectangle(o.x(), o.y(), o.w(), o.h());
  }

  private static boolean inside(OcrWord word, Rectangle r) {
    double cx = word.x() + word.w() / 2.0;
    double cy = word.centerY();
    return cx >= r.x && cx < r.x + r.width && cy >= r.y && cy < r.y + r.height;
  }

  /** Changed columns closer than this are one region. */
  static final int COLUMN_MERGE = 64;
  /** Quiet columns in a row that separate two words or UI elements (inter-letter gaps are 1-2 px). */
  static final int QUIET_COLUMNS = 6;
  /** How far a region may grow sideways to reach quiet columns before it takes the whole width. */
  static final int SIDE_MARGIN = 480;

  /**
   * The regions of rows [top, bottom): clusters of changed columns, each grown to the nearest run of
   * {@link #QUIET_COLUMNS} columns without vertical ink steps in these rows (or to the image edge).
   */
  static List<Rectangle> columns(int[] a, int[] b, int w, int top, int bottom, int tolerance) {
    boolean[] changedCol = new boolean[w];
    boolean[] quietCol = new boolean[w];
    java.util.Arrays.fill(quietCol, true);
    for (int y = top; y < bottom; y++) {
      int o = y * w;
      for (int x = 0; x < w; x++) {
        int p = a[o + x];
        int q = b[o + x];
        if (p != q && (tolerance == 0 || channelDiff(p, q) > tolerance)) {
          changedCol[x] = true;
        }
        if (y > top && quietCol[x] && Math.abs(luma(q) - luma(b[o - w + x])) >= INK_STEP) {
          quietCol[x] = false;
        }
      }
    }
    List<Rectangle> out = new ArrayList<>();
    int x = 0;
    while (x < w) {
      if (!changedCol[x]) {
        x++;
        continue;
      }
      int s = x;
      int e = x;
      while (x < w && x - e <= COLUMN_MERGE) {
        if (changedCol[x]) {
          e = x + 1;
        }
        x++;
      }
      int left = s;
      int run = 0;
      while (left > 0 && run < QUIET_COLUMNS && s - left < SIDE_MARGIN) {
        left--;
        run = quietCol[left] ? run + 1 : 0;
      }
      if (run < QUIET_COLUMNS) {
        left = 0;
      }
      int right = e;
      run = 0;
      while (right < w && run < QUIET_COLUMNS && right - e < SIDE_MARGIN) {
        run = quietCol[right] ? run + 1 : 0;
        right++;
      }
      if (run < QUIET_COLUMNS) {
        right = w;
      }
      Rectangle r = new Rectangle(left, top, right - left, bottom - top);
      if (!out.isEmpty() && out.get(out.size() - 1).x + out.get(out.size() - 1).width >= r.x) {
        out.set(out.size() - 1, out.get(out.size() - 1).union(r));
      } else {
        out.add(r);
      }
    }
    return out;
  }

  /** Luma step between neighbouring pixels that counts as an edge of a glyph. */
  static final int INK_STEP = 40;
  /** A row with at most this many such steps has no text in it (panel borders give a few). */
  static final int QUIET_MAX_STEPS = 6;

  /** Rows with no text ink: few strong horizontal luma steps. */
  static boolean[] quietRows(int[] px, int w, int h) {
    boolean[] quiet = new boolean[h];
    for (int y = 0; y < h; y++) {
      int o = y * w;
      int steps = 0;
      int prevL = luma(px[o]);
      for (int x = 1; x < w && steps <= QUIET_MAX_STEPS; x++) {
        int l = luma(px[o + x]);
        if (Math.abs(l - prevL) >= INK_STEP) {
          steps++;
        }
        prevL = l;
      }
      quiet[y] = steps <= QUIET_MAX_STEPS;
    }
    return quiet;
  }

  private static int luma(int p) {
    return (((p >> 16) & 0xFF) * 77 + ((p >> 8) & 0xFF) * 150 + (p & 0xFF) * 29) >> 8;
  }

  /**
   * OCR regions [from, to) for the changed rows: each run of changed rows grown to the nearest two
   * consecutive quiet rows above and below (or {@link #BAND_MARGIN} rows when there are none that
   * close), overlapping or touching regions merged.
   */
  static List<int[]> regions(boolean[] changed, boolean[] quiet) {
    int h = changed.length;
    List<int[]> out = new ArrayList<>();
    int y = 0;
    while (y < h) {
      if (!changed[y]) {
        y++;
        continue;
      }
      int s = y;
      while (y < h && changed[y]) {
        y++;
      }
      int top = s;
      int lim = Math.max(0, s - BAND_MARGIN);
      while (top > lim && !(quiet[top - 1] && (top - 2 < 0 || quiet[top - 2]))) {
        top--;
      }
      top = Math.max(0, top - 2);
      int bottom = y;
      int limB = Math.min(h, y + BAND_MARGIN);
      while (bottom < limB && !(quiet[bottom] && (bottom + 1 >= h || quiet[bottom + 1]))) {
        bottom++;
      }
      bottom = Math.min(h, bottom + 2);
      if (!out.isEmpty() && top <= out.get(out.size() - 1)[1]) {
        out.get(out.size() - 1)[1] = Math.max(out.get(out.size() - 1)[1], bottom);
      } else {
        out.add(new int[] {top, bottom});
      }
    }
    return out;
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
    return finder.find(wholeFrameWords(d.image()), List.of(night,
        new KnownValueIndex(values == null ? List.of() : values)), names);
  }

  /** Every word of a decoded frame, OCR'd whole (no previous frame): what the gate and diagnostics read. */
  List<OcrWord> wholeFrameWords(BufferedImage img) throws Ocr.OcrFailure {
    return recover(img, ((DataBufferInt) img.getRaster().getDataBuffer()).getData(), engine().words(img, null));
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
