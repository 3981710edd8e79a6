package io.demoshard.bench;

import io.demoshard.SparkTestBase;
import io.demoshard.config.DemoshardConfig.SimulateConfig;
import io.demoshard.sim.Simulator;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The floors read every line and every image byte of a tiny simulated day: counts match the files. */
class FloorJobsTest extends SparkTestBase {
  static final LocalDate DAY = LocalDate.parse("2025-03-12");

  @TempDir
  static Path dir;
  static Path raw;
  static RawDay day;

  @BeforeAll
  static void simulate() throws IOException {
    raw = dir.resolve("raw");
    new Simulator(new SimulateConfig(3, 11, 320, 200, 3000), new Configuration()).run(raw.toUri().toString(), DAY,
        false);
    day = new RawDay(raw.toUri().toString(), DAY, 1, 1);
  }

  @Test
  void ioFloorWritesEveryLineAndByte() {
    FloorResult r = new IoFloor(spark()).run(day, dir.resolve("io").toUri().toString());
    assertEquals(lines("events", false), r.eventLines());
    assertEquals(lines("frames", false), r.frameLines());
    List<Path> images = files("screenshots");
    assertTrue(images.size() > 10, "the day has screenshots");
    assertEquals(images.size(), r.images());
    assertEquals(images.stream().mapToLong(FloorJobsTest::size).sum(), r.imageBytes());
    assertEquals(0, r.decoded());
  }

  @Test
  void decodeFloorDecodesEveryImage() {
    FloorResult r = new DecodeFloor(spark()).run(day, dir.resolve("decode").toUri().toString());
    List<Path> images = files("screenshots");
    assertEquals(images.size(), r.images());
    assertEquals(images.size(), r.decoded()); // no faults injected: every screenshot decodes
    assertEquals(lines("events", false), r.eventLines());
  }

  @Test
  void eventFloorParsesEveryNonBlankLine() {
    FloorResult r = new EventFloor(spark()).run(day, dir.resolve("event").toUri().toString());
    assertEquals(lines("events", true), r.eventLines());
    assertEquals(lines("frames", true), r.frameLines());
    assertTrue(r.eventLines() > 100);
    long corrupt = spark().read().parquet(dir.resolve("event/events").toString())
        .where(org.apache.spark.sql.functions.col("_corrupt_record").isNotNull()
            .or(org.apache.spark.sql.functions.col("type").isNull())).count();
    assertEquals(0, corrupt, "a clean day parses into typed columns");
  }

  static List<Path> files(String area) {
    try (Stream<Path> s = Files.walk(raw.resolve(area))) {
      return s.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Lines of the area's NDJSON files counted with plain Java; blank lines only when {@code skipBlank} is false. */
  static long lines(String area, boolean skipBlank) {
    long n = 0;
    for (Path f : files(area)) {
      String name = f.getFileName().toString();
      if (!name.endsWith(".jsonl") && !name.endsWith(".jsonl.gz")) {
        continue;
      }
      try (InputStream in = name.endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(f))
          : Files.newInputStream(f);
           BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          if (!skipBlank || !l.isBlank()) {
            n++;
          }
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return n;
  }

  static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
