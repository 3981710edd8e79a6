package io.demoshard.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * A mail client: the message list shows senders (names and addresses, colleagues from the directory
 * and outside contacts), the preview pane the sender, recipient, body and signature with a phone
 * number. The employee opens a message, maybe scrolls the list, replies and sends with the shortcut.
 */
final class MailTask extends TaskGen {
  static final List<String> SUBJECTS = List.of("Invoice 4471 overdue", "Re: Q3 forecast", "Access request for billing-db",
      "Team offsite agenda", "Your expense report", "Re: vendor onboarding", "Contract renewal", "Incident review notes");

  @Override String app(SimUser u) {
    return switch (u.os) { case "macos" -> "Mail"; case "windows" -> "Outlook"; default -> "Thunderbird"; };
  }

  static String title(SimUser u) { return "Inbox - " + u.person.email(); }

  @Override Screen open(SessionBuilder b) {
    pii(b, "email", b.u.person.email(), "title");
    List<String> items = new ArrayList<>();
    for (int i = 0; i < b.r.between(8, 16); i++) items.add(item(b));
    return Screen.of(app(b.u), title(b.u), null).lines(items).focus(-1)
        .side(List.of(b.u.person.displayName(), b.u.person.email(), "Connected as " + b.u.login()));
  }

  /** One list entry "sender|address|subject": a colleague, or an outside contact. */
  static String item(SessionBuilder b) {
    Rng r = b.r;
    if (r.chance(0.6)) {
      People.Person p = b.s.people.colleague(r, b.u.person);
      return p.displayName() + "|" + p.email() + "|" + r.pick(SUBJECTS);
    }
    String name = Pii.name(r);
    String email = name.toLowerCase().replace(' ', '.') + r.between(1, 99) + "@" + r.pick("globex.com", "initech.io", "hooli.example");
    shown(b, "person", name);
    shown(b, "email", email);
    return name + "|" + email + "|" + r.pick(SUBJECTS);
  }

  /** The preview pane of an item: headers, body and signature. */
  static List<String> preview(SessionBuilder b, String item) {
    String[] m = item.split("\\|", -1);
    String phone = Pii.phone(b.r);
    shown(b, "phone", phone);
    return List.of("From: " + m[0] + " <" + m[1] + ">", "To: " + b.u.person.displayName() + " <" + b.u.person.email() + ">",
        "Subject: " + m[2], "", "Hi " + b.u.person.calledBy() + ",", "could you have a look before Friday?",
        "The numbers are in the shared folder.", "", "Best regards,", m[0], "Mobile: " + phone);
  }

  @Override String label(SessionBuilder b) { return b.r.pick("answer customer mails", "inbox zero", "reply to finance"); }

  @Override void run(SessionBuilder b) {
    Rng r = b.r;
    Layout L = b.L;
    Screen sc = b.cur();
    if (r.chance(0.3)) {   // a new message arrives and shows a notification first
      String it = item(b);
      String[] m = it.split("\\|", -1);
      List<String> items = new ArrayList<>(sc.lines());
      items.add(0, it);
      b.show(b.t, sc.lines(items).toast(m[0] + "\t" + m[2]));
      b.waitMs(r.between(1500, 4000));
      b.show(b.t, b.cur().toast(""));
    }
    if (r.chance(0.4) && b.cur().lines().size() > L.mailItems()) {
      b.scroll(L.w / 3, L.h / 2, r.between(2, 4), 2 * L.lh, i -> b.cur().scroll(i + 1));
      b.think();
    }
    sc = b.cur();
    int vis = Math.min(L.mailItems(), sc.lines().size() - sc.scroll());
    int row = r.between(0, Math.max(0, vis - 1));
    int idx = sc.scroll() + row;
    String it = sc.lines().get(idx);
    String sender = it.split("\\|", -1)[0];
    b.click(L.side() + L.w / 8, L.mailItemY(row) + L.lh, sc.focus(idx).fields(preview(b, it)).title(it.split("\\|", -1)[2] + " - " + title(b.u)));
    b.focus(b.cur());
    b.think();
    b.click(L.mailPreviewX() + L.w / 32, L.mailReplyY(), b.cur().input(""));
    People.Person me = b.u.person;
    String first = sender.contains(" ") ? sender.substring(0, sender.indexOf(' ')) : sender;
    boolean common = People.COMMON_WORDS.contains(first);
    String greet = common ? sender : first;
    String text = switch (r.r.nextInt(3)) {
      case 0 -> {
        String p = Pii.phone(r);
        pii(b, "phone", p, "typed");
        yield "Hi " + greet + ", call me at " + p + " and we sort it out.";
      }
      case 1 -> "Hi " + greet + ", thanks, I will check and come back to you today.";
      default -> "Thanks " + greet + ", done. Regards, " + me.calledBy();
    };
    name(b, greet, "typed");
    if (text.endsWith(me.calledBy())) name(b, me.calledBy(), "typed");
    b.type(text, s -> b.cur().input(s));
    b.think();
    b.shortcut("Enter", b.cur().input("").title("Sent - " + title(b.u)));
  }
}
