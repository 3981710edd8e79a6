package io.demoshard.redact;

import io.demoshard.config.DemoshardConfig;
import io.demoshard.config.DemoshardConfig.RedactConfig;
import io.demoshard.image.Images;
import io.demoshard.image.Painter;
import io.demoshard.privacy.scrub.TextScrubber;

import java.awt.Rectangle;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Screenshot redaction benchmark (scripts/bench-redact): renders sessions of realistic 1280x800
 * frames with known PII boxes ({@link BenchScreens}), then redacts them with full-frame OCR
 * (baseline) and with incremental OCR, in one run, and prints CPU ms per frame, frames/s per core,
 * PII box recall (truth boxes >= 90% covered by painted boxes), frames with zero PII left, and
 * control text kept (<= 10% covered).
 *
 * <p>Usage: {@code RedactBench [sessions=4] [framesPerSession=8]}
 */
public final class RedactBench {
  private RedactBench() {}

  record Score(int pii, int piiFound, int control, int controlKept, int frames, int cleanFrames,
               Map<String, int[]> byKind, List<String> missed) {}

  public static void main(String[] args) {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    int perSession = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    DemoshardConfig conf = DemoshardConfig.defaults();
    RedactConfig inc = conf.redact();
    RedactConfig full = new RedactConfig(inc.upscale(), inc.pageSegMode(), inc.paddingPx(), inc.minConfidence(),
        inc.onFailure(), inc.ocrTimeoutMs(), false, inc.gateSample(), inc.gateMinFrames(), inc.gateMaxShare());
    TextScrubber scrubber = TextScrubber.from(conf.privacy());
    BenchScreens gen = new BenchScreens(7);
    List<BenchScreens.Session> data = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      data.add(gen.session(1000 + i, perSession));
    }
    System.out.printf("%d sessions x %d frames of 1280x800, %d directory values%n", sessions, perSession,
        gen.directory().size());
    // warm-up: engine init and JIT outside the measurement
    try (FrameRedactor warm = new FrameRedactor(inc, scrubber, gen.directory())) {
      warm.redactSequence(List.of(new FrameInput(Images.png(data.get(0).frames().get(0).img), "png")), List.of());
    }
    run("full-frame OCR (baseline), PNG", full, scrubber, gen, data, false);
    run("incremental OCR, PNG", inc, scrubber, gen, data, false);
    run("incremental OCR, JPEG q90 sources", inc, scrubber, gen, data, true);
  }

  static void run(String label, RedactConfig cfg, TextScrubber scrubber, BenchScreens gen,
                  List<BenchScreens.Session> data, boolean jpeg) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu = 0;
    long proc = 0;
    long wall = 0;
    int frames = 0;
    List<Score> scores = new ArrayList<>();
    try (FrameRedactor fr = new FrameRedactor(cfg, scrubber, gen.directory())) {
      for (BenchScreens.Session s : data) {
        List<FrameInput> in = new ArrayList<>();
        for (Screen sc : s.frames()) {
          in.add(jpeg ? new FrameInput(jpeg(sc.img), "jpeg") : new FrameInput(Images.png(sc.img), "png"));
        }
        long c0 = threads.getCurrentThreadCpuTime();
        long p0 = os.getProcessCpuTime();
        long w0 = System.nanoTime();
        List<RedactedFrame> out = fr.redactSequence(in, s.typed());
        cpu += threads.getCurrentThreadCpuTime() - c0;
        proc += os.getProcessCpuTime() - p0;
        wall += System.nanoTime() - w0;
        frames += in.size();
        for (int i = 0; i < out.size(); i++) {
          scores.add(score(s.frames().get(i), out.get(i), cfg.paddingPx(), "s" + data.indexOf(s) + "f" + i));
        }
      }
    }
    int pii = 0;
    int found = 0;
    int control = 0;
    int kept = 0;
    int clean = 0;
    Map<String, int[]> byKind = new TreeMap<>();
    List<String> missed = new ArrayList<>();
    for (Score sc : scores) {
      pii += sc.pii();
      found += sc.piiFound();
      control += sc.control();
      kept += sc.controlKept();
      clean += sc.cleanFrames();
      sc.byKind().forEach((k, v) -> {
        int[] t = byKind.computeIfAbsent(k, x -> new int[2]);
        t[0] += v[0];
        t[1] += v[1];
      });
      missed.addAll(sc.missed());
    }
    double msThread = cpu / 1e6 / frames;
    double msProc = proc / 1e6 / frames;
    System.out.printf("%n== %s: %d frames%n", label, frames);
    System.out.printf("CPU per frame: %.0f ms (OCR thread), %.0f ms (whole process); wall %.0f ms; %.2f frames/s per core%n",
        msThread, msProc, wall / 1e6 / frames, 1000.0 / msProc);
    System.out.printf("PII box recall: %d/%d = %.3f; frames with zero PII left: %d/%d = %.3f%n", found, pii,
        (double) found / pii, clean, frames, (double) clean / frames);
    System.out.printf("control text kept: %d/%d = %.3f%n", kept, control, (double) kept / control);
    StringBuilder sb = new StringBuilder("recall by kind:");
    byKind.forEach((k, v) -> sb.append(String.format(" %s %d/%d", k, v[1], v[0])));
    System.out.println(sb);
    missed.stream().limit(40).forEach(m -> System.out.println("  missed: " + m));
  }

  static byte[] jpeg(java.awt.image.BufferedImage img) {
    try {
      return io.demoshard.image.CodecPainterTest.jpeg(img, 0.9f);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Score score(Screen s, RedactedFrame r, int padding, String where) {
    List<Rectangle> painted = new ArrayList<>();
    for (Box b : r.boxes()) {
      painted.add(Painter.padded(b.rect(), padding, s.img.getWidth(), s.img.getHeight()));
    }
    int pii = 0;
    int found = 0;
    int control = 0;
    int kept = 0;
    Map<String, int[]> byKind = new TreeMap<>();
    List<String> missed = new ArrayList<>();
    for (Screen.Truth t : s.truth) {
      double c = r.bytes() == null ? 1.0 : Screen.covered(t.box(), painted);
      if (t.pii()) {
        pii++;
        int[] k = byKind.computeIfAbsent(t.kind(), x -> new int[2]);
        k[0]++;
        if (c >= 0.9) {
          found++;
          k[1]++;
        } else {
          missed.add(where + " " + t.kind() + " '" + t.text() + "' at " + t.box().x + "," + t.box().y + " covered " + String.format("%.2f", c));
        }
      } else {
        control++;
        if (c <= 0.1) {
          kept++;
        } else {
          missed.add(where + " control painted: '" + t.text() + "' " + String.format("%.2f", c));
        }
      }
    }
    return new Score(pii, found, control, kept, 1, found == pii ? 1 : 0, byKind, missed);
  }
}
