package io.demoshard.privacy;

import io.demoshard.model.FrameRef;
import io.demoshard.model.RawEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SensitiveSpanFilterTest {
  final SensitiveSpanFilter f = new SensitiveSpanFilter(
      new Denylist(List.of("*1password*", "keychain*", "*bank*")),
      new Denylist(List.of("*payslip*", "*online banking*")));

  static RawEvent focus(String id, long ts, String app, String title, String url) {
    return new RawEvent(id, ts, ts, "focus", null, null, null, null, app, title, url, null, List.of(), false, false,
        null, null, null, null, null, null, null, null);
  }

  static RawEvent key(String id, long ts) {
    return new RawEvent(id, ts, ts, "key_down", null, null, null, null, null, null, null, "a", List.of(), false, false,
        null, null, null, null, null, null, null, null);
  }

  static FrameRef frame(String id, long ts) {
    return new FrameRef(id, ts, "p/" + id + ".png", 10, 10, "png", "timer", 0L, "h" + id, 100L);
  }

  static List<String> ids(List<RawEvent> es) {
    return es.stream().map(RawEvent::eventId).toList();
  }

  @Test
  void globs() {
    Denylist d = new Denylist(List.of("*bank*", "keychain*", "sla?k"));
    assertTrue(d.matches("MyBANK Online"));
    assertTrue(d.matches("Keychain Access"));
    assertFalse(d.matches("Open Keychain"));
    assertTrue(d.matches("Slack"));
    assertFalse(d.matches("Slaack"));
    assertFalse(d.matches(null));
    assertTrue(new Denylist(List.of("a.b(c)")).matches("A.B(C)"), "regex metacharacters are literal");
    assertFalse(new Denylist(List.of("a.b")).matches("axb"));
  }

  @Test
  void spanRunsUntilNextNonDenylistedFocusAndDropsItsFrames() {
    List<RawEvent> events = List.of(
        key("k0", 50),
        focus("f1", 100, "Code", "main.java", null),
        key("k1", 150),
        focus("f2", 200, "1Password 8", "Vault", null),
        key("k2", 250),
        focus("f3", 300, "Google Chrome", "Online Banking - Login", "https://example.com/"), // still denylisted (title)
        key("k3", 350),
        focus("f4", 400, "Terminal", "zsh", null),
        key("k4", 450),
        focus("f5", 500, "Safari", "Home", "https://www.mybank.com/accounts?x=1"),       // denylisted by URL host
        key("k5", 550));
    List<FrameRef> frames = List.of(frame("a", 120), frame("b", 200), frame("c", 260), frame("d", 400),
        frame("e", 420), frame("g", 499), frame("h", 600));
    SensitiveSpanFilter.Result r = f.apply(events, frames);
    assertEquals(List.of("k0", "f1", "k1", "f4", "k4"), ids(r.events()));
    assertEquals(List.of("a", "e", "g"), r.frames().stream().map(FrameRef::frameId).toList(),
        "frames at 200..400 (inclusive) and from 500 on are dropped");
    assertEquals(6, r.counts().get(SensitiveSpanFilter.EVENTS_COUNTER));
    assertEquals(4, r.counts().get(SensitiveSpanFilter.FRAMES_COUNTER));
  }

  @Test
  void nothingDenylistedKeepsEverything() {
    List<RawEvent> events = List.of(focus("f1", 100, "Code", "x", null), key("k1", 150));
    SensitiveSpanFilter.Result r = f.apply(events, List.of(frame("a", 120)));
    assertEquals(2, r.events().size());
    assertEquals(1, r.frames().size());
    assertEquals(0, r.counts().get(SensitiveSpanFilter.EVENTS_COUNTER));
  }

  @Test
  void urlHost() {
    assertEquals("www.mybank.com", SensitiveSpanFilter.host("https://www.MyBank.com/a?b"));
    assertEquals("intranet", SensitiveSpanFilter.host("http://user@intranet:8080/x"));
    assertEquals(null, SensitiveSpanFilter.host(""));
  }
}
