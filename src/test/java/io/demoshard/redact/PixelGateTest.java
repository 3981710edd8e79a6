package io.demoshard.redact;

import io.demoshard.SparkTestBase;
import io.demoshard.config.DemoshardConfig;
import io.demoshard.config.DemoshardConfig.RedactConfig;
import io.demoshard.model.Schemas;
import io.demoshard.model.Sha256;
import io.demoshard.privacy.EpisodeGate;
import io.demoshard.privacy.scrub.TextScrubber;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pixel gate on staged frames: an episode whose frame still shows an e-mail or a session's typed
 * value is withheld (quarantined with kind, never the value); a clean one is kept; when more than
 * {@code redact.gate-max-share} of the sample shows something, the night is refused.
 */
class PixelGateTest extends SparkTestBase {
  static final DemoshardConfig CFG = DemoshardConfig.defaults();
  static Dataset<Row> episodes;
  static Dataset<Row> values;

  static byte[] png(String... lines) throws Exception {
    Screen s = new Screen(640, 200, Color.WHITE);
    int y = 20;
    for (String line : lines) {
      s.text(line, 20, y, "SansSerif", 16, Color.BLACK, null);
      y += 50;
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ImageIO.write(s.img, "png", b);
    return b.toByteArray();
  }

  static Row episode(String id, String session, byte[] image) {
    Row frame = RowFactory.create(0, 0L, "f0", "s/0.png", 640, 200, "png", 0L, Sha256.hex(image),
        (long) image.length, image, 0);
    Row step = RowFactory.create(0, 0L, "click", 1, 1, null, null, 0.1, 0.1, null, null, "left", null, null,
        null, null, null, 0);
    return RowFactory.create(id, "uk-" + id, session, 0L, 1000L, "Code", List.of("Code"), null, "linux", 640, 200,
        1000L, 1, 1, List.of(step), List.of(frame), 4L, List.of("a"));
  }

  static RedactConfig withMaxShare(double share) {
    RedactConfig c = CFG.redact();
    return new RedactConfig(c.upscale(), c.pageSegMode(), c.paddingPx(), c.minConfidence(), c.onFailure(),
        c.ocrTimeoutMs(), c.incremental(), c.gateSample(), c.gateMinFrames(), share);
  }

  @BeforeAll
  static void frames() throws Exception {
    episodes = spark().createDataFrame(List.of(
        episode("clean", "s1", png("Quarterly report", "Revenue by region")),
        episode("email", "s2", png("Quarterly report", "Contact: mira.kowalczyk@example.org")),
        episode("typed", "s3", png("Customer ref: Zanzibar Quixotic"))), Schemas.REDACTED_EPISODE).cache();
    values = spark().createDataFrame(List.of(RowFactory.create("s3",
        List.of(RowFactory.create("typed", "Zanzibar Quixotic")))), SessionValues.SCHEMA);
  }

  @Test
  void withholdsTheEpisodesWhoseFramesStillShowSomethingAndKeepsTheRest() {
    EpisodeGate.Result r = new PixelGate(withMaxShare(1.0), TextScrubber.from(CFG.privacy()), List.of())
        .apply(episodes, values);
    assertEquals(List.of("clean"), r.kept().select("episode_id").as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList());
    assertEquals(java.util.Set.of("email", "typed"), r.withheldIds());
    Map<String, Long> c = r.counts().asMap();
    assertEquals(3L, c.get(PixelGate.FRAMES_CHECKED), c.toString());
    assertEquals(2L, c.get(PixelGate.FRAMES_WITH_FINDINGS), c.toString());
    assertEquals(2L, c.get(PixelGate.WITHHELD), c.toString());
    List<Row> q = r.quarantine().collectAsList();
    assertEquals(2, q.size());
    String quarantined = q.toString();
    assertTrue(!quarantined.contains("kowalczyk") && !quarantined.contains("Zanzibar"),
        "the quarantine names kind and column, never the value: " + quarantined);
  }

  @Test
  void refusesTheNightWhenTooMuchOfTheSampleShowsSomething() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () ->
        new PixelGate(withMaxShare(0.25), TextScrubber.from(CFG.privacy()), List.of()).apply(episodes, values));
    assertTrue(e.getMessage().startsWith("privacy gate refused to publish: 2 of 3 sampled frames"), e.getMessage());
  }
}
