package io.demoshard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoFunnelTest {
  @Test
  void rendersTheFunnelWithTheBiggestDropsFirst() throws Exception {
    var m = new ObjectMapper().readTree("""
        {"total_rows": 20, "splits": {"train": {"rows": 14}, "val": {"rows": 3}, "test": {"rows": 3}},
         "counts": {"events.lines": 1000, "frames.lines": 200, "events.quarantined.bad_json": 5,
           "events.duplicate": 15, "events.policy.not_included": 680, "consent.events.no_consent": 300,
           "consent.events.excluded_region": 380,
           "events.not_action": 100, "events.used": 180, "events.deduplicated": 20, "episodes.segmented": 30}}""");
    String text = DemoFunnel.render(m);
    assertTrue(text.contains("1,200 raw lines (1,000 events, 200 frame index)"), text);
    assertTrue(text.contains("1,000 lines -> 980 valid -> 300 of included users -> 180 in published episodes"), text);
    assertTrue(text.contains("30 segmented -> 20 published (train 14, val 3, test 3)"), text);
    assertTrue(text.contains("biggest drops of event lines: consent/region (excluded_region 380, no_consent 300) 680"
        + " (68%), not_action 100 (10%), deduplicated 20 (2%), duplicate 15 (2%)"), text);
  }
}
