package io.demoshard.redact;

import io.demoshard.image.OcrWord;
import io.demoshard.privacy.People;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.demoshard.redact.PiiFinderTest.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Directory names on screen part by part ({@link NameParts} through {@link PiiFinder}), on OCR word lists. */
class NamePartsTest {
  /** A directory as the night job builds it: {@code People.terms()} as known values. */
  static final List<KnownValue> DIRECTORY = values(List.of(
      new People.Person("Jane Novák", "jane.novak@acme-corp.com", List.of("jnovak", "Jane Novak")),
      new People.Person("Priya Patel", "priya.patel@acme-corp.com", List.of("ppatel")),
      new People.Person("Will Rose", "will.rose@acme-corp.com", List.of("wrose")),
      new People.Person("Wei Li", "wei.li@acme-corp.com", List.of("wli")),
      new People.Person("Ingrid Yamamoto", "ingrid.yamamoto@acme-corp.com", List.of("iyamamoto")),
      new People.Person("Björn Haddad", "bjorn.haddad@acme-corp.com", List.of("bhaddad", "Bjorn Haddad"))));

  final PiiFinder finder = new PiiFinder(PiiFinderTest.SCRUBBER);
  final NameParts names = new NameParts(DIRECTORY);

  static List<KnownValue> values(List<People.Person> people) {
    List<KnownValue> out = new ArrayList<>();
    People.of(people).terms().forEach(t -> out.add(new KnownValue(t[0], t[1])));
    return out;
  }

  List<Box> find(List<OcrWord> words) {
    return finder.find(words, List.of(), names);
  }

  /** The words of one line (7 px a char, 5 px gaps) that end up under a box. */
  List<String> painted(String... words) {
    List<OcrWord> ws = line(0, 0, 5, words);
    List<Box> boxes = find(ws);
    List<String> out = new ArrayList<>();
    for (OcrWord w : ws) {
      for (Box b : boxes) {
        if (b.x() <= w.x() + 1 && b.x() + b.w() >= w.right() - 1 && b.y() <= w.y() && b.y() + b.h() >= w.bottom()) {
          out.add(w.text());
          break;
        }
      }
    }
    return out;
  }

  @Test
  void aDistinctivePartIsANameOnItsOwn() {
    assertEquals(List.of("Jane,"), painted("Hi", "Jane,", "thanks", "for", "the", "notes"));
    assertEquals(List.of("Novak"), painted("Novak"), "a surname alone in a sheet cell");
    assertEquals(List.of("Yamamoto"), painted("Owner:", "Yamamoto"));
    assertEquals(List.of("PATEL"), painted("PATEL", "approved"), "case does not matter");
    assertEquals("person", find(line(0, 0, 5, "Ingrid")).get(0).kind());
  }

  @Test
  void shortAndCommonWordPartsOnlyNextToAnotherNamePart() {
    assertEquals(List.of(), painted("Will", "you", "send", "the", "rose", "report?"));
    assertEquals(List.of(), painted("Grant", "access", "in", "May"));
    assertEquals(List.of("Will", "Rose"), painted("Will", "Rose"));
    assertEquals(List.of("Rose,", "Will"), painted("Rose,", "Will"));
    assertEquals(List.of(), painted("Li", "battery", "pack"), "2 letters alone");
    assertEquals(List.of("Wei", "Li"), painted("Wei", "Li"));
    assertEquals(List.of("Li", "Patel"), painted("Li", "Patel"), "a short part next to a directory surname");
    assertEquals(List.of("Dr", "Rose"), painted("Dr", "Rose")); // a title makes a common-word surname a name
  }

  @Test
  void initialForms() {
    assertEquals(List.of("J.", "Novak"), painted("J.", "Novak"));
    assertEquals(List.of("Novak,", "J."), painted("Novak,", "J."));
    assertEquals(List.of("jane.n"), painted("jane.n", "commented"));
    assertEquals(List.of("I.", "Yamamoto"), painted("Reviewed", "by", "I.", "Yamamoto"));
  }

  @Test
  void theOtherHalfOfAHalfKnownName() {
    // only "Priya" and "Haddad" are in the directory: a sender column, a spreadsheet row
    assertEquals(List.of("Priya", "Sharma"), painted("Priya", "Sharma"));
    assertEquals(List.of("Sofia", "Haddad"), painted("Sofia", "Haddad"));
    assertEquals(List.of("Haddad,", "Sofia"), painted("Haddad,", "Sofia"));
    // words that stand next to names without being one stay
    assertEquals(List.of("Priya"), painted("Thanks", "Priya"));
    assertEquals(List.of("Haddad"), painted("Hi", "Haddad"));
    assertEquals(List.of("Priya"), painted("Priya", "joined", "the", "channel"));
  }

  @Test
  void toleratesOcrErrors() {
    assertEquals(List.of("N0vak"), painted("N0vak"), "O read as 0");
    assertEquals(List.of("lngrid"), painted("lngrid", "Yamamoto").subList(0, 1), "I read as l");
    assertEquals(List.of("Yamarnoto"), painted("Yamarnoto"), "m read as rn");
    assertEquals(List.of("Yamamot"), painted("Yamamot"), "a missing letter (>= 6 letters)");
    assertEquals(List.of("Yammamoto"), painted("Yammamoto"), "an extra letter");
    assertEquals(List.of("Hadad"), painted("Hadad"), "a missing letter");
    assertEquals(List.of("Bjérn,"), painted("Hi", "Bjérn,"), "an accented letter read as another vowel");
    assertEquals(List.of(), painted("novel", "idea"), "fuzzy only for capitalised words: 'novel' is no Novak");
    assertEquals(List.of(), painted("Hadley"), "two edits away");
  }

  @Test
  void aNameSplitIntoTwoOcrWords() {
    assertEquals(List.of("Yama", "moto"), painted("Yama", "moto"));
    List<OcrWord> words = line(0, 0, 5, "Ingrid", "Yama", "moto");
    List<Box> boxes = find(words);
    assertEquals(1, boxes.size(), boxes.toString());
    assertEquals(words.get(2).right(), boxes.get(0).x() + boxes.get(0).w(), "one box over the whole name");
  }

  @Test
  void aNameWrappedOntoTheNextLine() {
    // "... ask Wei" / "Li about access": a 2-letter surname at the start of the next line of the block
    List<OcrWord> words = concat(line(0, 0, 5, "Please", "ask", "Wei"), line(0, 16, 5, "Li", "about", "access"));
    List<Box> boxes = find(words);
    assertEquals(2, boxes.size(), boxes.toString());
    assertEquals(16, boxes.get(1).y());
    assertEquals(0, boxes.get(1).x());
    assertEquals(14, boxes.get(1).w(), "only 'Li'");
    // "... from Priya" / "Sharma today": the other half on the next line
    List<Box> half = find(concat(line(0, 0, 5, "Forwarded", "from", "Priya"), line(0, 16, 5, "Sharma", "today")));
    assertTrue(half.stream().anyMatch(b -> b.y() == 16 && b.x() == 0 && b.w() == 6 * 7), half.toString());
    // the same words in another column or far below are not one name
    assertEquals(1, find(concat(line(0, 0, 5, "ask", "Wei"), line(400, 16, 5, "Li", "about"))).size());
    assertEquals(1, find(concat(line(0, 0, 5, "ask", "Wei"), line(0, 60, 5, "Li", "about"))).size());
    assertEquals(1, find(concat(line(0, 0, 5, "ask", "Wei."), line(0, 16, 5, "Li", "about"))).size(),
        "a sentence ends between them");
  }

  @Test
  void aPersonWhoseAddressIsOnTheFrame() {
    // no directory entry at all: the address next to it (or anywhere on the frame) names the person
    NameParts none = new NameParts(List.of());
    List<OcrWord> words = new ArrayList<>(line(0, 0, 5, "Mateo", "Wei", "<mateo.wei4@initech.io>"));
    words.addAll(line(0, 40, 5, "Hi", "Mateo,", "the", "Wei", "account", "is", "ready"));
    List<Box> boxes = finder.find(words, List.of(), none);
    assertTrue(boxes.stream().anyMatch(b -> b.kind().equals("person") && b.y() == 0 && b.x() == 0
        && b.x() + b.w() >= words.get(1).right()), boxes.toString());
    assertEquals(2, boxes.stream().filter(b -> b.kind().equals("person") && b.y() == 40).count(), boxes.toString());
    // a shared mailbox names no one
    List<Box> team = finder.find(concat(line(0, 0, 5, "Billing", "Team"), line(0, 40, 5, "billing.team@acme.com")),
        List.of(), none);
    assertTrue(team.stream().noneMatch(b -> b.kind().equals("person")), team.toString());
    assertEquals(java.util.Set.of("jane", "wei"), NameParts.mailNames("jane.wei4@initech.io"));
    assertEquals(java.util.Set.of(), NameParts.mailNames("support.team@acme.com"));
    assertEquals(java.util.Set.of(), NameParts.mailNames("jdoe@acme.com"), "one token: too weak a signal");
  }

  @Test
  void aStrangerWithACommonGivenName() {
    // nobody here is in the directory: a sheet row, a mail list
    assertEquals(List.of("Mateo", "Garcia"), painted("Mateo", "Garcia", "+33", "1", "36"));
    assertEquals(List.of("Amara", "Okafor"), painted("Amara", "Okafor"));
    assertEquals(List.of("Jane", "D."), painted("Jane", "D.", "approved"));
    // a given name alone, before a lower-case word or a label, and given names that are words stay
    assertEquals(List.of(), painted("Ask", "Mateo", "about", "it"));
    assertEquals(List.of(), painted("Mateo", "joined"));
    assertEquals(List.of(), painted("Mateo", "Inbox"));
    assertEquals(List.of(), painted("Will", "Smith"), "will is a word: not in the given-name list");
    assertEquals(List.of(), painted("Cale", "Ln", "2"), "a 2-letter word after it");
    assertTrue(NameParts.GIVEN_NAMES.contains("mateo") && NameParts.GIVEN_NAMES.size() > 5000);
    assertFalse(NameParts.GIVEN_NAMES.contains("mark") || NameParts.GIVEN_NAMES.contains("rose"));
  }

  @Test
  void ordinaryTextIsNotPainted() {
    String[][] control = {{"Quarterly", "report"}, {"Mark", "as", "read"}, {"Will", "do,", "thanks!"},
        {"Grant", "access", "to", "billing-db"}, {"Rose", "Bowl", "tickets"}, {"Li-ion", "battery"},
        {"Pat", "on", "the", "back"}, {"May", "12,", "2026"}, {"Patent", "pending"}, {"Hadley", "Road"},
        {"Sharma", "is", "unknown", "here"}, {"Inbox", "Sent", "Drafts"}, {"Reply", "Forward"},
        {"Sign", "in", "as", "Guest"}, {"novel", "ideas"}, {"Page", "Setup"}, {"Format", "Cells"},
        {"Insert", "Chart"}, {"New", "Message"}, {"Open", "Recent"}, {"Pull", "Request", "Review"}};
    for (String[] c : control) {
      List<Box> boxes = find(line(0, 0, 5, c));
      assertTrue(boxes.isEmpty(), String.join(" ", c) + " -> " + boxes);
    }
  }

  @Test
  void wholeWordButNotAWholeUrl() {
    List<OcrWord> url = line(0, 0, 5, "https://crm.acme-corp.com/contacts/priya");
    List<Box> boxes = find(url);
    assertEquals(1, boxes.size(), boxes.toString());
    assertTrue(boxes.get(0).x() > 20 * 7, "the URL before the name stays: " + boxes);
    assertFalse(painted("Priya,").isEmpty());
  }

  static List<OcrWord> concat(List<OcrWord> a, List<OcrWord> b) {
    List<OcrWord> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
