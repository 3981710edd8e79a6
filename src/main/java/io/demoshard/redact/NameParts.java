package io.demoshard.redact;

import io.demoshard.privacy.People;

import java.io.Serializable;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The people directory's names found on screen one part at a time, the way screens show them: a mail
 * list or a spreadsheet row shows "Priya Sharma" where only "Priya" is in the directory, a chat says
 * "Hi Sofia,", a header "Novak, J." and a login "jane.n". {@link KnownValueIndex} finds whole known
 * forms; this finds what is left, token by token on one OCR line:
 * <ol>
 *   <li>a directory name part (given name, surname, one-word alias) of at least {@value #ALONE_MIN}
 *       letters that is not a common word ({@link People#COMMON_WORDS}) is a name on its own; a part of
 *       exactly 3 letters only when written capitalised (a nickname like "Mat" is also a word);</li>
 *   <li>other parts (2-letter surnames like "Li" or "Wu", common words like "Will", "Rose", "May") only
 *       next to another name part, a title or an initial;</li>
 *   <li>an initial next to a name ("J. Novak", "Novak J.", "jane.n");</li>
 *   <li>the other half of a name we know half of: the capitalised word after a directory given name
 *       ("Priya Sharma") or before a directory surname ("Sofia Haddad"), or after "Surname," - unless it
 *       is a word that often stands next to names without being one ({@link #NOT_NAMES}: Hi, Thanks,
 *       From, ...);</li>
 *   <li>a stranger's name: a common given name ({@link #GIVEN_NAMES}) before a capitalised word of 3 or
 *       more letters or an initial.</li>
 * </ol>
 * Tolerant of OCR: parts are compared folded like known values ({@link KnownValueIndex#fold}: O/0,
 * l/1/I merged, accents dropped) with "rn" read as "m"; an accented letter may be misread as any vowel
 * ("Bjérn" for "Björn"); capitalised words of {@value #FUZZY_MIN} or more letters within one edit of a
 * part match (a missing, extra or wrong letter); a part split into two OCR words ("Yama moto") is
 * joined. Adjacent parts (whitespace and at most one of {@code . , ' - _} between) are painted as one
 * run, and over the whole OCR word when it is short (the comma, the ".n" of a login).
 */
public final class NameParts implements Serializable {
  private static final long serialVersionUID = 1L;
  static final int ALONE_MIN = 3;
  static final int FUZZY_MIN = 6;
  /** OCR words up to this length are painted whole around a name; longer ones (URLs, paths) only at the name. */
  static final int WHOLE_WORD_MAX = 24;
  static final String KIND = "person";
  public static final NameParts NONE = new NameParts(List.of());

  /**
   * Capitalised words that commonly stand next to a name without being its other half: greetings,
   * mail headers and UI labels, weekdays and months. Never painted by the other-half rule (a name
   * part itself is still painted).
   */
  static final Set<String> NOT_NAMES = Set.of("hi", "hello", "hey", "dear", "thanks", "thank", "cheers", "regards",
      "best", "from", "to", "cc", "bcc", "re", "fwd", "fw", "subject", "sent", "inbox", "draft", "drafts", "reply",
      "forward", "the", "and", "or", "with", "by", "for", "at", "on", "in", "of", "is", "was", "has", "team", "you",
      "me", "we", "today", "yesterday", "tomorrow", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday",
      "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "jan", "feb", "mar", "apr", "jun", "jul",
      "aug", "sep", "sept", "oct", "nov", "dec", "january", "february", "march", "june", "july", "september",
      "october", "november", "december", "ok", "okay", "yes", "no", "please", "call", "meeting", "chat", "message",
      "new", "online", "offline", "away", "busy", "admin", "owner", "member", "guest", "manager", "support",
      "sales", "it", "ceo", "cto", "cfo", "vp", "invoice", "report", "project", "status", "update", "all",
      "everyone", "here", "channel", "general", "random", "via", "said", "wrote", "replied", "joined", "left",
      "added", "removed", "edited", "signed", "sign", "connected", "as", "id", "employee", "name", "email",
      "phone", "mobile", "office", "work", "home", "customer", "contact", "contacts", "account", "user",
      // places and organisations named after people ("Hadley Road", "Victoria Station")
      "road", "street", "avenue", "ave", "drive", "boulevard", "court", "place", "square", "center", "centre",
      "building", "tower", "bank", "university", "college", "school", "hospital", "clinic", "hotel", "airport",
      "station", "river", "lake", "mountain", "county", "state", "inc", "ltd", "llc", "gmbh", "corp", "group",
      "company", "foundation", "institute", "library", "museum", "theatre", "theater", "bridge", "island");

  /**
   * Common given names that are not ordinary words (resource {@code given-names.txt}: the Moby name lists
   * less an English word list): a stranger's name in a sheet row or a mail list ("Mateo Garcia") is
   * painted when one of these stands before a capitalised word.
   */
  static final Set<String> GIVEN_NAMES = loadGivenNames();

  private static Set<String> loadGivenNames() {
    try (java.io.InputStream in = NameParts.class.getResourceAsStream("given-names.txt")) {
      if (in == null) {
        throw new IllegalStateException("given-names.txt is missing from the classpath");
      }
      Set<String> out = new HashSet<>();
      for (String l : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        String n = l.strip();
        if (!n.isEmpty() && !n.startsWith("#") && !People.COMMON_WORDS.contains(n) && !NOT_NAMES.contains(n)) {
          out.add(n);
        }
      }
      return Set.copyOf(out);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Folded part -> the part it stands for (variants: accented letters read as other vowels). */
  private final Map<String, String> parts = new HashMap<>();
  private final Set<String> alone = new HashSet<>();
  private final Set<String> given = new HashSet<>();
  private final Set<String> surnames = new HashSet<>();
  /** One-deletion neighbourhood of the parts of at least {@value #FUZZY_MIN} chars -> those parts. */
  private final Map<String, List<String>> deletions = new HashMap<>();

  /** From the night's known values: every {@code person}/{@code name} value's words are parts. */
  public NameParts(List<KnownValue> values) {
    List<List<String>> names = new ArrayList<>();
    Set<List<String>> reversed = new HashSet<>();
    for (KnownValue v : values) {
      if (v == null || v.value() == null
          || !(KnownValue.PERSON.equals(v.kind()) || KnownValue.NAME.equals(v.kind()))) {
        continue;
      }
      String value = v.value().strip();
      int comma = value.indexOf(',');
      if (comma > 0) {  // "Last, First": says which part is which
        List<String> last = words(value.substring(0, comma));
        List<String> first = words(value.substring(comma + 1));
        if (!last.isEmpty() && !first.isEmpty()) {
          surnames.add(fold(last.get(last.size() - 1)));
          given.add(fold(first.get(0)));
          reversed.add(List.of(fold(last.get(last.size() - 1)), fold(first.get(0))));
        }
      }
      names.add(words(value));
    }
    for (List<String> n : names) {
      for (String w : n) {
        addPart(w);
      }
      if (n.size() >= 2) {
        String a = fold(n.get(0));
        String z = fold(n.get(n.size() - 1));
        if (!reversed.contains(List.of(a, z))) {  // "Last First" is the reverse of a known "Last, First"
          given.add(a);
          surnames.add(z);
        }
      } else if (n.size() == 1 && !surnames.contains(fold(n.get(0)))) {
        given.add(fold(n.get(0)));  // a first name or nickname alone
      }
    }
  }

  private void addPart(String word) {
    String f = fold(word);
    if (f.isEmpty()) {
      return;
    }
    parts.put(f, f);
    String norm = People.norm(word).replaceAll("[^\\p{L}\\p{N}]", "");
    if (f.length() >= ALONE_MIN && !People.COMMON_WORDS.contains(norm) && !f.chars().allMatch(Character::isDigit)) {
      alone.add(f);
    }
    // OCR reads accented letters as other vowels ("Bjérn", "Tomés"): one accented position, any vowel
    String nfd = Normalizer.normalize(word, Normalizer.Form.NFD);
    StringBuilder base = new StringBuilder();
    List<Integer> accented = new ArrayList<>();
    for (int i = 0; i < nfd.length(); i++) {
      char c = nfd.charAt(i);
      if (Character.getType(c) == Character.NON_SPACING_MARK) {
        if (!base.isEmpty()) {
          accented.add(base.length() - 1);
        }
      } else if (Character.isLetterOrDigit(c)) {
        base.append(c);
      }
    }
    for (int pos : accented) {
      for (char vowel : "aeiou".toCharArray()) {
        StringBuilder b = new StringBuilder(base);
        b.setCharAt(pos, vowel);
        parts.putIfAbsent(fold(b.toString()), f);
      }
    }
    if (f.length() >= FUZZY_MIN) {
      for (String d : deletes(f)) {
        deletions.computeIfAbsent(d, k -> new ArrayList<>()).add(f);
      }
    }
  }

  public boolean isEmpty() {
    return parts.isEmpty();
  }

  /** Folded like known values, and "rn" read as "m" on both sides (OCR merges the two letters). */
  static String fold(String s) {
    return KnownValueIndex.fold(s).replace("rn", "m");
  }

  private static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    for (String w : s.split("[\\s,]+")) {
      if (!fold(w).isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  private static List<String> deletes(String s) {
    List<String> out = new ArrayList<>(s.length());
    for (int i = 0; i < s.length(); i++) {
      out.add(s.substring(0, i) + s.substring(i + 1));
    }
    return out;
  }

  /** A token of a line: chars [start, end) of the text, as written and folded. */
  record Token(int start, int end, String raw, String fold) {
    boolean capitalised() {
      return Character.isUpperCase(raw.codePointAt(0));
    }

    /** "Sharma": upper then lower-case letters only (not "SHARMA", not "iPhone", not "A1"). */
    boolean titleCase() {
      if (raw.length() < 2 || !Character.isUpperCase(raw.charAt(0))) {
        return false;
      }
      boolean lower = false;
      for (int i = 1; i < raw.length(); i++) {
        char c = raw.charAt(i);
        if (!Character.isLetter(c) && c != '\'' && c != '\u2019' && c != '-') {
          return false;
        }
        lower |= Character.isLowerCase(c);
      }
      return lower;
    }
  }

  static List<Token> tokens(String text) {
    List<Token> out = new ArrayList<>();
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!Character.isLetterOrDigit(text.charAt(i))) {
        i++;
        continue;
      }
      int j = i;
      while (j < n) {
        char c = text.charAt(j);
        boolean inner = (c == '\'' || c == '\u2019') && j + 1 < n && Character.isLetter(text.charAt(j + 1));
        if (!Character.isLetterOrDigit(c) && Character.getType(c) != Character.NON_SPACING_MARK && !inner) {
          break;
        }
        j++;
      }
      String raw = text.substring(i, j);
      out.add(new Token(i, j, raw, fold(raw)));
      i = j;
    }
    return out;
  }

  /** Whitespace with at most one of {@code . , ' - _} between two tokens of one name. */
  static boolean adjacent(String text, Token a, Token b) {
    int punct = 0;
    for (int k = a.end(); k < b.start(); k++) {
      char c = text.charAt(k);
      if (Character.isWhitespace(c)) {
        continue;
      }
      if (".,'\u2019-_".indexOf(c) < 0 || ++punct > 1) {
        return false;
      }
    }
    return true;
  }

  private static boolean spaceOnly(String text, Token a, Token b) {
    return b.start() > a.end() && text.substring(a.end(), b.start()).isBlank();
  }

  /** The directory part a token reads as, or null. */
  String part(Token t) {
    String p = parts.get(t.fold());
    if (p != null || t.fold().length() < FUZZY_MIN - 1 || !t.capitalised() || deletions.isEmpty()) {
      return p;
    }
    // one edit: a deletion of the token, the token itself, or a shared deletion (substitution)
    List<String> variants = new ArrayList<>(deletes(t.fold()));
    variants.add(t.fold());
    for (String v : variants) {
      if (parts.containsKey(v) && parts.get(v).length() >= FUZZY_MIN) {
        return parts.get(v);  // the token has one extra char
      }
      List<String> hit = deletions.get(v);
      if (hit != null) {
        for (String h : hit) {
          if (Math.abs(h.length() - t.fold().length()) <= 1) {
            return h;
          }
        }
      }
    }
    return null;
  }

  /** Spans [start, end) of {@code t.text} that show a name. */
  List<int[]> find(MappedText t) {
    return find(t, Set.of());
  }

  /**
   * The name tokens of an e-mail address's local part ("jane.wei4@initech.io": jane, wei), folded:
   * only first.last-like parts (two or more tokens of 2+ letters), without role words (support.team@).
   */
  static Set<String> mailNames(String email) {
    int at = email.indexOf('@');
    if (at <= 0) {
      return Set.of();
    }
    Set<String> out = new HashSet<>();
    for (String w : email.substring(0, at).split("[^\\p{L}]+")) {
      if (w.length() >= 2) {
        if (NOT_NAMES.contains(People.norm(w)) || ROLE_WORDS.contains(People.norm(w))) {
          return Set.of();
        }
        out.add(fold(w));
      }
    }
    return out.size() >= 2 ? out : Set.of();
  }

  /** Words of shared mailbox names (billing.team@, no-reply@): such an address names no one. */
  static final Set<String> ROLE_WORDS = Set.of("noreply", "no", "reply", "donotreply", "info", "billing", "accounts",
      "payable", "receivable", "helpdesk", "help", "service", "services", "notifications", "notification", "alerts",
      "alert", "security", "jobs", "careers", "hr", "press", "marketing", "finance", "ops", "devops", "dev", "test",
      "mailer", "daemon", "postmaster", "webmaster", "root", "system", "bot", "noc", "abuse", "privacy", "legal");

  /**
   * The same, and {@code mailNames}: name tokens of e-mail addresses on the same frame ({@link #mailNames});
   * a capitalised word equal to one is a name (a mail list or a sheet row shows the person next to
   * their address), then extended like a directory part.
   */
  List<int[]> find(MappedText t, Set<String> mailNames) {
    return spans(analyse(t, mailNames));
  }

  /** One line's tokens, the directory part each reads as, and which are painted. */
  static final class Line {
    final MappedText t;
    final List<Token> toks;
    final String[] part;
    final boolean[] mail;
    final boolean[] paint;

    Line(MappedText t, List<Token> toks) {
      this.t = t;
      this.toks = toks;
      this.part = new String[toks.size()];
      this.mail = new boolean[toks.size()];
      this.paint = new boolean[toks.size()];
    }

    int size() {
      return toks.size();
    }
  }

  /** Rules 1-4 on one line. */
  Line analyse(MappedText t, Set<String> mailNames) {
    String text = t.text;
    if (parts.isEmpty() && mailNames.isEmpty()) {
      return new Line(t, List.of());
    }
    Line l = new Line(t, joinSplitParts(text, tokens(text)));
    List<Token> toks = l.toks;
    String[] part = l.part;
    boolean[] paint = l.paint;
    boolean[] mail = l.mail;
    int n = toks.size();
    for (int i = 0; i < n; i++) {
      part[i] = part(toks.get(i));
      mail[i] = toks.get(i).titleCase() && mailNames.contains(toks.get(i).fold());
    }
    // 1. parts that are a name on their own, and names of an address on the frame
    for (int i = 0; i < n; i++) {
      if (part[i] != null && alone.contains(part[i]) && (part[i].length() > ALONE_MIN || toks.get(i).capitalised())
          || mail[i]) {
        paint[i] = true;
      }
    }
    // 2. the other parts next to a name part, title or initial
    for (int i = 0; i < n; i++) {
      if (part[i] != null && !paint[i]
          && (partner(text, toks, part, i, i - 1) || partner(text, toks, part, i, i + 1))) {
        paint[i] = true;
      }
    }
    // 3. initials next to a painted name ("J. Novak", "Novak J.", "jane.n")
    for (int i = 0; i < n; i++) {
      Token tk = toks.get(i);
      if (!paint[i] && tk.raw().length() == 1 && Character.isLetter(tk.raw().charAt(0))) {
        boolean dot = tk.end() < text.length() && text.charAt(tk.end()) == '.';
        boolean before = i + 1 < n && paint[i + 1] && adjacent(text, tk, toks.get(i + 1)) && tk.capitalised() && dot;
        boolean after = i > 0 && paint[i - 1] && adjacent(text, toks.get(i - 1), tk)
            && (dot || text.charAt(tk.start() - 1) == '.');
        paint[i] = before || after;
      }
    }
    // 4. the other half of a half-known name
    boolean[] extra = new boolean[n];
    for (int i = 0; i < n; i++) {
      if (!paint[i] || part[i] == null && !mail[i]) {
        continue;
      }
      if (first(l, i) && i + 1 < n && !paint[i + 1] && spaceOnly(text, toks.get(i), toks.get(i + 1))
          && otherHalf(toks.get(i + 1))) {
        extra[i + 1] = true;
      }
      if (last(l, i) && i > 0 && !paint[i - 1] && spaceOnly(text, toks.get(i - 1), toks.get(i))
          && otherHalf(toks.get(i - 1))) {
        extra[i - 1] = true;
      }
      if (last(l, i) && i + 1 < n && !paint[i + 1]
          && text.substring(toks.get(i).end(), toks.get(i + 1).start()).strip().equals(",")
          && otherHalf(toks.get(i + 1))) {
        extra[i + 1] = true;  // "Haddad, Sofia"
      }
    }
    // 5. a stranger: a common given name before a capitalised word of 3+ letters or an initial ("Mateo Garcia",
    // "Jane D."); a 2-letter word is too often an abbreviation ("Cale Ln" is "Calc Ln" misread)
    for (int i = 0; i + 1 < n; i++) {
      Token a = toks.get(i);
      Token b = toks.get(i + 1);
      if (!paint[i] && a.titleCase() && GIVEN_NAMES.contains(People.norm(a.raw())) && spaceOnly(text, a, b)
          && (otherHalf(b) && b.raw().length() >= 3 || b.raw().length() == 1 && b.capitalised() && b.end() < text.length()
          && text.charAt(b.end()) == '.')) {
        extra[i] = true;
        extra[i + 1] = true;
      }
    }
    for (int i = 0; i < n; i++) {
      paint[i] |= extra[i];
    }
    return l;
  }

  private boolean first(Line l, int i) {
    return l.mail[i] || l.part[i] != null && given.contains(l.part[i]);
  }

  private boolean last(Line l, int i) {
    return l.mail[i] || l.part[i] != null && surnames.contains(l.part[i]);
  }

  /**
   * A name wrapped from the end of {@code upper} to the start of {@code lower} (the caller checks that
   * {@code lower} is the next line of the same text block): rules 2 and 4 across the break.
   */
  void link(Line upper, Line lower) {
    if (upper.size() == 0 || lower.size() == 0) {
      return;
    }
    int u = upper.size() - 1;
    Token a = upper.toks.get(u);
    Token b = lower.toks.get(0);
    // nothing but a comma or hyphen after the upper token, nothing before the lower one
    if (!upper.t.text.substring(a.end()).strip().matches("[,\\-]?") || !lower.t.text.substring(0, b.start()).isBlank()) {
      return;
    }
    boolean aName = upper.part[u] != null || upper.mail[u];
    boolean bName = lower.part[0] != null || lower.mail[0];
    boolean paintA = upper.paint[u] || upper.part[u] != null && bName
        || lower.paint[0] && last(lower, 0) && otherHalf(a);
    boolean paintB = lower.paint[0] || lower.part[0] != null && aName
        || upper.paint[u] && first(upper, u) && otherHalf(b);
    upper.paint[u] = paintA;
    lower.paint[0] = paintB;
  }

  /** Runs of adjacent painted tokens, widened to their OCR words when those are short. */
  static List<int[]> spans(Line l) {
    List<int[]> out = new ArrayList<>();
    String text = l.t.text;
    int n = l.size();
    for (int i = 0; i < n; i++) {
      if (!l.paint[i]) {
        continue;
      }
      int j = i;
      while (j + 1 < n && l.paint[j + 1] && adjacent(text, l.toks.get(j), l.toks.get(j + 1))) {
        j++;
      }
      out.add(widen(l.t, l.toks.get(i).start(), l.toks.get(j).end()));
      i = j;
    }
    return out;
  }

  private boolean partner(String text, List<Token> toks, String[] part, int i, int j) {
    if (j < 0 || j >= toks.size()) {
      return false;
    }
    Token a = toks.get(Math.min(i, j));
    Token b = toks.get(Math.max(i, j));
    if (!adjacent(text, a, b)) {
      return false;
    }
    Token o = toks.get(j);
    return part[j] != null || People.TITLES.contains(o.fold())
        || (o.raw().length() == 1 && Character.isUpperCase(o.raw().charAt(0)));
  }

  private static boolean otherHalf(Token t) {
    return t.titleCase() && !NOT_NAMES.contains(People.norm(t.raw()));
  }

  /** Chars [a, b) grown to the whole OCR words they touch, unless a word is long or a URL, path or address. */
  static int[] widen(MappedText t, int a, int b) {
    int[] first = wordSpan(t, a);
    int[] last = wordSpan(t, b - 1);
    int s = wholeOk(t, first) ? first[0] : a;
    int e = wholeOk(t, last) ? last[1] : b;
    return new int[] {s, e};
  }

  private static int[] wordSpan(MappedText t, int i) {
    int w = t.word[i];
    int s = i;
    while (s > 0 && t.word[s - 1] == w) {
      s--;
    }
    int e = i + 1;
    while (e < t.text.length() && t.word[e] == w) {
      e++;
    }
    return new int[] {s, e};
  }

  private static boolean wholeOk(MappedText t, int[] span) {
    return span[1] - span[0] <= WHOLE_WORD_MAX && ok(t.text.substring(span[0], span[1]));
  }

  private static boolean ok(String s) {
    return s.indexOf('@') < 0 && s.indexOf('/') < 0 && s.indexOf('\\') < 0 && s.indexOf(':') < 0;
  }

  /**
   * "Yama moto", "O Brien": two tokens at most two chars apart (a space, an apostrophe), that together
   * are a part and apart are none, become one token.
   */
  private List<Token> joinSplitParts(String text, List<Token> toks) {
    List<Token> out = new ArrayList<>(toks.size());
    for (int i = 0; i < toks.size(); i++) {
      Token a = toks.get(i);
      if (i + 1 < toks.size()) {
        Token b = toks.get(i + 1);
        String joined = a.fold() + b.fold();
        if (b.start() - a.end() <= 2 && text.substring(a.end(), b.start()).replaceAll("[\\s'\u2019]", "").isEmpty()
            && joined.length() >= FUZZY_MIN - 1 && parts.containsKey(joined)
            && !parts.containsKey(a.fold()) && !parts.containsKey(b.fold())) {
          out.add(new Token(a.start(), b.end(), a.raw() + b.raw(), joined));
          i++;
          continue;
        }
      }
      out.add(a);
    }
    return out;
  }
}
