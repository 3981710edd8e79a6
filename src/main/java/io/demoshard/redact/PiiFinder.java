package io.demoshard.redact;

import io.demoshard.image.OcrWord;
import io.demoshard.privacy.scrub.Finding;
import io.demoshard.privacy.scrub.TextScrubber;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * From OCR words to the boxes to paint: lines are rebuilt from word geometry, each line is read in
 * several variants (spaced, touching words joined, all spaces removed, digit confusions fixed),
 * and every variant goes through the text detectors ({@link TextScrubber#scan}), the known values
 * and the machine-identity patterns. Each match maps back to the words (or the part of a word)
 * it covers. Over-painting a little is preferred to leaving a value readable.
 */
public final class PiiFinder {
  /** Detector kinds trusted on the no-spaces variant (elsewhere gluing words makes false numbers and secrets). */
  private static final java.util.Set<String> NO_SPACE_KINDS = java.util.Set.of("email");

  private final TextScrubber scrubber;

  public PiiFinder(TextScrubber scrubber) {
    this.scrubber = scrubber;
  }

  /** Boxes over personal data in these words; {@code known} may be empty but not null. */
  public List<Box> find(List<OcrWord> words, List<KnownValueIndex> known) {
    return find(words, known, NameParts.NONE);
  }

  /** The same, and the directory's names part by part ({@link NameParts}). */
  public List<Box> find(List<OcrWord> words, List<KnownValueIndex> known, NameParts names) {
    List<Box> out = new ArrayList<>();
    java.util.Set<String> mailNames = new java.util.HashSet<>();
    List<MappedText> spaced = new ArrayList<>();
    List<TextLine> lines = TextLine.build(words);
    for (TextLine line : lines) {
      for (MappedText.Join join : MappedText.Join.values()) {
        for (boolean digits : new boolean[] {false, true}) {
          MappedText t = MappedText.of(line, join, digits);
          if (digits && t.text.equals(MappedText.of(line, join, false).text)) {
            continue;  // no confusable letters next to digits: same text, same findings
          }
          for (Finding f : scrubber.scan(t.text)) {
            if (join != MappedText.Join.NONE || NO_SPACE_KINDS.contains(f.kind())) {
              out.addAll(t.boxes(line, f.offset(), f.offset() + f.length(), f.kind()));
            }
            if (f.kind().equals("email")) {
              mailNames.addAll(NameParts.mailNames(t.text.substring(f.offset(), f.offset() + f.length())));
            }
          }
          if (!digits) {
            for (MachineIdentity.Hit h : MachineIdentity.find(t.text)) {
              // without spaces only home paths: OCR splits "/home/j novak" but gluing words makes fake hosts
              if (join != MappedText.Join.NONE || h.kind().equals(MachineIdentity.HOME)) {
                out.addAll(t.boxes(line, h.start(), h.end(), h.kind()));
              }
            }
          }
          if (join == MappedText.Join.SPACED && !digits) {
            // known values are folded (no spaces, no punctuation, confusions merged): one variant is enough
            KnownValueIndex.Folded folded = new KnownValueIndex.Folded(t);
            for (KnownValueIndex idx : known) {
              for (KnownValueIndex.Match m : idx.find(folded)) {
                int a = folded.src[m.start()];
                int b = folded.src[m.end() - 1] + 1;
                out.addAll(t.boxes(line, a, b, m.kind()));
              }
            }
            spaced.add(t);
          }
        }
      }
    }
    // names last: an e-mail address anywhere on the frame names the person ("Jane Wei" in a sheet row)
    List<NameParts.Line> named = new ArrayList<>(lines.size());
    for (MappedText t : spaced) {
      named.add(names.analyse(t, mailNames));
    }
    for (int i = 0; i < lines.size(); i++) {
      for (int j = 0; j < lines.size(); j++) {
        if (i != j && wrapsInto(lines.get(i), lines.get(j))) {
          names.link(named.get(i), named.get(j));
        }
      }
    }
    for (int i = 0; i < lines.size(); i++) {
      for (int[] span : NameParts.spans(named.get(i))) {
        out.addAll(spaced.get(i).boxes(lines.get(i), span[0], span[1], NameParts.KIND));
      }
    }
    return dedupe(out);
  }

  /**
   * True when {@code lower} continues {@code upper}: the next line of a left-aligned block of text
   * (starts within two glyphs of it, at most 60% of a line height below it).
   */
  static boolean wrapsInto(TextLine upper, TextLine lower) {
    OcrWord a = upper.words().get(0);
    OcrWord b = lower.words().get(0);
    int top = upper.words().stream().mapToInt(OcrWord::y).min().orElse(0);
    int bottom = upper.words().stream().mapToInt(OcrWord::bottom).max().orElse(0);
    int lowerTop = lower.words().stream().mapToInt(OcrWord::y).min().orElse(0);
    int h = bottom - top;
    double cw = Math.max(TextLine.charWidth(a), TextLine.charWidth(b));
    return lowerTop >= bottom - 0.2 * h && lowerTop - bottom <= 0.6 * h && Math.abs(a.x() - b.x()) <= 2 * cw;
  }

  /** Which kind names an equal box: the more specific first (a name also found as a login is a name). */
  private static final List<String> KIND_ORDER = List.of("name", "person", "email", "card", "iban", "phone", "ssn", "user_id",
      "ip", "host", "home_path", "login", "device", "secret");

  private static int rank(String kind) {
    int i = KIND_ORDER.indexOf(kind);
    return i < 0 ? KIND_ORDER.size() : i;
  }

  /** Drops boxes equal to or inside another box; equal boxes keep the most specific kind. */
  static List<Box> dedupe(List<Box> boxes) {
    List<Box> sorted = new ArrayList<>(boxes);
    sorted.sort(Comparator.comparingLong((Box b) -> -(long) b.w() * b.h()).thenComparingInt(Box::y)
        .thenComparingInt(Box::x).thenComparingInt(b -> rank(b.kind())).thenComparing(Box::kind));
    List<Box> kept = new ArrayList<>();
    for (Box b : sorted) {
      if (kept.stream().noneMatch(k -> k.contains(b))) {
        kept.add(b);
      }
    }
    kept.sort(Comparator.comparingInt(Box::y).thenComparingInt(Box::x));
    return kept;
  }
}
