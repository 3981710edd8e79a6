package io.demoshard.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameIndexParserTest {
  private final FrameIndexParser parser = new FrameIndexParser();

  static String frame(String path, String extra) {
    return "{\"v\":1,\"frame_id\":\"f1\",\"user_id\":\"u1\",\"device_id\":\"d1\",\"session_id\":\"s1\","
        + "\"ts\":1764201600000,\"path\":\"" + path + "\",\"width\":64,\"height\":48" + extra + "}";
  }

  @Test
  void validLine() {
    ParseResult r = parser.parse(frame("screenshots/dt=2026-11-27/d1/s1/f1.png", ",\"format\":\"png\",\"trigger\":\"timer\""));
    assertTrue(r.ok(), r.toString());
    assertEquals("f1", r.get("frame_id"));
    assertEquals(64, r.get("width"));
    assertEquals("png", r.get("format"));
    assertEquals("timer", r.get("trigger"));
    assertEquals(0, r.unknownFields());
    ParseResult extra = parser.parse(frame("a/b.png", ",\"format\":\"webp\",\"trigger\":\"change\",\"dpi\":2"));
    assertTrue(extra.ok());
    assertEquals(1, extra.unknownFields());
  }

  @ParameterizedTest(name = "{0}: {1} {2}")
  @CsvSource(delimiter = '|', value = {
      "missing_field | a/b.png   | ,\"trigger\":\"timer\"",
      "bad_value     | a/b.png   | ,\"format\":\"gif\",\"trigger\":\"timer\"",
      "bad_value     | a/b.png   | ,\"format\":\"png\",\"trigger\":\"manual\"",
      "wrong_type    | a/b.png   | ,\"format\":1,\"trigger\":\"timer\"",
      "bad_value     | /etc/x.png | ,\"format\":\"png\",\"trigger\":\"timer\"",
      "bad_value     | a/../../x.png | ,\"format\":\"png\",\"trigger\":\"timer\"",
      "bad_value     | s3a://b/x.png | ,\"format\":\"png\",\"trigger\":\"timer\"",
  })
  void rejects(String reason, String path, String extra) {
    ParseResult r = parser.parse(frame(path, extra));
    assertFalse(r.ok());
    assertEquals(reason, r.reason(), r.toString());
  }

  @Test
  void versionAndShape() {
    assertEquals("unsupported_version", parser.parse("{\"v\":3,\"frame_id\":\"f\"}").reason());
    assertEquals("not_object", parser.parse("null").reason());
    assertEquals("missing_field", parser.parse("{\"v\":1,\"frame_id\":\"f\"}").reason());
    assertEquals("wrong_type", parser.parse(frame("a.png", ",\"format\":\"png\",\"trigger\":\"timer\"")
        .replace("\"ts\":1764201600000", "\"ts\":1.7e12")).reason());
  }
}
