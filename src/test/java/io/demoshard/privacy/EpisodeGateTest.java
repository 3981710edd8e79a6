package io.demoshard.privacy;

import io.demoshard.SparkTestBase;
import io.demoshard.config.DemoshardConfig;
import io.demoshard.model.Schemas;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.demoshard.privacy.EpisodePrivacyTest.episode;
import static io.demoshard.privacy.EpisodePrivacyTest.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EpisodeGateTest extends SparkTestBase {
  static final String LEAK = "jane.doe@example.com";

  static Dataset<Row> night(int clean, int leaking) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < clean; i++) {
      rows.add(episode("e" + i, "k" + (i % 7), "Code", List.of("Code"), "deploy hotfix",
          List.of(step(0, 0, "click", null), step(1, 100, "type", "git status"))));
    }
    for (int i = 0; i < leaking; i++) {
      rows.add(episode("bad" + i, "kbad", "Code", List.of("Code"), "deploy",
          List.of(step(0, 0, "type", "mail " + LEAK), step(1, 100, "click", null))));
    }
    return spark().createDataFrame(rows, Schemas.EPISODE);
  }

  static EpisodeGate gate(double max) {
    return new EpisodeGate(PrivacyGate.from(DemoshardConfig.defaults().privacy()), max);
  }

  @Test
  void anEpisodeWithAFindingIsWithheldAndTheRestGoesOn() {
    EpisodeGate.Result r = gate(0.01).apply(night(99, 1));
    assertEquals(99, r.kept().count());
    assertEquals(0, r.kept().where("episode_id = 'bad0'").count());
    assertEquals(Set.of("bad0"), r.withheldIds());
    assertEquals(1, r.counts().get(EpisodeGate.WITHHELD));
    assertEquals(1, r.counts().get("privacy.gate_findings.email"));
    assertEquals(4, r.counts().get(EpisodeGate.EVENTS_WITHHELD)); // num_raw_events of the withheld episode
    assertEquals(2, r.counts().get(EpisodeGate.FRAMES_WITHHELD));
    List<Row> q = r.quarantine().collectAsList();
    assertEquals(1, q.size());
    Row row = q.get(0);
    assertEquals(EpisodeGate.REASON, row.getAs("reason"));
    String raw = row.getAs("raw");
    assertTrue(raw.contains("\"episode_id\":\"bad0\"") && raw.contains("\"user_key\":\"kbad\""), raw);
    assertTrue(raw.contains("\"column\":\"steps.text\"") && raw.contains("\"kind\":\"email\""), raw);
    assertTrue(((String) row.getAs("detail")).contains("email in steps.text (1)"));
    for (int i = 0; i < row.size(); i++) {
      assertFalse(String.valueOf(row.get(i)).contains("jane"), "never the value: " + row);
    }
  }

  @Test
  void aCleanNightPassesUntouched() {
    EpisodeGate.Result r = gate(0.01).apply(night(20, 0));
    assertEquals(20, r.kept().count());
    assertEquals(0, r.counts().get(EpisodeGate.WITHHELD));
    assertEquals(0, r.quarantine().count());
  }

  @Test
  void withholdingMoreThanTheLimitFailsTheNight() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> gate(0.01).apply(night(98, 2)));
    assertTrue(e.getMessage().contains("2 of 100 episodes"), e.getMessage());
    assertFalse(e.getMessage().contains("jane"), e.getMessage());
    // a higher limit publishes the rest
    assertEquals(98, gate(0.05).apply(night(98, 2)).kept().count());
  }

  @Test
  void aSmallNightNeverFailsOnOneString() {
    // 1 of 20 is 5%, above the 1% limit, but a single withheld episode is one odd string, not a broken detector
    EpisodeGate.Result r = gate(0.01).apply(night(19, 1));
    assertEquals(19, r.kept().count());
    assertEquals(Set.of("bad0"), r.withheldIds());
    assertThrows(IllegalStateException.class, () -> gate(0.01).apply(night(18, 2)));
  }
}
