package io.demoshard.sim;

import java.util.List;

/** Slack: switch channel, read back, write messages (sometimes with a phone number or e-mail). */
final class ChatTask extends TaskGen {
  static final List<String> CHANNELS = List.of("# general", "# billing-dev", "# incidents", "# random", "@ Priya Sharma", "@ Lucas Silva");

  @Override String app(SimUser u) { return "Slack"; }

  static String title(String ch) {
    return ch.startsWith("#") ? ch.substring(2) + " (Channel) - Acme - Slack" : ch.substring(2) + " (DM) - Acme - Slack";
  }

  @Override Screen open(SessionBuilder b) {
    return Screen.of("Slack", title(CHANNELS.get(0)), null).fields(CHANNELS).focus(0).lines(history(b.r, 12));
  }

  @Override String label(SessionBuilder b) { return b.r.pick("answer questions in #billing-dev", "incident follow-up", "team sync"); }

  static List<String> history(Rng r, int n) {
    String[] who = {"priya", "lucas", "amara", "kenji", "sofia"};
    String[] what = {"deploy is green", "can someone review my PR?", "standup in 5", "invoice job failed again", "thanks!", "lunch?", "looking into it"};
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) out.add(who[r.r.nextInt(who.length)] + ": " + what[r.r.nextInt(what.length)]);
    return out;
  }

  @Override void run(SessionBuilder b) {
    Rng r = b.r;
    Layout L = b.L;
    int ch = r.between(0, CHANNELS.size() - 1);
    b.click(L.w / 10, L.sideY(ch), b.cur().focus(ch).title(title(CHANNELS.get(ch))).lines(history(r, 14)).scroll(0).input(""));
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
      int pick = r.r.nextInt(6);
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
      } else {
        text = r.pick("Looks good to me, merging now.", "I'll take a look after lunch.", "Deploy finished, all checks green.",
            "Can you share the dashboard link?", "Rolled back, investigating.");
      }
      b.type(text, s -> b.cur().input(s));
      b.key("Enter", 1, i -> b.cur().addLine("me: " + text).input(""));
    }
  }
}
