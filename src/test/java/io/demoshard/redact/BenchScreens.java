package io.demoshard.redact;

import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Realistic 1280x800 work screens with PII where real screens have it, for the redaction benchmark:
 * a browser URL bar, a mail sidebar with contacts in small grey text, a mail list (sender names,
 * addresses, subjects), a chat panel (phones, IBANs, cards among ordinary messages), a terminal
 * with a {@code user@host} prompt and home paths, a notification toast, and a compose field that
 * is typed into a few characters per frame. Light or dark theme and the font vary by session.
 */
final class BenchScreens {
  static final String[] FIRST = {"Jane", "Tomas", "Aiko", "Marta", "Luis", "Priya", "Olek", "Chen", "Fatima", "Noah",
      "Ingrid", "Mateo", "Sanna", "Kwame", "Elif", "Ravi"};
  static final String[] LAST = {"Novak", "Berg", "Tanaka", "Kowalska", "Garcia", "Sharma", "Nowicki", "Wei", "Haddad",
      "Fischer", "Larsen", "Rossi", "Virtanen", "Mensah", "Yilmaz", "Iyer"};
  static final String[] SUBJECTS = {"Quarterly report", "Build failed on main", "Re: offsite agenda", "Invoice approved",
      "Design review notes", "Weekly sync", "Release 4.2 checklist", "Lunch on Friday?", "Updated roadmap",
      "Expense policy update"};
  static final String[] CHAT = {"Let's sync tomorrow morning", "The deploy is green again", "Can you review my PR?",
      "Meeting moved to 3 pm", "Thanks, looks good", "I pushed the fix to staging"};
  static final String[] FOLDERS = {"Inbox", "Starred", "Snoozed", "Sent", "Drafts", "Archive", "Spam"};

  record Person(String first, String last, String email, String login) {
    String name() {
      return first + " " + last;
    }
  }

  record Frame(Screen screen, List<KnownValue> typedSoFar) {}

  /** One session: its frames and what its user typed (the session values). */
  record Session(List<Screen> frames, List<KnownValue> typed) {}

  final List<Person> people = new ArrayList<>();

  BenchScreens(long seed) {
    Random r = new Random(seed);
    for (int i = 0; i < FIRST.length; i++) {
      String f = FIRST[i];
      String l = LAST[(i * 7 + 3) % LAST.length];
      String email = (f + "." + l).toLowerCase() + (r.nextInt(3) == 0 ? String.valueOf(10 + r.nextInt(90)) : "")
          + "@" + (r.nextBoolean() ? "example.org" : "acme-corp.com");
      people.add(new Person(f, l, email, (f.charAt(0) + l).toLowerCase()));
    }
  }

  /** The people directory as known values (names, e-mails, logins). */
  List<KnownValue> directory() {
    List<KnownValue> out = new ArrayList<>();
    for (Person p : people) {
      out.add(new KnownValue("name", p.name()));
      out.add(new KnownValue("email", p.email()));
      out.add(new KnownValue("login", p.login()));
    }
    return out;
  }

  static String phone(Random r) {
    return switch (r.nextInt(3)) {
      case 0 -> "+1 415 555 " + (1000 + r.nextInt(9000));
      case 1 -> "+44 20 7946 " + (1000 + r.nextInt(9000));
      default -> "+49 30 901820" + r.nextInt(10);
    };
  }

  Session session(long seed, int frames) {
    Random r = new Random(seed);
    boolean dark = r.nextInt(3) == 0;
    String[] families = {Font.SANS_SERIF, Font.SANS_SERIF, Font.SERIF, "DejaVu Sans"};
    String family = families[r.nextInt(families.length)];
    int base = 12 + r.nextInt(4);  // 12-15 px body text
    Person me = people.get(r.nextInt(people.size()));
    Person to = people.get(r.nextInt(people.size()));
    String host = (r.nextBoolean() ? "WIN-" : "DESKTOP-") + Long.toString(r.nextLong() & 0xFFFFFFFL, 36).toUpperCase();
    String typedPhone = phone(r);
    String compose = "Hi " + to.first() + ", call me on " + typedPhone + " or write " + me.email() + " thanks";
    List<Screen> out = new ArrayList<>();
    long layoutSeed = r.nextLong();
    int perFrame = Math.max(3, compose.length() / Math.max(1, frames - 1));
    for (int i = 0; i < frames; i++) {
      int typed = Math.min(compose.length(), 10 + i * perFrame);
      out.add(draw(new Random(layoutSeed), dark, family, base, me, host, compose, typed, i >= frames / 2));
    }
    return new Session(out, List.of(new KnownValue("phone", typedPhone), new KnownValue("email", me.email())));
  }

  private Screen draw(Random r, boolean dark, String family, int base, Person me, String host, String compose,
                      int typed, boolean toast) {
    Color bg = dark ? new Color(32, 33, 36) : new Color(252, 252, 253);
    Color ink = dark ? new Color(232, 234, 237) : new Color(32, 33, 36);
    Color grey = dark ? new Color(154, 160, 166) : new Color(95, 99, 104);
    Color panel = dark ? new Color(41, 42, 45) : new Color(241, 243, 244);
    Screen s = new Screen(1280, 800, bg);
    // browser chrome and URL bar
    s.fill(0, 0, 1280, 40, panel);
    s.text("https://mail.example.com/mail/u/0/#inbox", 90, 12, family, 13, ink, null);
    // sidebar: folders and contacts in small grey text
    s.fill(0, 40, 220, 520, panel);
    for (int i = 0; i < FOLDERS.length; i++) {
      s.text(FOLDERS[i], 20, 60 + i * 26, family, base, ink, null);
    }
    s.text("Contacts", 20, 260, family, 11, grey, null);
    for (int i = 0; i < 5; i++) {
      Person p = people.get(r.nextInt(people.size()));
      s.text(p.name(), 20, 282 + i * 20, family, 11, grey, "name");
    }
    // mail list: sender, address, subject, time
    for (int i = 0; i < 8; i++) {
      Person p = people.get(r.nextInt(people.size()));
      int y = 56 + i * 46;
      s.text(p.name(), 240, y, family, base, ink, "name");
      s.text(p.email(), 240, y + base + 6, family, 11, grey, "email");
      s.text(SUBJECTS[r.nextInt(SUBJECTS.length)], 470, y, family, base, ink, null);
      s.text(String.format("%d:%02d", 8 + r.nextInt(10), r.nextInt(60)), 700, y, family, 11, grey, null);
    }
    // chat panel
    s.fill(780, 40, 500, 520, panel);
    s.text("Team chat", 800, 52, family, base + 2, ink, null);
    for (int i = 0; i < 7; i++) {
      Person p = people.get(r.nextInt(people.size()));
      int y = 86 + i * 50;
      s.text(p.first() + " " + p.last(), 800, y, family, 11, grey, "name");
      int kind = r.nextInt(6);
      int my = y + 18;
      switch (kind) {
        case 0 -> s.labelled("call me at", phone(r), 800, my, family, base, ink, "phone");
        case 1 -> s.labelled("IBAN", "DE89 3704 0044 0532 0130 00", 800, my, family, base, ink, "iban");
        case 2 -> s.labelled("card:", "4111 1111 1111 1111", 800, my, family, base, ink, "card");
        default -> s.text(CHAT[r.nextInt(CHAT.length)], 800, my, family, base, ink, null);
      }
    }
    // compose field, typed into a few characters per frame
    s.fill(230, 440, 540, 34, dark ? new Color(48, 49, 52) : Color.WHITE);
    drawTyped(s, compose, typed, 240, 448, family, base, ink);
    // notification toast
    if (toast) {
      s.fill(980, 500, 290, 50, dark ? new Color(60, 64, 67) : new Color(232, 240, 254));
      s.labelled("New message from", people.get(r.nextInt(people.size())).name(), 992, 516, family, 12, ink, "name");
    }
    // terminal: always dark
    s.fill(0, 560, 1280, 240, new Color(24, 24, 24));
    Color term = new Color(204, 204, 204);
    String mono = Font.MONOSPACED;
    int tp = 12 + r.nextInt(2);
    String user = me.login();
    Rectangle who = s.text(user + "@" + host.toLowerCase(), 10, 572, mono, tp, term, "host");
    Rectangle prompt = s.text(":~/proj$", who.x + who.width, 572, mono, tp, term, "");
    s.text("git status", prompt.x + prompt.width + s.spaceWidth(mono, tp), 572, mono, tp, term, null);
    s.text("On branch main", 10, 594, mono, tp, term, null);
    s.text("Your branch is up to date with 'origin/main'.", 10, 616, mono, tp, term, null);
    boolean windows = r.nextBoolean();
    String pre = windows ? "PS C:\\Users\\" : "ls /home/";
    Rectangle a = s.text(pre, 10, 638, mono, tp, term, "");
    Rectangle b = s.text(user, a.x + a.width, 638, mono, tp, term, "home_path");
    s.text(windows ? "\\Documents" : "/src", b.x + b.width, 638, mono, tp, term, "");
    s.text("Connected to " + host, 10, 660, mono, tp, term, "");
    s.truth.add(new Screen.Truth(hostBox(s, "Connected to ", host, 10, 660, mono, tp), host, "host"));
    s.text("npm run build -- --watch", 10, 682, mono, tp, term, null);
    s.dispose();
    return s;
  }

  private static Rectangle hostBox(Screen s, String before, String host, int x, int y, String family, int px) {
    java.awt.Graphics2D g = s.img.createGraphics();
    g.setFont(new Font(family, Font.PLAIN, px));
    java.awt.FontMetrics fm = g.getFontMetrics();
    int x0 = x + fm.stringWidth(before);
    Rectangle r = new Rectangle(x0, y + fm.getAscent() - fm.getAscent() * 3 / 4 - 1, fm.stringWidth(host),
        fm.getAscent() * 3 / 4 + fm.getDescent() / 2 + 2);
    g.dispose();
    return r;
  }

  /** The first {@code n} chars of the compose text; PII parts count as truth only once typed whole. */
  private static void drawTyped(Screen s, String text, int n, int x, int y, String family, int px, Color ink) {
    String shown = text.substring(0, n);
    // split into tokens so that the phone and the address get their own truth boxes
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\+[0-9 ]{9,16}[0-9]|[\\w.]+@[\\w.-]+\\.[a-z]{2,}")
        .matcher(text);
    int pos = 0;
    int cx = x;
    while (pos < shown.length()) {
      int start = shown.length();
      int end = shown.length();
      String kind = "";
      if (m.find(pos)) {
        start = Math.min(m.start(), shown.length());
        end = Math.min(m.end(), shown.length());
        kind = m.end() <= shown.length() ? (m.group().contains("@") ? "email" : "phone") : "";
      }
      if (start > pos) {
        Rectangle r = s.text(shown.substring(pos, start), cx, y, family, px, ink, "");
        cx = r.x + r.width;
      }
      if (end > start) {
        Rectangle r = s.text(shown.substring(start, end), cx, y, family, px, ink, kind);
        cx = r.x + r.width;
      }
      pos = Math.max(end, start);
      if (start == shown.length()) {
        break;
      }
    }
  }
}
