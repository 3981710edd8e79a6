package io.demoshard.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventParserTest {
  private final EventParser parser = new EventParser();

  static final String COMMON = "\"v\":1,\"event_id\":\"e1\",\"user_id\":\"u004213\",\"device_id\":\"d1\","
      + "\"session_id\":\"s1\",\"seq\":7,\"ts\":1764201600000";

  static String ev(String type, String extra) {
    return "{" + COMMON + ",\"type\":\"" + type + "\"" + (extra.isEmpty() ? "" : "," + extra) + "}";
  }

  /** One valid line of every type. */
  static final String[][] VALID = {
      {"session_start", "\"screen_w\":1280,\"screen_h\":800,\"scale\":2.0,\"os\":\"macos\",\"recorder\":\"1.4.2\""},
      {"session_end", "\"reason\":\"lock\""},
      {"focus", "\"app\":\"Google Chrome\",\"title\":\"Inbox - a@b.com\",\"url\":\"https://mail.x/?t=1\""},
      {"key_down", "\"key\":\"a\",\"modifiers\":[\"shift\"],\"secure\":false,\"repeat\":false"},
      {"key_up", "\"key\":\"Enter\",\"modifiers\":[],\"secure\":false,\"repeat\":true"},
      {"mouse_move", "\"x\":10,\"y\":-3"},
      {"mouse_down", "\"x\":10,\"y\":20,\"button\":\"left\""},
      {"mouse_up", "\"x\":10,\"y\":20,\"button\":\"middle\""},
      {"scroll", "\"x\":1,\"y\":2,\"dx\":0,\"dy\":-120"},
      {"task_start", "\"task_id\":\"t1\",\"label\":\"book travel\""},
      {"task_end", "\"task_id\":\"t1\",\"status\":\"abandoned\""},
  };

  @Test
  void everyTypeParses() {
    assertEquals(EventParser.TYPES.size(), VALID.length);
    for (String[] v : VALID) {
      ParseResult r = parser.parse(ev(v[0], v[1]));
      assertTrue(r.ok(), v[0] + ": " + r);
      assertEquals(v[0], r.get("type"));
      assertEquals("e1", r.get("event_id"));
      assertEquals(7L, r.get("seq"));
      assertEquals(1764201600000L, r.get("ts"));
      assertEquals(0, r.unknownFields(), v[0]);
      assertFalse(r.unknownType());
      assertEquals(64, r.payloadHash().length());
    }
  }

  @Test
  void typeSpecificValues() {
    ParseResult s = parser.parse(ev(VALID[0][0], VALID[0][1]));
    assertEquals(1280, s.get("screen_w"));
    assertEquals(2.0, s.get("scale"));
    assertEquals("macos", s.get("os"));
    ParseResult k = parser.parse(ev(VALID[3][0], VALID[3][1]));
    assertEquals("a", k.get("key"));
    assertEquals(List.of("shift"), k.get("modifiers"));
    assertEquals(false, k.get("secure"));
    ParseResult sc = parser.parse(ev(VALID[8][0], VALID[8][1]));
    assertEquals(-120, sc.get("dy"));
    assertNull(sc.get("button"));
    ParseResult f = parser.parse(ev("focus", "\"app\":\"Code\",\"title\":\"\""));
    assertTrue(f.ok(), f.toString());
    assertNull(f.get("url"));
  }

  @Test
  void descriptiveFieldsAreOptionalSoOtherRecordersDoNotLoseEvents() {
    ParseResult k = parser.parse(ev("key_down", "\"key\":\"a\",\"secure\":false"));
    assertTrue(k.ok(), k.toString());
    assertEquals(List.of(), k.get("modifiers"));
    assertEquals(false, k.get("repeat"));
    ParseResult m = parser.parse(ev("key_down", "\"key\":\"a\",\"modifiers\":[\"Shift\",\"fn\"],\"secure\":false"));
    assertTrue(m.ok(), m.toString());
    assertEquals(List.of("shift", "fn"), m.get("modifiers"));
    ParseResult f = parser.parse(ev("focus", "\"app\":\"Code\""));
    assertTrue(f.ok(), f.toString());
    assertNull(f.get("title"));
    // a focus without an app keeps its title: the denylist must still see it
    ParseResult t = parser.parse(ev("focus", "\"title\":\"Online Banking\""));
    assertTrue(t.ok(), t.toString());
    assertEquals("Online Banking", t.get("title"));
    assertNull(t.get("app"));
    ParseResult s = parser.parse(ev("session_start", "\"screen_w\":1280,\"screen_h\":800"));
    assertTrue(s.ok(), s.toString());
    assertNull(s.get("os"));
    // secure stays required: a key of unknown secrecy is never kept
    assertFalse(parser.parse(ev("key_down", "\"key\":\"a\"")).ok());
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      // syntax and shape
      "bad_json            | {\"v\":1,",
      "bad_json            | not json at all",
      "bad_json            | '   '",
      "bad_json            | {\"v\":1} {\"v\":1}",
      "bad_json            | {\"v\":1,\"v\":1}",
      "not_object          | [1,2]",
      "not_object          | 42",
      "not_object          | \"text\"",
      // version
      "missing_field       | {\"event_id\":\"e\"}",
      "wrong_type          | {\"v\":\"1\"}",
      "unsupported_version | {\"v\":2,\"event_id\":\"e\"}",
      // common fields
      "missing_field       | {\"v\":1,\"event_id\":\"e1\",\"user_id\":\"u\",\"device_id\":\"d\",\"session_id\":\"s\",\"seq\":1,\"type\":\"mouse_move\",\"x\":1,\"y\":1}",
      "missing_field       | {\"v\":1,\"event_id\":null,\"user_id\":\"u\",\"device_id\":\"d\",\"session_id\":\"s\",\"seq\":1,\"ts\":5,\"type\":\"mouse_move\",\"x\":1,\"y\":1}",
      "wrong_type          | {\"v\":1,\"event_id\":5,\"user_id\":\"u\",\"device_id\":\"d\",\"session_id\":\"s\",\"seq\":1,\"ts\":5,\"type\":\"mouse_move\",\"x\":1,\"y\":1}",
      "wrong_type          | {\"v\":1,\"event_id\":\"e\",\"user_id\":\"u\",\"device_id\":\"d\",\"session_id\":\"s\",\"seq\":1.5,\"ts\":5,\"type\":\"mouse_move\",\"x\":1,\"y\":1}",
      "wrong_type          | {\"v\":1,\"event_id\":\"e\",\"user_id\":\"u\",\"device_id\":\"d\",\"session_id\":\"s\",\"seq\":1,\"ts\":\"5\",\"type\":\"mouse_move\",\"x\":1,\"y\":1}",
      "bad_value           | {\"v\":1,\"event_id\":\"\",\"user_id\":\"u\",\"device_id\":\"d\",\"session_id\":\"s\",\"seq\":1,\"ts\":5,\"type\":\"mouse_move\",\"x\":1,\"y\":1}",
      "bad_value           | {\"v\":1,\"event_id\":\"e\",\"user_id\":\"u\",\"device_id\":\"d\",\"session_id\":\"s\",\"seq\":1,\"ts\":99999999999999999999,\"type\":\"mouse_move\",\"x\":1,\"y\":1}",
  })
  void rejectsShapeAndCommonFields(String reason, String line) {
    ParseResult r = parser.parse(line);
    assertFalse(r.ok(), line);
    assertEquals(reason, r.reason(), r.toString());
    assertTrue(r.detail() != null && !r.detail().isEmpty());
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      "session_start | missing_field | \"screen_h\":800,\"scale\":1,\"os\":\"linux\",\"recorder\":\"1\"",
      "session_start | bad_value     | \"screen_w\":0,\"screen_h\":800,\"scale\":1,\"os\":\"linux\",\"recorder\":\"1\"",
      "session_start | bad_value     | \"screen_w\":1280,\"screen_h\":-1,\"scale\":1,\"os\":\"linux\",\"recorder\":\"1\"",
      "session_start | bad_value     | \"screen_w\":1280,\"screen_h\":800,\"scale\":1,\"os\":\"beos\",\"recorder\":\"1\"",
      "session_start | wrong_type    | \"screen_w\":1280.5,\"screen_h\":800,\"scale\":1,\"os\":\"linux\",\"recorder\":\"1\"",
      "session_start | wrong_type    | \"screen_w\":1280,\"screen_h\":800,\"scale\":\"2x\",\"os\":\"linux\",\"recorder\":\"1\"",
      "session_start | bad_value     | \"screen_w\":1280,\"screen_h\":800,\"scale\":0,\"os\":\"linux\",\"recorder\":\"1\"",
      "session_start | bad_value     | \"screen_w\":4294967296,\"screen_h\":800,\"scale\":1,\"os\":\"linux\",\"recorder\":\"1\"",
      "session_end   | missing_field | \"why\":\"lock\"",
      "session_end   | bad_value     | \"reason\":\"crash\"",
      "focus         | wrong_type    | \"app\":7,\"title\":\"x\"",
      "focus         | wrong_type    | \"app\":\"Code\",\"title\":7",
      "focus         | wrong_type    | \"app\":\"Code\",\"title\":\"x\",\"url\":7",
      "key_down      | missing_field | \"modifiers\":[],\"secure\":false,\"repeat\":false",
      "key_down      | missing_field | \"key\":\"a\",\"modifiers\":[],\"repeat\":false",
      "key_down      | wrong_type    | \"key\":\"a\",\"modifiers\":[],\"secure\":\"no\",\"repeat\":false",
      "key_up        | wrong_type    | \"key\":\"a\",\"modifiers\":\"shift\",\"secure\":false,\"repeat\":false",
      "key_up        | wrong_type    | \"key\":\"a\",\"modifiers\":[7],\"secure\":false,\"repeat\":false",
      "key_up        | wrong_type    | \"key\":\"a\",\"modifiers\":[],\"secure\":false,\"repeat\":1",
      "key_up        | wrong_type    | \"key\":65,\"modifiers\":[],\"secure\":false,\"repeat\":false",
      "mouse_move    | missing_field | \"x\":1",
      "mouse_move    | wrong_type    | \"x\":1,\"y\":\"2\"",
      "mouse_down    | missing_field | \"x\":1,\"y\":2",
      "mouse_down    | bad_value     | \"x\":1,\"y\":2,\"button\":\"back\"",
      "mouse_up      | wrong_type    | \"x\":1,\"y\":2,\"button\":1",
      "scroll        | missing_field | \"x\":1,\"y\":2,\"dx\":0",
      "scroll        | wrong_type    | \"x\":1,\"y\":2,\"dx\":0,\"dy\":true",
      "task_start    | missing_field | \"label\":\"x\"",
      "task_start    | wrong_type    | \"task_id\":\"t\",\"label\":[]",
      "task_end      | missing_field | \"task_id\":\"t\"",
      "task_end      | bad_value     | \"task_id\":\"t\",\"status\":\"maybe\"",
  })
  void rejectsTypeFields(String type, String reason, String extra) {
    ParseResult r = parser.parse(ev(type, extra));
    assertFalse(r.ok(), extra);
    assertEquals(reason, r.reason(), r.toString());
  }

  @Test
  void secureKeyIsNeverKept() {
    String line = ev("key_down", "\"key\":\"Z\",\"modifiers\":[],\"secure\":true,\"repeat\":false");
    ParseResult r = parser.parse(line);
    assertTrue(r.ok(), r.toString());
    assertNull(r.get("key"));
    assertEquals(true, r.get("secure"));
    assertEquals(0, r.unknownFields());
    for (Object v : r.values()) {
      assertNotEquals("Z", v);
    }
    // the hash does not depend on the secret: other key, same hash
    String other = ev("key_down", "\"key\":\"Q\",\"modifiers\":[],\"secure\":true,\"repeat\":false");
    assertEquals(r.payloadHash(), parser.parse(other).payloadHash());
    // a secure key without key text is fine
    assertTrue(parser.parse(ev("key_up", "\"modifiers\":[],\"secure\":true,\"repeat\":false")).ok());
  }

  @Test
  void quarantinedRawIsRedacted() {
    // parses, then fails validation: the key of a secure event must not survive in raw
    ParseResult r = parser.parse(ev("key_down", "\"key\":\"s3cretZ\",\"modifiers\":[],\"secure\":true,\"repeat\":7"));
    assertEquals("wrong_type", r.reason());
    assertFalse(r.raw().contains("s3cretZ"), r.raw());
    assertTrue(r.raw().contains("\"key\":\"<redacted>\""), r.raw());
    // does not parse (cut line): still redacted, even a string cut short
    ParseResult cut = parser.parse("{\"v\":1,\"type\":\"key_down\",\"key\":\"s3cretZ\",\"title\":\"Bank of X");
    assertEquals("bad_json", cut.reason());
    assertFalse(cut.raw().contains("s3cretZ"), cut.raw());
    assertFalse(cut.raw().contains("Bank of X"), cut.raw());
    // free text and URLs of a failing focus line
    ParseResult f = parser.parse(ev("focus", "\"app\":7,\"title\":\"Inbox jane@x.org\",\"url\":\"https://x/?tok=abc\""));
    assertEquals("wrong_type", f.reason());
    assertFalse(f.raw().contains("jane@x.org") || f.raw().contains("tok=abc"), f.raw());
    // label, nested and unquoted values too
    ParseResult t = parser.parse("{\"v\":1,\"label\":\"my salary\",\"x\":{\"url\":\"http://a\"}} trailing");
    assertFalse(t.raw().contains("salary") || t.raw().contains("http://a"), t.raw());
    ParseResult u = parser.parse("{\"key\": Zpw1secret, \"v\":1");
    assertFalse(u.raw().contains("Zpw1secret"), u.raw());
    assertFalse(u.detail().contains("Zpw1secret"), "Jackson quotes tokens; the detail must not: " + u.detail());
    assertTrue(u.detail().contains("column"), u.detail());
  }

  @Test
  void byteOrderMarkIsTolerated() {
    assertTrue(parser.parse("\uFEFF" + ev("session_end", "\"reason\":\"pause\"")).ok());
  }

  @Test
  void rawIsCappedAt4k() {
    String big = "x".repeat(10_000) + "é".repeat(3000);
    ParseResult r = parser.parse(big);
    assertEquals("bad_json", r.reason());
    assertTrue(r.raw().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= Redactor.MAX_RAW_BYTES);
    String multi = "é".repeat(3000);
    String capped = Redactor.cap(multi);
    assertTrue(capped.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 4096);
    assertEquals(2048, capped.length());
  }

  @Test
  void unknownTypeAndFieldsAreCountedNotQuarantined() {
    ParseResult u = parser.parse(ev("window_resize", "\"w\":10,\"h\":20"));
    assertTrue(u.ok(), u.toString());
    assertTrue(u.unknownType());
    assertEquals("window_resize", u.get("type"));
    assertEquals(2, u.unknownFields());
    ParseResult f = parser.parse(ev("mouse_move", "\"x\":1,\"y\":2,\"pressure\":0.3,\"button\":\"left\""));
    assertTrue(f.ok(), f.toString());
    assertEquals(2, f.unknownFields(), "pressure, and button which mouse_move does not carry");
    assertNull(f.get("button"));
  }

  @Test
  void payloadHashIsCanonical() {
    String a = "{\"v\":1,\"event_id\":\"e\",\"user_id\":\"u\",\"device_id\":\"d\",\"session_id\":\"s\",\"seq\":1,\"ts\":5,"
        + "\"type\":\"mouse_move\",\"x\":1,\"y\":2}";
    String b = "{\"y\":2, \"x\":1, \"type\":\"mouse_move\",\"ts\":5,\"seq\":1,\"session_id\":\"s\",\"device_id\":\"d\","
        + "\"user_id\":\"u\",\"event_id\":\"e\",\"v\":1}";
    String c = a.replace("\"y\":2", "\"y\":3");
    assertEquals(parser.parse(a).payloadHash(), parser.parse(b).payloadHash());
    assertNotEquals(parser.parse(a).payloadHash(), parser.parse(c).payloadHash());
  }
}
