package io.demoshard.privacy;

import io.demoshard.privacy.scrub.DetectorsTestAccess;
import io.demoshard.privacy.scrub.TextScrubber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 10 item 4: the directory's names in every text, on token boundaries, common words only with a partner. */
class PeopleTest {
  static final People PEOPLE = People.of(List.of(
      new People.Person("Jane Doe", "jane.doe@acme-corp.com", List.of("Janie", "jdoe42")),
      new People.Person("José García", "jose.garcia@acme-corp.com", List.of()),
      new People.Person("Will Tanaka", "w.tanaka@acme-corp.com", List.of("wtanaka")),
      new People.Person("Amara Rose", null, List.of("Mara Rose")),
      new People.Person("Li Wei", "li.wei@acme-corp.com", null),
      new People.Person("Siobhán O'Brien", null, List.of("Shiv"))));
  static final TextScrubber S = new TextScrubber(20, 3.5, DetectorsTestAccess.REGIONS).withPeople(PEOPLE);

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Call JANE   doe tomorrow|Call <PERSON> tomorrow",
      "Doe, Jane signed off|<PERSON> signed off",
      "Hi Jane, see you|Hi <PERSON>, see you",
      "ask jose garcia|ask <PERSON>",
      "ASK JOSÉ GARCÍA|ASK <PERSON>",
      "García José wrote|<PERSON> wrote",
      "Jose\u00A0Garcia in the CC|<PERSON> in the CC",
      "Will Tanaka will review|<PERSON> will review",
      "Dr Tanaka approved|<PERSON> approved",
      "Tanaka, Will approved|<PERSON> approved",
      "Amara Rose and Amara|<PERSON> and <PERSON>",
      "meet Mara Rose at 5|meet <PERSON> at 5",
      "ping jdoe42 and Janie|ping <PERSON> and <PERSON>",
      "login as jane.doe now|login as <PERSON> now",
      "Wei Li and li wei|<PERSON> and <PERSON>",
      "siobhan o'brien and Siobhán O’Brien|<PERSON> and <PERSON>",
      "mail jane.doe@acme-corp.com|mail <EMAIL>",
      "w.tanaka@acme-corp.com replied|<EMAIL> replied",
      "Subject: Re: Jane's report|Subject: Re: <PERSON>'s report"})
  void directoryNamesBecomePerson(String text, String expected) {
    assertEquals(expected, S.scrubText(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Will you review the PR?", "a rose garden in bloom", "Janet Doering joined", "ask Tanaka-san",
      "the li element", "Doe is a female deer", "Ship it: weird but ok", "will it rose? no", "Mr and Mrs Smith",
      "Rose will do it"})
  void controlTextAndCommonWordsStay(String text) {
    assertEquals(text, S.scrubText(text));
  }

  @Test
  void termsListEveryVariantWorthFindingOnScreen() {
    Set<String> terms = PEOPLE.terms().stream().map(t -> t[0] + ":" + t[1]).collect(Collectors.toSet());
    assertTrue(terms.containsAll(Set.of("person:Jane Doe", "person:Doe Jane", "person:Doe, Jane", "person:Jane",
        "person:Janie", "login:jdoe42", "login:jane.doe", "email:jane.doe@acme-corp.com", "person:José García",
        "person:Mara Rose", "person:wtanaka", "login:w.tanaka")), terms.toString());
    assertFalse(terms.contains("person:Will"), "a common word alone is no term");
    assertFalse(terms.contains("person:Li"), "too short alone");
    for (String[] t : PEOPLE.terms()) {
      assertTrue(Set.of("person", "email", "login").contains(t[0]), t[0]);
    }
  }

  @Test
  void noDirectoryFindsNoOne() {
    assertEquals("Call Jane Doe", new TextScrubber(20, 3.5, DetectorsTestAccess.REGIONS).withPeople(People.none())
        .scrubText("Call Jane Doe"));
  }
}
