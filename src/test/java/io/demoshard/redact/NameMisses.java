package io.demoshard.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demoshard.config.DemoshardConfig;
import io.demoshard.image.Codec;
import io.demoshard.image.OcrWord;
import io.demoshard.image.Painter;
import io.demoshard.privacy.People;
import io.demoshard.privacy.scrub.TextScrubber;

import io.demoshard.eval.TextPixels;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * Diagnostic (test scope, not part of the job): which truth boxes of a simulated day the matching
 * misses, with the OCR words over them. Reads {@code RAW/_truth/text_boxes.jsonl.gz} and the
 * directory, OCRs a sample of the frames that show a PII box whole-frame (cached as TSV, so matching
 * rules can be changed and re-measured in seconds), runs {@link PiiFinder} with the directory's
 * values, and paints a copy; a
 * control box kept when <= 10% does (the pixel evaluation of {@code evaluate} is finer; this is for
 * finding misses fast). Session values are not used: what the directory alone finds.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/classpath.txt) io.demoshard.redact.NameMisses \
 *   RAW MAX_FRAMES CACHE_DIR [KIND|all [before]]   (before: without {@link NameParts})
 * </pre>
 */
public final class NameMisses {
  private NameMisses() {}

  public static void main(String[] args) throws Exception {
    Path raw = Path.of(args[0]);
    int maxFrames = Integer.parseInt(args[1]);
    Path cache = Files.createDirectories(Path.of(args[2]));
    String kindShown = args.length > 3 ? args[3] : "person";
    DemoshardConfig cfg = DemoshardConfig.defaults();
    People people = directory(raw.resolve("directory/people.csv"));
    List<KnownValue> values = new ArrayList<>();
    people.terms().forEach(t -> values.add(new KnownValue(t[0], t[1])));
    List<String> rows = Files.readAllLines(raw.resolve("directory/people.csv"));
    rows.subList(1, rows.size()).forEach(l -> values.add(new KnownValue("user_id", l.split(",")[0])));
    TextScrubber scrubber = TextScrubber.from(cfg.privacy()).withPeople(people);
    PiiFinder finder = new PiiFinder(scrubber);
    KnownValueIndex night = new KnownValueIndex(values);
    NameParts names = args.length > 4 && args[4].equals("before") ? NameParts.NONE : new NameParts(values);
    ObjectMapper json = new ObjectMapper();

    List<JsonNode> frames = new ArrayList<>();
    Set<String> seenBoxes = new HashSet<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(raw.resolve("_truth/text_boxes.jsonl.gz"))), StandardCharsets.UTF_8))) {
      for (String l; (l = r.readLine()) != null; ) {
        JsonNode n = json.readTree(l);
        boolean pii = false;
        for (JsonNode b : n.get("boxes")) {
          pii |= b.get("pii").asBoolean();
        }
        // frames that repeat (same boxes) tell nothing new
        if (pii && seenBoxes.add(n.get("boxes").toString())) {
          frames.add(n);
        }
      }
    }
    int step = Math.max(1, frames.size() / maxFrames);
    Map<String, int[]> byKind = new TreeMap<>();
    Map<String, Integer> missedTexts = new TreeMap<>();
    Map<String, Integer> paintedControl = new TreeMap<>();
    int framesScored = 0;
    int framesClean = 0;
    long matchNanos = 0;
    try (FrameRedactor ocr = new FrameRedactor(cfg.redact(), scrubber, List.of())) {
      for (int i = 0; i < frames.size() && framesScored < maxFrames; i += step) {
        JsonNode f = frames.get(i);
        String rel = f.get("path").asText();
        Path img = raw.resolve(rel);
        Path cached = cache.resolve(rel.replaceAll("[^A-Za-z0-9._-]", "_") + ".tsv");
        List<OcrWord> words;
        if (Files.exists(cached)) {
          List<String> lines = Files.readAllLines(cached);
          words = new ArrayList<>();
          for (String l : lines.subList(1, lines.size())) {
            String[] c = l.split("\t");
            words.add(new OcrWord(c[0], Integer.parseInt(c[1]), Integer.parseInt(c[2]), Integer.parseInt(c[3]),
                Integer.parseInt(c[4]), Float.parseFloat(c[5])));
          }
        } else {
          Codec.Decoded d = Codec.decode(Files.readAllBytes(img));
          int w = d.image().getWidth();
          int h = d.image().getHeight();
          words = ocr.wholeFrameWords(d.image());
          StringBuilder sb = new StringBuilder(w + "\t" + h + "\n");
          for (OcrWord o : words) {
            sb.append(o.text().replaceAll("[\t\n]", " ")).append('\t').append(o.x()).append('\t').append(o.y())
                .append('\t').append(o.w()).append('\t').append(o.h()).append('\t').append(o.conf()).append('\n');
          }
          Files.writeString(cached, sb);
        }
        long t0 = System.nanoTime();
        List<Box> boxes = finder.find(words, List.of(night), names);
        matchNanos += System.nanoTime() - t0;
        // scored like `evaluate`: the frame painted as the stage would, text pixels compared (TextPixels)
        BufferedImage src = Codec.decode(Files.readAllBytes(img)).image();
        BufferedImage pub = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        pub.getGraphics().drawImage(src, 0, 0, null);
        List<Rectangle> rects = new ArrayList<>();
        boxes.forEach(b -> rects.add(b.rect()));
        Painter.paint(pub, rects, cfg.redact().paddingPx());
        framesScored++;
        boolean clean = true;
        for (JsonNode b : f.get("boxes")) {
          int bx = b.get("x").asInt();
          int by = b.get("y").asInt();
          int bw = b.get("w").asInt();
          int bh = b.get("h").asInt();
          TextPixels.Score score = TextPixels.score(src, pub, bx, by, bw, bh);
          if (score.textPixels() == 0) {
            continue;
          }
          String kind = b.get("kind").asText();
          boolean pii = b.get("pii").asBoolean();
          boolean ok = pii ? score.redacted() : score.kept();
          int[] c = byKind.computeIfAbsent(kind, k -> new int[2]);
          c[0]++;
          c[1] += ok ? 1 : 0;
          String text = b.get("text").asText();
          if (pii && !ok) {
            clean = false;
          }
          if (!ok && !pii) {
            paintedControl.merge(text, 1, Integer::sum);
          }
          if (!ok && (pii || kindShown.equals("control")) && (kindShown.equals("all") || kindShown.equals(kind))) {
            missedTexts.merge(text, 1, Integer::sum);
            StringBuilder over = new StringBuilder();
            Rectangle tb = new Rectangle(bx - 4, by - 4, bw + 8, bh + 8);
            for (OcrWord o : words) {
              if (tb.intersects(new Rectangle(o.x(), o.y(), o.w(), o.h()))) {
                over.append(' ').append(o.text()).append('(').append(Math.round(o.conf())).append(')');
              }
            }
            String line = "";
            for (TextLine tl : TextLine.build(words)) {
              OcrWord a = tl.words().get(0);
              OcrWord z = tl.words().get(tl.words().size() - 1);
              if (new Rectangle(a.x(), a.y(), z.right() - a.x(), Math.max(a.h(), z.h())).intersects(tb)) {
                line += " | " + tl.text();
              }
            }
            System.out.printf("MISS %-6s %-22s cov=%.2f %s ocr:%s line:%s%n", kind, '"' + text + '"',
                (double) score.destroyed() / score.textPixels(), rel, over.isEmpty() ? " (none)" : over, line);
          }
        }
        framesClean += clean ? 1 : 0;
      }
    }
    System.out.println("frames scored " + framesScored + " (of " + frames.size() + " distinct with PII), zero PII left "
        + framesClean + String.format(" (%.3f); matching %.1f ms/frame", (double) framesClean / framesScored,
        matchNanos / 1e6 / Math.max(1, framesScored)));
    int pTotal = 0;
    int pOk = 0;
    for (Map.Entry<String, int[]> e : byKind.entrySet()) {
      System.out.printf("  %-9s %5d/%5d = %.3f%n", e.getKey(), e.getValue()[1], e.getValue()[0],
          (double) e.getValue()[1] / e.getValue()[0]);
      if (!e.getKey().equals("control")) {
        pTotal += e.getValue()[0];
        pOk += e.getValue()[1];
      }
    }
    System.out.printf("  PII recall %d/%d = %.3f%n", pOk, pTotal, (double) pOk / pTotal);
    System.out.println("missed texts: " + top(missedTexts));
    System.out.println("painted control texts: " + top(paintedControl));
  }

  private static String top(Map<String, Integer> m) {
    return m.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(60)
        .map(e -> e.getKey() + "=" + e.getValue()).toList().toString();
  }

  /** The simulator's directory CSV (no quoted fields): display name, e-mail, aliases. */
  static People directory(Path csv) throws Exception {
    List<People.Person> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(csv);
    for (String l : lines.subList(1, lines.size())) {
      String[] c = l.split(",", -1);
      out.add(new People.Person(c[1], c[2], c.length > 3 && !c[3].isEmpty() ? List.of(c[3].split("\\|")) : List.of()));
    }
    return People.of(out);
  }
}
