package io.demoshard.sim;

import java.util.ArrayList;
import java.util.List;

/** Web forms in Chrome: CRM contacts, checkout, vendor setup, HR tax form, a login, a search. */
final class BrowserTask extends TaskGen {
  @Override String app(SimUser u) { return "Google Chrome"; }

  @Override Screen open(SessionBuilder b) {
    return Screen.of("Google Chrome", "New Tab - Google Chrome", "chrome://newtab/").lines(List.of("New Tab", "Search"));
  }

  @Override String label(SessionBuilder b) {
    return b.r.chance(0.3) ? labelWithEmail(b) : b.r.pick("enter new CRM contact", "pay supplier invoice", "vendor onboarding", "check weekly report");
  }

  private String labelWithEmail(SessionBuilder b) {
    String e = Pii.email(b.r);
    pii(b, "email", e, "label");
    return "follow up with " + e;
  }

  @Override void run(SessionBuilder b) {
    Rng r = b.r;
    Layout L = b.L;
    String kind = r.pick("crm", "pay", "vendor", "hr", "login", "search");
    String host = switch (kind) {
      case "crm" -> "crm.acme-corp.com/contacts/new";
      case "pay" -> "billing.acme-corp.com/checkout";
      case "vendor" -> "erp.acme-corp.com/vendors/new";
      case "hr" -> "hr.acme-corp.com/onboarding/tax";
      case "login" -> "portal.acme-corp.com/login";
      default -> "www.google.com";
    };
    // new tab, type the address, Enter
    b.shortcut("t", b.cur().url("chrome://newtab/").title("New Tab - Google Chrome").fields(List.of()).lines(List.of("New Tab", "Search")).scroll(0).focus(-1).side(List.of()));
    b.type(host, s -> b.cur().url(s));
    List<String> fields;
    List<String> values = new ArrayList<>();
    List<String> piiKinds = new ArrayList<>();
    String name = Pii.name(r);
    shown(b, "person", name);   // typed (and shown) only where a form asks for it; registered for the frames
    switch (kind) {
      case "crm" -> { fields = List.of("Name=", "Email=", "Phone=", "Company="); values.addAll(List.of(name, Pii.email(r), Pii.phone(r), r.pick("Globex", "Initech", "Umbrella"))); piiKinds.addAll(java.util.Arrays.asList(null, "email", "phone", null)); }
      case "pay" -> { fields = List.of("Cardholder=", "Card number=", "Expiry=", "CVC="); values.addAll(List.of(name, Pii.card(r), String.format("%02d/%02d", r.between(1, 12), r.between(26, 31)), r.digits(3))); piiKinds.addAll(java.util.Arrays.asList(null, "card", null, null)); }
      case "vendor" -> { fields = List.of("Company=", "IBAN=", "Contact email="); values.addAll(List.of(r.pick("Globex GmbH", "Initech BV", "Hooli SARL"), Pii.iban(r), Pii.email(r))); piiKinds.addAll(java.util.Arrays.asList(null, "iban", "email")); }
      case "hr" -> { fields = List.of("Full name=", "SSN=", "Phone="); values.addAll(List.of(name, Pii.ssn(r), Pii.phone(r))); piiKinds.addAll(java.util.Arrays.asList(null, "ssn", "phone")); }
      case "login" -> { fields = List.of("Email=", "*Password="); values.addAll(List.of(Pii.email(r), Pii.password(r))); piiKinds.addAll(java.util.Arrays.asList("email", "password")); }
      default -> { fields = List.of("Search="); values.add(r.pick("quarterly revenue template", "python decimal rounding", "iso 3166 country codes")); piiKinds.add(null); }
    }
    String button = kind.equals("login") ? "Sign in" : kind.equals("search") ? "Search" : "Save";
    String title = switch (kind) {
      case "crm" -> "New contact - Acme CRM"; case "pay" -> "Checkout - Acme Billing"; case "vendor" -> "New vendor - Acme ERP";
      case "hr" -> "Tax information - Acme HR"; case "login" -> "Sign in - Acme Portal"; default -> "Google";
    };
    // intranet pages say who is signed in, in small grey text on the right
    List<String> rail = kind.equals("search") || kind.equals("login") ? List.of()
        : List.of("Signed in as " + b.u.person.displayName(), "Employee ID " + b.u.id, b.u.person.email(), "Last sign-in from " + b.u.deviceId);
    b.key("Enter", 1, i -> b.cur().url("https://" + host).title(title + " - Google Chrome").lines(List.of(title, button)).fields(fields).focus(-1).side(rail));
    b.waitMs(r.between(600, 2000));   // page load
    b.focus(b.cur());
    for (int i = 0; i < fields.size(); i++) {
      b.think();
      final int fi = i;
      int fy = L.fieldY(i) + L.fieldH() / 2;
      if (i > 0 && r.chance(0.35) && !fields.get(i).startsWith("*")) b.key("Tab", 1, p -> b.cur().focus(fi));
      else b.click(L.formX() + r.between(10, L.fieldW() - 10), fy, b.cur().focus(i));
      String v = values.get(i);
      if (fields.get(i).startsWith("*")) {
        b.typeSecure(v, s -> b.cur().setField(fi, s));
        pii(b, "password", v, "secure");
      } else {
        b.type(v, s -> b.cur().setField(fi, s));
        if (piiKinds.get(i) != null) pii(b, piiKinds.get(i), v, "typed");
        else if (v.equals(name)) name(b, name, "typed");
        if (r.chance(0.15)) {   // select the field and type it again
          b.multiClick(L.formX() + 20, fy, 3, null);
          b.type(v, s -> b.cur().setField(fi, s));
        }
      }
    }
    if (r.chance(0.4)) {
      b.scroll(L.w / 2, L.h / 2, r.between(2, 5), 2 * L.lh, i -> b.cur().scroll(i + 1));
      b.think();
      b.scroll(L.w / 2, L.h / 2, r.between(2, 5), -2 * L.lh, i -> b.cur().scroll(0));
    }
    b.think();
    b.click(L.formX() + L.w / 20, L.fieldY(fields.size()) + L.fieldH() / 2, null);
    b.waitMs(r.between(500, 1500));
    Screen done = switch (kind) {
      case "crm" -> {
        String email = values.get(1);
        String url = "https://crm.acme-corp.com/contacts/" + r.between(10000, 99999) + "?email=" + email;
        String t = name + " <" + email + "> - Acme CRM";
        pii(b, "email", email, "url");
        pii(b, "email", email, "title");
        name(b, name, "title");
        yield b.cur().url(url).title(t).lines(List.of(name, "Edit", "Email: " + email, "Phone: " + values.get(2)));
      }
      case "login" -> {
        // the portal redirects with the session token and the account in the query string
        String token = Pii.githubToken(r).substring(4, 36);
        String email = values.get(0);
        pii(b, "token", token, "url");
        pii(b, "email", email, "url");
        yield b.cur().url("https://portal.acme-corp.com/reports?session=" + token + "&user=" + email).title("Reports - Acme Portal").fields(List.of())
            .lines(List.of("Weekly reports", "Export", "Revenue  +4.2%", "Churn  1.1%"))
            .side(List.of("Signed in as " + b.u.person.displayName(), b.u.person.email()));
      }
      case "search" -> b.cur().url("https://www.google.com/search?q=" + values.get(0).replace(' ', '+')).title(values.get(0) + " - Google Search").fields(List.of())
          .lines(List.of(values.get(0), "Search", "Result 1 - docs.python.org", "Result 2 - stackoverflow.com", "Result 3 - wikipedia.org"));
      default -> b.cur().title("Saved - " + title).lines(List.of("Saved", "Back", "Record stored"));
    };
    b.focus(done.title(done.title().endsWith(" - Google Chrome") ? done.title() : done.title() + " - Google Chrome"));
    if (done.fields().isEmpty() && r.chance(0.6)) {
      b.think();
      b.scroll(L.w / 2, L.h / 2, r.between(2, 6), 2 * L.lh, i -> b.cur().scroll(i + 1));
    }
  }
}
