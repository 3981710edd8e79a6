package io.demoshard.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.demoshard.config.DemoshardConfig.SimulateConfig;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Realistic screens at the default 1280x800: the people directory, PII where real screens have it,
 * and text-box truth that is tight (every box holds ink) and names what is drawn.
 */
class SimScreensTest {
  @TempDir static Path tmp;
  static Path raw;
  static List<JsonNode> truth;

  @BeforeAll
  static void simulate() throws Exception {
    raw = tmp.resolve("raw");
    new Simulator(new SimulateConfig(5, 3, 1280, 800, 3000), new Configuration()).run(raw.toUri().toString(), SimFixtures.DAY, false);
    truth = SimFixtures.json(raw.resolve("_truth/text_boxes.jsonl.gz"));
  }

  @Test
  void directoryListsEveryUserAndColleaguesWithAliases() throws Exception {
    List<String> rows = Files.readAllLines(raw.resolve("directory/people.csv"));
    assertEquals("user_id,display_name,email,aliases", rows.get(0));
    Set<String> users = new HashSet<>();
    for (JsonNode u : SimFixtures.all(raw, "_truth/users.jsonl")) users.add(u.get("user_id").asText());
    Set<String> listed = new HashSet<>();
    for (String r : rows.subList(1, rows.size())) {
      assertEquals(4, r.split(",", -1).length, "four fields, no quoting needed: " + r);
      String id = r.substring(0, r.indexOf(','));
      assertTrue(id.matches("u\\d{6}"), r);
      assertTrue(listed.add(id), "one row per person: " + r);
      assertTrue(r.contains("@acme-corp.com,"), r);
    }
    assertTrue(listed.containsAll(users), "every simulated user, consenting or not");
    assertTrue(listed.size() >= users.size() + 3, "colleagues who are not recorded");
    assertTrue(rows.stream().anyMatch(r -> r.contains("|")), "aliases are |-separated");
  }

  @Test
  void everyDecodableFrameHasTightBoxesWithInk() throws Exception {
    List<JsonNode> index = SimFixtures.all(raw, "frames");
    Set<String> frameIds = new HashSet<>();
    for (JsonNode f : index) frameIds.add(f.get("frame_id").asText());
    assertEquals(frameIds.size(), truth.size(), "one truth line per frame");
    int checked = 0;
    for (int i = 0; i < truth.size(); i += 37) {
      JsonNode t = truth.get(i);
      assertTrue(frameIds.contains(t.get("frame_id").asText()));
      BufferedImage img = ImageIO.read(raw.resolve(t.get("path").asText()).toFile());
      assertNotNull(img);
      assertTrue(t.get("boxes").size() > 5, "a real screen has text: " + t);
      for (JsonNode b : t.get("boxes")) {
        int x = b.get("x").asInt(), y = b.get("y").asInt(), w = b.get("w").asInt(), h = b.get("h").asInt();
        assertTrue(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= 1280 && y + h <= 800, b.toString());
        assertTrue(h <= 40, "one line of text: " + b);
        // tight: the box's first and last columns both hold pixels unlike the box's corner colour... at least some ink
        assertTrue(inkPixels(img, x, y, w, h) > 0, "box without ink: " + b);
      }
      checked++;
    }
    assertTrue(checked > 5);
  }

  static int inkPixels(BufferedImage img, int x, int y, int w, int h) {
    Map<Integer, Integer> counts = new HashMap<>();
    for (int yy = y; yy < y + h; yy++) for (int xx = x; xx < x + w; xx++) counts.merge(img.getRGB(xx, yy) & 0xFFFFFF, 1, Integer::sum);
    int mode = counts.entrySet().stream().max(Map.Entry.comparingByValue()).get().getKey();
    return w * h - counts.get(mode);
  }

  @Test
  void piiKindsAppearWhereRealScreensHaveThem() throws Exception {
    Map<String, Integer> kinds = new TreeMap<>();
    Set<String> apps = new TreeSet<>();
    int control = 0;
    boolean prompt = false;
    for (JsonNode t : truth) {
      for (JsonNode b : t.get("boxes")) {
        if (b.get("pii").asBoolean()) kinds.merge(b.get("kind").asText(), 1, Integer::sum);
        else {
          control++;
          assertEquals("control", b.get("kind").asText());
        }
        if (b.get("kind").asText().equals("hostname")) prompt = true;
      }
    }
    for (JsonNode e : SimFixtures.all(raw, "_truth/episodes.jsonl")) apps.add(e.get("app").asText());
    assertTrue(control > 1000, "control text: " + control);
    for (String k : List.of("email", "phone", "person", "login", "hostname", "path", "user_id"))
      assertTrue(kinds.containsKey(k), k + " boxes; got " + kinds);
    assertTrue(prompt);
    assertTrue(apps.stream().anyMatch(a -> List.of("Mail", "Outlook", "Thunderbird").contains(a)), "a mail client: " + apps);
    // names typed or shown in text channels are recorded apart from pii.jsonl
    List<JsonNode> names = SimFixtures.all(raw, "_truth/names.jsonl");
    assertTrue(names.stream().anyMatch(n -> n.get("where").asText().equals("typed") && n.get("kind").asText().equals("person")), names.toString());
  }

  @Test
  void piiBoxTextIsThePersonalDataItself() throws Exception {
    Set<String> emails = new HashSet<>();
    for (String r : Files.readAllLines(raw.resolve("directory/people.csv"))) emails.add(r.split(",")[2]);
    int seen = 0;
    for (JsonNode t : truth) {
      for (JsonNode b : t.get("boxes")) {
        String text = b.get("text").asText();
        switch (b.get("kind").asText()) {
          case "email" -> {   // whole addresses, or the prefix shown while one is typed
            assertTrue(text.matches("[^@\\s]+(@[\\w.-]*)?"), text);
            if (text.contains("@")) seen++;
          }
          case "hostname" -> assertTrue(text.matches("(mbp|win|lnx)-[0-9a-f]{10}"), text);
          case "path" -> assertTrue(text.startsWith("/home/") || text.startsWith("/Users/") || text.startsWith("C:\\Users\\"), text);
          case "control" -> assertTrue(!emails.contains(text), "a directory e-mail as control text: " + text);
          default -> { }
        }
      }
    }
    assertTrue(seen > 0);
  }
}
