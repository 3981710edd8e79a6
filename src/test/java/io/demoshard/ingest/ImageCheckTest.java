package io.demoshard.ingest;

import io.demoshard.image.PerceptualHash;
import io.demoshard.image.Images;
import io.demoshard.model.Sha256;

import io.demoshard.SparkTestBase;
import io.demoshard.model.Counts;
import io.demoshard.model.Schemas;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageCheckTest extends SparkTestBase {
  static final String DIR = "screenshots/dt=2026-11-26/d1/s1/";

  @TempDir
  static Path root;
  static Result result;
  static Counts orphans;
  static Map<String, Row> valid;
  static Map<String, Row> quarantine;
  static byte[] png;

  static Object[] index(String id, String file, int w, int h, String format, long line) {
    return new Object[] {id, "u1", "d1", "s1", 1_000L + line, DIR + file, w, h, format, "timer", 0, "hash" + id,
        "frames/dt=2026-11-26/x.jsonl", line, "2026-11-26"};
  }

  @BeforeAll
  static void run() {
    png = Images.png(Images.editor(320, 200, "Hello"));
    byte[] jpeg = Images.jpeg(Images.editor(320, 200, "Hello"));
    Fixtures.write(root, DIR + "a.png", png);
    Fixtures.write(root, DIR + "b.jpg", jpeg);
    Fixtures.write(root, DIR + "d.png", Arrays.copyOf(png, png.length / 2));
    Fixtures.write(root, DIR + "e.png", "garbage, not an image".getBytes());
    Fixtures.write(root, DIR + "f.webp", Images.WEBP_LOSSLESS_1X1);
    Fixtures.write(root, DIR + "g.png", Images.png(Images.dashboard(40, 30)));
    Fixtures.write(root, DIR + "orphan.png", png);
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create(index("f1", "a.png", 320, 200, "png", 1)));
    rows.add(RowFactory.create(index("f2", "b.jpg", 100, 100, "jpeg", 2)));      // size mismatch
    rows.add(RowFactory.create(index("f3", "c.png", 320, 200, "png", 3)));       // missing
    rows.add(RowFactory.create(index("f4", "d.png", 320, 200, "png", 4)));       // truncated
    rows.add(RowFactory.create(index("f5", "e.png", 320, 200, "png", 5)));       // garbage
    rows.add(RowFactory.create(index("f6", "f.webp", 1, 1, "webp", 6)));
    rows.add(RowFactory.create(index("f7", "g.png", 40, 30, "jpeg", 7)));        // format mismatch
    rows.add(RowFactory.create(index("f8", "a.png", 320, 200, "png", 8)));       // same image as f1
    Dataset<Row> frameIndex = spark().createDataFrame(rows, Schemas.FRAME_INDEX);
    ImageCheck check = new ImageCheck(spark(), LineIngestTest.CFG);
    result = check.run(root.toUri().toString(), frameIndex, LineIngestTest.DAY);
    orphans = check.countOrphans(root.toUri().toString(), frameIndex, LineIngestTest.DAY);
    valid = result.valid().collectAsList().stream().collect(Collectors.toMap(r -> r.getAs("frame_id"), r -> r));
    quarantine = result.quarantine().collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("raw").replaceAll(".*\"frame_id\":\"(f\\d)\".*", "$1"), r -> r));
  }

  @Test
  void countsAddUp() {
    Counts c = result.counts();
    assertEquals(Map.of("images.checked", 8L, "images.valid", 5L, "frames.quarantined.missing_image", 1L,
        "frames.quarantined.undecodable_image", 2L, "frames.size_mismatch", 1L, "frames.format_mismatch", 1L),
        c.asMap());
    assertEquals(c.get("images.checked"), c.get("images.valid") + c.sumPrefix("frames.quarantined"));
    assertEquals(Map.of("images.listed", 7L, "frames.orphan_image", 1L), orphans.asMap());
  }

  @Test
  void validFramesCarryDecodedFacts() {
    assertEquals(Schemas.FRAME, result.valid().schema());
    assertEquals(List.of("f1", "f2", "f6", "f7", "f8"), valid.keySet().stream().sorted().toList());
    Row f2 = valid.get("f2");
    assertEquals(320, (int) f2.<Integer>getAs("width"));
    assertEquals(200, (int) f2.<Integer>getAs("height"));
    assertEquals("jpeg", f2.getAs("format"));
    assertEquals("png", valid.get("f7").getAs("format"));
    assertEquals("webp", valid.get("f6").getAs("format"));
    Row f1 = valid.get("f1");
    assertEquals(Sha256.hex(png), f1.getAs("content_hash"));
    assertEquals(png.length, (long) f1.<Long>getAs("bytes"));
    assertEquals(new PerceptualHash().hash(Images.editor(320, 200, "Hello")), (long) f1.<Long>getAs("phash"));
    assertEquals(f1.<Long>getAs("phash"), valid.get("f8").<Long>getAs("phash"));
    assertTrue(PerceptualHash.distance(f1.getAs("phash"), valid.get("f2").getAs("phash")) <= 4, "png vs jpeg");
  }

  @Test
  void badImagesAreQuarantinedWithReasons() {
    assertEquals(Schemas.QUARANTINE, result.quarantine().schema());
    assertEquals("missing_image", quarantine.get("f3").getAs("reason"));
    assertEquals("undecodable_image", quarantine.get("f4").getAs("reason"));
    assertTrue(quarantine.get("f4").<String>getAs("detail").contains("IEND"), quarantine.get("f4").toString());
    assertEquals("undecodable_image", quarantine.get("f5").getAs("reason"));
    assertEquals(4L, (long) quarantine.get("f4").<Long>getAs("src_line"));
    quarantine.values().forEach(q -> assertEquals("images", q.getAs("kind")));
  }
}
