package io.demoshard.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Slack: switch channel, read back, write messages (sometimes with a phone number, an e-mail or a
 * colleague's name). The history is written by colleagues from the people directory; two direct
 * messages are with colleagues too.
 */
final class ChatTask extends TaskGen {
  static final List<String> ROOMS = List.of("# general", "# billing-dev", "# incidents", "# random");

  @Override String app(SimUser u) { return "Slack"; }

  static String title(String ch) {
    return ch.startsWith("#") ? ch.substring(2) + " (Channel) - Acme - Slack" : ch.substring(2) + " (DM) - Acme - Slack";
  }

  /** The sidebar: channels, then direct messages with two colleagues. */
  static List<String> channels(SessionBuilder b) {
    Rng r = new Rng(Rng.derive(b.s.seedForIds, "dms", 0));   // fixed per session: the sidebar does not change
    People.Person me = b.u.person;
    People.Person a = b.s.people.colleague(r, me);
    People.Person c;
    do { c = b.s.people.colleague(r, me); } while (c == a && b.s.people.people.size() > 2);
    List<String> out = new ArrayList<>(ROOMS);
    out.add("@ " + a.displayName());
    out.add("@ " + c.displayName());
    return out;
  }

  @Override Screen open(SessionBuilder b) {
    List<String> ch = channels(b);
    return Screen.of("Slack", title(ch.get(0)), null).fields(ch).focus(0).lines(history(b, 12))
        .side(List.of(b.u.person.displayName() + " (you)", "acme-corp.slack.com"));
  }

  @Override String label(SessionBuilder b) { return b.r.pick("answer questions in #billing-dev", "incident follow-up", "team sync"); }

  /** Messages by colleagues, some naming another colleague or giving contact details. */
  static List<String> history(SessionBuilder b, int n) {
    Rng r = b.r;
    String[] what = {"deploy is green", "can someone review my PR?", "standup in 5", "invoice job failed again", "thanks!", "lunch?", "looking into it"};
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      People.Person who = b.s.people.colleague(r, b.u.person);
      String text = switch (r.r.nextInt(10)) {
        case 0 -> { People.Person o = b.s.people.colleague(r, who); yield "@" + o.calledBy() + " can you take this one?"; }
        case 1 -> { People.Person o = b.s.people.colleague(r, who); yield "ping " + o.email() + " about access"; }
        case 2 -> { String p = Pii.phone(r); shown(b, "phone", p); yield "on call today: " + p; }
        default -> what[r.r.nextInt(what.length)];
      };
      out.add(who.displayName() + ": " + text);
    }
    return out;
  }

  @Override void run(SessionBuilder b) {
    Rng r = b.r;
    Layout L = b.L;
    List<String> chans = channels(b);   // also when the window was first opened by a glance at a notification
    int ch = r.between(0, chans.size() - 1);
    String t = title(chans.get(ch));
    if (chans.get(ch).startsWith("@")) name(b, chans.get(ch).substring(2), "title");
    b.click(L.w / 10, L.sideY(ch), b.cur().fields(chans).side(List.of(b.u.person.displayName() + " (you)", "acme-corp.slack.com")).focus(ch).title(t).lines(history(b, 14)).scroll(0).input(""));
    b.focus(b.cur());
    int msgs = r.between(1, 3);
    if (r.chance(0.6)) {
      b.think();
      b.scroll(L.w / 2, L.h / 2, r.between(3, 8), -3 * L.lh, i -> b.cur().scroll(i + 1));
    }
    for (int m = 0; m < msgs; m++) {
      b.think();
      b.click(L.chatMsgX() + L.w / 4, L.chatInputY(), b.cur().scroll(0));
      String text;
      int pick = r.r.nextInt(7);
      if (pick == 0) {
        String p = Pii.phone(r);
        text = "Call me at " + p + " if it breaks again";
        TaskGen.pii(b, "phone", p, "typed");
      } else if (pick == 1) {
        String e = Pii.email(r);
        text = "Ask " + e + " for the export";
        TaskGen.pii(b, "email", e, "typed");
      } else if (pick == 2 && r.chance(0.5)) {
        String tk = Pii.slackToken(r);
        text = "Bot token for staging is " + tk;
        TaskGen.pii(b, "token", tk, "typed");
      } else if (pick == 3) {
        People.Person o = b.s.people.colleague(r, b.u.person);
        text = "Thanks " + o.calledBy() + ", merging now.";
        name(b, o.calledBy(), "typed");
      } else {
        text = r.pick("Looks good to me, merging now.", "I'll take a look after lunch.", "Deploy finished, all checks green.",
            "Can you share the dashboard link?", "Rolled back, investigating.");
      }
      String me = b.u.person.displayName();
      b.type(text, s -> b.cur().input(s));
      b.key("Enter", 1, i -> b.cur().addLine(me + ": " + text).input(""));
    }
  }
}
