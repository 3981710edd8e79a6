package io.demoshard.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demoshard.config.DemoshardConfig.SimulateConfig;
import org.apache.hadoop.conf.Configuration;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Small simulated days shared by the Sim* tests (tiny screens, few users: the machine is shared). */
final class SimFixtures {
  static final ObjectMapper M = new ObjectMapper();
  static final LocalDate DAY = LocalDate.parse("2025-03-12");

  private SimFixtures() {}

  static SimulationSummary simulate(Path dir, int users, long seed, boolean faults) throws IOException {
    return new Simulator(new SimulateConfig(users, seed, 320, 200, 3000), new Configuration())
        .run(dir.toUri().toString(), DAY, faults);
  }

  static List<Path> files(Path root, String sub) throws IOException {
    Path p = root.resolve(sub);
    if (!Files.exists(p)) return List.of();
    try (Stream<Path> s = Files.walk(p)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  static List<String> lines(Path f) throws IOException {
    byte[] b = Files.readAllBytes(f);
    InputStream in = new ByteArrayInputStream(b);
    if (f.toString().endsWith(".gz")) in = new GZIPInputStream(in);
    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    for (String l : text.split("\n")) if (!l.isEmpty()) out.add(l);
    return out;
  }

  static List<JsonNode> json(Path f) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String l : lines(f)) out.add(M.readTree(l));
    return out;
  }

  static List<JsonNode> all(Path root, String sub) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (Path f : files(root, sub)) out.addAll(json(f));
    return out;
  }
}
