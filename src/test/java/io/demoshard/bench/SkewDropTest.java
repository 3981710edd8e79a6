package io.demoshard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The skew drop is one valid RAW_FORMAT.md session: every event of it, in order, with its screenshots. */
class SkewDropTest {
  static final ObjectMapper M = new ObjectMapper();
  static final LocalDate DAY = LocalDate.parse("2026-11-20");

  @Test
  void oneSessionOfExactlyTheAskedEvents(@TempDir Path raw) throws IOException {
    SkewDrop.Summary s = new SkewDrop(raw, DAY, 320, 200).write(250_001);
    List<JsonNode> events = read(raw.resolve("events"));
    assertEquals(250_001, events.size());
    assertEquals(3, s.eventFiles()); // 100k events a file
    assertEquals("session_start", events.get(0).get("type").asText());
    assertEquals("session_end", events.get(events.size() - 1).get("type").asText());
    long dayStart = DAY.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    for (int i = 0; i < events.size(); i++) {
      JsonNode e = events.get(i);
      assertEquals(i, e.get("seq").asLong());
      assertEquals(SkewDrop.SESSION, e.get("session_id").asText());
      assertEquals(SkewDrop.USER, e.get("user_id").asText());
      long ts = e.get("ts").asLong();
      assertTrue(ts >= dayStart && ts < dayStart + 86_400_000L, "inside the day");
    }
    List<JsonNode> frames = read(raw.resolve("frames"));
    assertEquals(s.frames(), frames.size());
    assertTrue(frames.size() > 1000);
    for (JsonNode f : frames) {
      Path img = raw.resolve(f.get("path").asText());
      assertTrue(Files.size(img) > 100, "every indexed screenshot exists");
    }
    assertTrue(Files.readString(raw.resolve("consent/consent.csv")).contains(SkewDrop.USER + ",granted,US,"));
  }

  static List<JsonNode> read(Path dir) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(f)),
          StandardCharsets.UTF_8))) {
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          out.add(M.readTree(l));
        }
      }
    }
    return out;
  }
}
