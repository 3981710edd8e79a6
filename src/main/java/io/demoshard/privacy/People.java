package io.demoshard.privacy;

import java.io.Serializable;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The company's known people (the directory, {@code RAW/directory/*.csv}), as the name variants to find
 * in text and on screen. Built once on the driver from the directory rows; small and serializable, so it
 * travels with the scrubber. Matching is on normalised tokens ({@link #norm}: accents removed, lower case)
 * so case, accents and whitespace do not matter; see {@link io.demoshard.privacy.scrub.PersonDetector}.
 *
 * <p>Per person ({@code display_name} "First [Middle] Last"):
 * <ul>
 *   <li>sequences (always a name): the full name, first + last and last + first, every multi-word alias,
 *       every login (an alias with a digit, dot, underscore or {@code @}, and the e-mail's local part);</li>
 *   <li>single words found alone: the first name and one-word aliases, unless they are common words
 *       ({@link #COMMON_WORDS}: "Will", "Rose", "Mark"...) or shorter than 3 letters;</li>
 *   <li>last names (and common-word first names): only next to another name part or after a title
 *       ({@code Mr}, {@code Dr}, ...);</li>
 *   <li>e-mail addresses, exactly (they become {@code <EMAIL>}).</li>
 * </ul>
 */
public final class People implements Serializable {
  private static final long serialVersionUID = 1L;
  static final int MIN_ALONE = 3;
  /** Titles after which a last name is a name. */
  public static final Set<String> TITLES = Set.of("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam",
      "herr", "frau", "mme", "mlle", "sr", "sra", "dott");
  /** Given or family names that are also common English words: a name only together with another name part. */
  public static final Set<String> COMMON_WORDS = Set.copyOf(List.of("will", "rose", "may", "june", "april", "august", "grace",
      "hope", "faith", "joy", "mark", "bill", "pat", "rich", "frank", "art", "bob", "sue", "jack", "ray", "dawn",
      "summer", "violet", "lily", "ruby", "amber", "crystal", "sky", "rob", "guy", "don", "chase", "hunter", "miles",
      "max", "gene", "hazel", "iris", "ivy", "jade", "pearl", "holly", "heather", "daisy", "autumn", "winter",
      "sunny", "chance", "case", "cash", "clay", "cliff", "dale", "dean", "drew", "earl", "forest", "glen", "grant",
      "heath", "jay", "king", "lance", "lee", "mason", "nick", "norm", "reed", "rocky", "rod", "roman", "rusty",
      "sandy", "skip", "stone", "terry", "wade", "ward", "young", "page", "penny", "robin", "sage", "star", "storm",
      "brook", "carol", "cherry", "christian", "harmony", "honey", "ginger", "kitty", "liberty", "misty", "olive",
      "patience", "poppy", "rain", "river", "scarlet", "destiny", "trinity", "unity", "lane", "bond", "hall", "hill",
      "wood", "woods", "field", "fields", "moore", "brown", "white", "black", "green", "gray", "grey", "long",
      "short", "price", "cook", "baker", "smith", "miller", "taylor", "carter", "parker", "turner", "cooper",
      "walker", "wright", "porter", "fisher", "potter", "sharp", "strong", "golden", "bell", "bush", "rice",
      "cross", "church", "best", "love", "little", "small", "north", "south", "west", "east", "day", "knight",
      "major", "noble", "rich", "said", "sterling", "summers", "hart", "joy", "kid", "free", "good", "new", "city",
      "park", "banks", "page", "win", "van", "von", "del", "della", "der", "den", "dos", "das", "san", "top",
      "abbey", "angel", "august", "bear", "blue", "colt", "dash", "dusty", "echo", "gray", "haven", "ice", "jewel",
      "journey", "justice", "lake", "legend", "lucky", "march", "marsh", "mercy", "moon", "ocean", "rebel", "royal",
      "saint", "shadow", "snow", "sparrow", "spring", "sun", "wolf", "york", "china", "india", "paris", "sydney",
      "florence", "georgia", "virginia", "carolina", "austin", "dallas", "houston", "jordan", "chad", "jersey"));

  /** A name variant: normalised tokens in order, and the kind it is redacted as. */
  public record Sequence(List<String> tokens, String kind) implements Serializable {}

  private final Map<String, List<Sequence>> byFirstToken;
  private final Set<String> alone;
  private final Set<String> partners;
  private final Set<String> emails;
  private final List<String[]> terms;

  private People(Map<String, List<Sequence>> byFirstToken, Set<String> alone, Set<String> partners,
                 Set<String> emails, List<String[]> terms) {
    this.byFirstToken = byFirstToken;
    this.alone = alone;
    this.partners = partners;
    this.emails = emails;
    this.terms = terms;
  }

  /** No one: matches nothing. */
  public static People none() {
    return of(List.of());
  }

  /** One directory row: display name, e-mail and aliases (each may be null). */
  public record Person(String displayName, String email, List<String> aliases) implements Serializable {}

  public static People of(List<Person> people) {
    Map<String, List<Sequence>> seqs = new HashMap<>();
    Set<List<String>> seen = new HashSet<>();
    Set<String> alone = new HashSet<>();
    Set<String> partners = new HashSet<>(TITLES);
    Set<String> emails = new HashSet<>();
    Set<List<String>> terms = new LinkedHashSet<>();
    for (Person p : people) {
      List<String> name = tokens(p.displayName());
      if (!name.isEmpty()) {
        String first = name.get(0);
        String last = name.get(name.size() - 1);
        add(seqs, seen, name, "person");
        terms.add(List.of("person", p.displayName().strip()));
        partners.addAll(name);
        if (name.size() >= 2) {
          add(seqs, seen, List.of(first, last), "person");
          add(seqs, seen, List.of(last, first), "person");
          String[] words = p.displayName().strip().split("\\s+");
          String f = words[0];
          String l = words[words.length - 1];
          terms.add(List.of("person", f + " " + l));
          terms.add(List.of("person", l + " " + f));
          terms.add(List.of("person", l + ", " + f));
        }
        if (canStandAlone(first)) {
          alone.add(first);
          terms.add(List.of("person", p.displayName().strip().split("\\s+")[0]));
        }
      }
      if (p.email() != null && p.email().contains("@")) {
        String email = p.email().strip();
        emails.add(norm(email));
        terms.add(List.of("email", email));
        String local = email.substring(0, email.indexOf('@'));
        List<String> lt = tokens(local);
        if (!lt.isEmpty() && (lt.size() > 1 || canStandAlone(lt.get(0)))) {
          add(seqs, seen, lt, "person");
          terms.add(List.of("login", local));
        }
      }
      for (String a : p.aliases() == null ? List.<String>of() : p.aliases()) {
        if (a == null || a.isBlank()) {
          continue;
        }
        List<String> at = tokens(a);
        if (at.isEmpty()) {
          continue;
        }
        boolean login = a.strip().matches(".*[0-9._@].*") && !a.strip().contains(" ");
        if (at.size() > 1) {
          add(seqs, seen, at, "person");
        } else if (canStandAlone(at.get(0))) {
          alone.add(at.get(0));
        } else {
          partners.add(at.get(0));
        }
        partners.addAll(at);
        terms.add(List.of(login ? "login" : "person", a.strip()));
      }
    }
    List<String[]> termList = new ArrayList<>();
    terms.forEach(t -> termList.add(new String[] {t.get(0), t.get(1)}));
    return new People(seqs, alone, partners, emails, List.copyOf(termList));
  }

  private static void add(Map<String, List<Sequence>> seqs, Set<List<String>> seen, List<String> tokens, String kind) {
    if (seen.add(tokens)) {
      seqs.computeIfAbsent(tokens.get(0), k -> new ArrayList<>()).add(new Sequence(List.copyOf(tokens), kind));
    }
  }

  static boolean canStandAlone(String normToken) {
    return normToken.length() >= MIN_ALONE && !COMMON_WORDS.contains(normToken) && !normToken.chars().allMatch(Character::isDigit);
  }

  public boolean isEmpty() {
    return byFirstToken.isEmpty() && emails.isEmpty();
  }

  /** Name sequences starting with this normalised token (longest first not guaranteed). */
  public List<Sequence> sequencesStartingWith(String normToken) {
    return byFirstToken.getOrDefault(normToken, List.of());
  }

  /** Whether this normalised token is a name on its own (a distinctive first name or alias). */
  public boolean standsAlone(String normToken) {
    return alone.contains(normToken);
  }

  /** Whether this normalised token is a name part or title (a last name next to it is a name). */
  public boolean isNamePartOrTitle(String normToken) {
    return partners.contains(normToken);
  }

  public boolean isEmail(String normalised) {
    return emails.contains(normalised);
  }

  /**
   * Every variant worth finding on screen, as {kind, value} with kind {@code person}, {@code email} or
   * {@code login}: full names, first + last in both orders and "Last, First", distinctive first names,
   * aliases, logins and e-mail addresses, as written in the directory.
   */
  public List<String[]> terms() {
    List<String[]> out = new ArrayList<>(terms.size());
    for (String[] t : terms) {
      out.add(t.clone());
    }
    return out;
  }

  /** Lower case without accents: "José" and "JOSE" are the same token. */
  public static String norm(String s) {
    String d = Normalizer.normalize(s, Normalizer.Form.NFKD);
    StringBuilder b = new StringBuilder(d.length());
    for (int i = 0; i < d.length(); i++) {
      char c = d.charAt(i);
      if (Character.getType(c) == Character.NON_SPACING_MARK) {
        continue;
      }
      switch (c) {
        case 'ß' -> b.append("ss");
        case 'ø', 'Ø' -> b.append('o');
        case 'ł', 'Ł' -> b.append('l');
        case 'đ', 'Đ' -> b.append('d');
        case 'æ', 'Æ' -> b.append("ae");
        case 'œ', 'Œ' -> b.append("oe");
        case 'ı' -> b.append('i');
        default -> b.append(c);
      }
    }
    return b.toString().toLowerCase(Locale.ROOT);
  }

  /** Normalised letter/digit tokens of a name. */
  public static List<String> tokens(String s) {
    List<String> out = new ArrayList<>();
    if (s == null) {
      return out;
    }
    for (String t : norm(s).split("[^\\p{L}\\p{N}]+")) {
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }
}
