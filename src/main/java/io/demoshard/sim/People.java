package io.demoshard.sim;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The company's people directory (RAW/directory/people.csv): one person per simulated employee,
 * consenting or not, plus colleagues who are never recorded. Their names, e-mails and logins are
 * what chats, mail lists, prompts and forms show, so redaction can be judged on known people.
 *
 * <p>Its own random stream (seed, "people"), so adding it left the rest of the day unchanged.
 */
final class People {
  /** Given names, with accents and a few that are also ordinary words (Will, Rose, Grant). */
  static final List<String> FIRST = List.of("Priya", "Omar", "Lucas", "Amara", "Kenji", "Sofia", "Mateo", "Noah", "Olga", "Ravi",
      "José", "Zoë", "Björn", "Chloé", "Will", "Rose", "Grant", "Mei", "Aisha", "Dmitri", "Fatima", "Hannah", "Ingrid", "Tomás");
  static final List<String> LAST = List.of("Sharma", "Haddad", "Silva", "Okafor", "Tanaka", "Rossi", "García", "Becker", "Ivanova",
      "Patel", "Nguyen", "Müller", "O'Brien", "Kowalski", "Lindqvist", "Mensah", "Hernández", "Cohen", "Yamamoto", "Dubois");
  /** Given names that are also common English words: shown only with the last name. */
  static final Set<String> COMMON_WORDS = Set.of("Will", "Rose", "Grant");
  static final String DOMAIN = "acme-corp.com";

  /** One directory row. {@code recorded} when the person is one of the simulated users. */
  record Person(String userId, String first, String last, String email, String login, String nick, boolean recorded) {
    String displayName() { return first + " " + last; }

    /** How a greeting names them: first name, or the full name when the first is an ordinary word. */
    String calledBy() { return COMMON_WORDS.contains(first) ? displayName() : first; }

    List<String> aliases() {
      List<String> a = new ArrayList<>();
      if (nick != null) a.add(nick);
      a.add(login);
      String plain = ascii(displayName());
      if (!plain.equals(displayName())) a.add(plain);   // the spelling of keyboards without accents
      return a;
    }

    /** No field holds a comma or a quote, so the row needs no CSV quoting (readers split on the delimiter). */
    String csv() { return userId + "," + displayName() + "," + email + "," + String.join("|", aliases()); }
  }

  final List<Person> people = new ArrayList<>();

  /** One row per user (in user order, the i-th user is {@code people.get(i)}) and {@code extra} colleagues. */
  People(long seed, List<SimUser> users, int extra) {
    Rng r = new Rng(Rng.derive(seed, "people", 0));
    Set<String> names = new HashSet<>();
    Set<String> ids = new HashSet<>();
    Set<String> logins = new HashSet<>();
    for (SimUser u : users) ids.add(u.id);
    for (int i = 0; i < users.size() + extra; i++) {
      String first;
      String last;
      do { first = r.pick(FIRST); last = r.pick(LAST); } while (!names.add(first + " " + last));
      String id;
      if (i < users.size()) id = users.get(i).id;
      else do { id = String.format("u%06d", r.between(1000, 999_999)); } while (!ids.add(id));
      String login = ascii(first.substring(0, 1) + last).toLowerCase().replace("'", "");
      if (!logins.add(login)) { login = login + (i + 2); logins.add(login); }
      String email = ascii(first).toLowerCase() + "." + ascii(last).toLowerCase().replace("'", "") + "@" + DOMAIN;
      String nick = r.chance(0.5) ? first.substring(0, Math.min(first.length(), 3)) + (r.chance(0.5) ? "y" : "") : null;
      if (nick != null && (nick.length() < 3 || nick.equalsIgnoreCase(first))) nick = null;
      people.add(new Person(id, first, last, email, login, nick, i < users.size()));
    }
  }

  Person of(SimUser u) { return people.get(u.index); }

  /** Anyone but {@code me}: the colleague a chat or a mail is with. */
  Person colleague(Rng r, Person me) {
    Person p;
    do { p = r.pick(people); } while (p == me && people.size() > 1);
    return p;
  }

  List<String> csv() {
    List<String> out = new ArrayList<>(List.of("user_id,display_name,email,aliases"));
    for (Person p : people) out.add(p.csv());
    return out;
  }

  static String ascii(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "").replace("ø", "o");
  }
}
