package io.demoshard.redact;

import io.demoshard.config.DemoshardConfig;
import io.demoshard.image.OcrWord;
import io.demoshard.privacy.scrub.TextScrubber;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Matching on OCR words built by hand (no OCR): line rebuild, span to box, OCR-error tolerance. */
class PiiFinderTest {
  static final TextScrubber SCRUBBER = TextScrubber.from(DemoshardConfig.defaults().privacy());
  final PiiFinder finder = new PiiFinder(SCRUBBER);

  /** Words of one line at y, 7 px per char, {@code gap} px between words. */
  static List<OcrWord> line(int x, int y, int gap, String... words) {
    List<OcrWord> out = new ArrayList<>();
    for (String w : words) {
      out.add(new OcrWord(w, x, y, w.length() * 7, 12, 90f));
      x += w.length() * 7 + gap;
    }
    return out;
  }

  static List<OcrWord> concat(List<OcrWord> a, List<OcrWord> b) {
    List<OcrWord> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  List<Box> find(List<OcrWord> words, KnownValue... known) {
    return finder.find(words, List.of(new KnownValueIndex(List.of(known))));
  }

  @Test
  void rebuildsLinesFromGeometry() {
    // two rows, and on the first row a second UI element far to the right; input order shuffled
    List<OcrWord> words = new ArrayList<>(line(10, 100, 4, "Send", "to", "the", "team"));
    words.addAll(line(400, 101, 4, "Settings"));
    words.addAll(line(10, 130, 4, "second", "row"));
    java.util.Collections.reverse(words);
    List<TextLine> lines = TextLine.build(words);
    assertEquals(List.of("Send to the team", "Settings", "second row"), lines.stream().map(TextLine::text).toList());
  }

  @Test
  void splitEmailIsOneCandidateAndBothWordsArePainted() {
    // OCR split "jane.novak17@example.org" with a 1 px gap: one token again
    List<OcrWord> words = concat(line(10, 50, 4, "From:"), line(10 + 5 * 7 + 4, 50, 1, "jane.novak17", "@example.org"));
    List<Box> boxes = find(words);
    assertEquals(1, boxes.size(), boxes.toString());
    Box b = boxes.get(0);
    assertEquals("email", b.kind());
    OcrWord first = words.get(1);
    OcrWord last = words.get(2);
    assertEquals(first.x(), b.x());
    assertEquals(last.right(), b.x() + b.w());
    assertTrue(b.x() > words.get(0).right(), "the label 'From:' stays readable");
  }

  @Test
  void partOfAWordIsCutProportionally() {
    List<OcrWord> words = line(0, 20, 4, "mailto:bob.smith@example.com");
    Box b = find(words).get(0);
    // "mailto:" is 7 chars (49 px); the cut starts up to 1.5 chars earlier, never at the word start
    assertTrue(b.x() >= 49 - 11 && b.x() < 49, b.toString());
    assertEquals(words.get(0).right(), b.x() + b.w());
  }

  @Test
  void toleratesLetterDigitConfusions() {
    // O for 0 and l for 1 in a phone number and a card number
    assertEquals("phone", find(line(0, 0, 5, "Call", "+1", "415-555-O134", "today")).get(0).kind());
    List<Box> card = find(line(0, 0, 5, "Card", "4111", "1l11", "1111", "1111"));
    assertEquals(1, card.size(), card.toString());
    assertEquals("card", card.get(0).kind());
    assertEquals(4 * 7 + 5, card.get(0).x(), "from the first digit group on");
  }

  @Test
  void knownNameMatchesItsScreenForms() {
    KnownValue jane = new KnownValue("name", "Jane Novák");
    for (String[] form : new String[][] {{"Jane", "Novak"}, {"Novak,", "Jane"}, {"jane.novak"}, {"J.", "Novak"},
        {"Jane", "Nowak"}, {"JANE", "NOVAK"}}) {
      List<OcrWord> words = concat(line(0, 0, 5, "Meeting", "with"), line(200, 0, 5, form));
      List<Box> boxes = find(words, jane);
      assertEquals(1, boxes.size(), String.join(" ", form) + " -> " + boxes);
      assertEquals("name", boxes.get(0).kind());
      assertEquals(200, boxes.get(0).x(), String.join(" ", form));
    }
    // a known e-mail split over two OCR words with a space and a misread char
    List<Box> mail = find(line(0, 0, 5, "jane.n0vak17", "@example.org"), new KnownValue("email", "jane.novak17@example.org"));
    assertEquals(1, mail.size());
    assertEquals(2 * 12 * 7 + 5, mail.get(0).w(), 1);
  }

  @Test
  void knownValuesDoNotMatchInsideOtherWordsOrFuzzilyWhenShort() {
    KnownValue ann = new KnownValue("login", "anna");
    assertTrue(find(line(0, 0, 5, "Savannah", "trip"), ann).isEmpty());
    assertEquals(1, find(line(0, 0, 5, "ping", "anna", "now"), ann).size());
    assertTrue(find(line(0, 0, 5, "ping", "anne", "now"), ann).isEmpty(), "4 chars: never fuzzy");
  }

  @Test
  void machineIdentity() {
    List<Box> prompt = find(line(0, 0, 5, "dev@win-7f3a2c:~$", "git", "status"));
    assertEquals(1, prompt.size(), prompt.toString());
    assertEquals("host", prompt.get(0).kind());
    assertTrue(prompt.get(0).w() <= 17 * 7, "git status stays readable");
    assertEquals("host", find(line(0, 0, 5, "Connected", "to", "DESKTOP-4KQ9Z1B")).get(0).kind());
    assertEquals("host", find(line(0, 0, 5, "ssh", "build01.corp.internal")).get(0).kind());
    List<Box> win = find(line(0, 0, 5, "C:\\Users\\jnovak\\Documents\\report.docx"));
    assertEquals("home_path", win.get(0).kind());
    // the whole "C:\Users\jnovak" (the prefix next to a black box still says whose), not the file after it
    assertTrue(win.get(0).x() == 0 && win.get(0).w() < "C:\\Users\\jnovak\\".length() * 7 + 7, win.toString());
    assertEquals("home_path", find(line(0, 0, 5, "cd", "/home/jnovak/src")).get(0).kind());
    assertEquals("home_path", find(line(0, 0, 5, "/Users/jane/Desktop")).get(0).kind());
    assertTrue(find(line(0, 0, 5, "C:\\Users\\Public\\Desktop")).isEmpty());
  }

  @Test
  void ordinaryControlTextIsNotPainted() {
    KnownValue jane = new KnownValue("name", "Jane Novak");
    String[][] control = {{"Quarterly", "report"}, {"git", "commit", "-m", "fix", "build"},
        {"File", "Edit", "View", "Selection", "Go", "Run", "Terminal", "Help"}, {"Page", "1", "of", "12"},
        {"Inbox", "(24)"}, {"Version", "4.2.0"}, {"Mon", "12", "Feb", "2024", "10:30"}, {"Save", "as", "PDF"},
        {"npm", "run", "build", "--", "--watch"}, {"src/main/java/io/demoshard/App.java"}};
    for (String[] c : control) {
      List<Box> boxes = find(line(0, 0, 5, c), jane);
      assertTrue(boxes.isEmpty(), String.join(" ", c) + " -> " + boxes);
    }
  }

  @Test
  void stackedDuplicateWordsDoNotBreakTheLine() {
    // seen on a JPEG frame: "555" read as "55" twice (tops and bottoms of the glyphs) and "5"
    List<OcrWord> words = new ArrayList<>(line(0, 83, 5, "Call", "me", "at", "+1", "415"));
    words.add(new OcrWord("55", 112, 83, 11, 4, 96.5f));
    words.add(new OcrWord("55", 112, 86, 12, 5, 96.9f));
    words.add(new OcrWord("5", 126, 83, 5, 8, 95f));
    words.add(new OcrWord("0134", 137, 83, 26, 8, 95f));
    List<TextLine> lines = TextLine.build(words);
    assertEquals(List.of("Call me at +1 415 55 5 0134"), lines.stream().map(TextLine::text).toList());
    List<Box> boxes = find(words);
    assertEquals(1, boxes.size(), boxes.toString());
    assertEquals("phone", boxes.get(0).kind());
    assertEquals(83, boxes.get(0).y());
    assertTrue(boxes.get(0).y() + boxes.get(0).h() >= 91, "covers both halves");
  }

  @Test
  void digitContextOnlyNextToDigits() {
    assertEquals("Bob 4100 1111", MappedText.digitContext("Bob") + " " + MappedText.digitContext("41OO") + " "
        + MappedText.digitContext("1lI1"));
  }

  @Test
  void approximateSearchFindsBestSpan() {
    List<int[]> hits = KnownValueIndex.approx("janenovak", "xxjanenowakyy", 1);
    assertEquals(1, hits.size());
    assertEquals(2, hits.get(0)[0]);
    assertEquals(11, hits.get(0)[1]);
    assertTrue(KnownValueIndex.approx("janenovak", "johnsmith", 1).isEmpty());
  }
}
