package io.demoshard.segment;

import io.demoshard.config.DemoshardConfig;
import io.demoshard.config.DemoshardConfig.SegmentConfig;
import io.demoshard.model.RawEvent;
import io.demoshard.reduce.Accounting;
import io.demoshard.reduce.Action;
import io.demoshard.reduce.Rec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import static io.demoshard.reduce.Rec.rec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmenterTest {
  /** Defaults but min-steps 1, so that every non-empty segment is an episode. */
  static final SegmentConfig ONE = new SegmentConfig(60_000, 10_000, 200, 15 * 60_000, 1);

  static Segmentation segment(Rec r, SegmentConfig cfg) {
    List<RawEvent> ev = r.events();
    List<Action> actions = Accounting.reduce(ev).actions();
    Segmentation s = new Segmenter(cfg).segment(ev, actions);
    assertPartition(actions, s);
    return s;
  }

  /** Episodes and dropped episodes together hold every action once, each a contiguous run, in order. */
  public static void assertPartition(List<Action> actions, Segmentation s) {
    Map<Action, Integer> pos = new IdentityHashMap<>();
    for (int i = 0; i < actions.size(); i++) {
      pos.put(actions.get(i), i);
    }
    List<EpisodeDraft> all = new ArrayList<>(s.episodes());
    all.addAll(s.droppedShort());
    all.sort((a, b) -> Integer.compare(pos.get(a.actions().get(0)), pos.get(b.actions().get(0))));
    int next = 0;
    for (EpisodeDraft d : all) {
      assertTrue(!d.actions().isEmpty(), "empty episode");
      for (Action a : d.actions()) {
        assertEquals(next++, pos.get(a), "actions of episodes must be contiguous and in order");
      }
      assertEquals(d.actions().get(0).startTs(), d.startTs());
      assertTrue(d.endTs() >= d.actions().get(d.actions().size() - 1).endTs());
    }
    assertEquals(actions.size(), next, "every action in exactly one episode");
  }

  /** n left clicks 30 px apart (never a multi-click), {@code gapMs} apart. */
  static Rec clicks(Rec r, int n, long gapMs) {
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        r.pause(gapMs);
      }
      r.click(100 + 30 * (i % 20), 100);
    }
    return r;
  }

  static List<Integer> sizes(List<EpisodeDraft> e) {
    return e.stream().map(d -> d.actions().size()).toList();
  }

  static List<String> boundaries(List<EpisodeDraft> e) {
    return e.stream().map(EpisodeDraft::boundary).toList();
  }

  @Test
  void defaultsMatchConfiguredDefaults() {
    SegmentConfig d = DemoshardConfig.defaults().segment();
    assertEquals(new SegmentConfig(60_000, 10_000, 200, 15 * 60_000, 3), d);
  }

  @Test
  void markersBoundEpisodes() {
    Rec r = rec().sessionStart().focus("Code");
    clicks(r, 2, 100).taskStart("t1", "write the report");
    clicks(r, 3, 100).taskEnd("t1");
    clicks(r, 2, 100).sessionEnd();
    Segmentation s = segment(r, ONE);
    assertEquals(List.of(2, 3, 2), sizes(s.episodes()));
    assertEquals(List.of("task_start", "task_end", "session_end"), boundaries(s.episodes()));
    EpisodeDraft task = s.episodes().get(1);
    assertEquals("t1", task.taskId());
    assertEquals("write the report", task.taskLabel());
    assertNull(s.episodes().get(0).taskId());
    assertNull(s.episodes().get(2).taskLabel());
  }

  @Test
  void unclosedMarkerRunsToNextTaskStartOrSessionEnd() {
    Rec r = rec().taskStart("t1", null);
    clicks(r, 2, 100).taskStart("t2", "second");
    clicks(r, 3, 100);
    Segmentation s = segment(r, ONE);
    assertEquals(List.of(2, 3), sizes(s.episodes()));
    assertEquals(List.of("t1", "t2"), s.episodes().stream().map(EpisodeDraft::taskId).toList());
    assertEquals(List.of("task_start", "session_end"), boundaries(s.episodes()));
  }

  @Test
  void insideMarkersOnlyCapsApply() {
    Rec r = rec().focus("Code").taskStart("t1", null);
    clicks(r, 2, 100).pause(120_000).focus("Slack");
    clicks(r, 2, 100).pause(30_000).focus("Code").click(5, 5).taskEnd("t1");
    Segmentation s = segment(r, ONE);
    assertEquals(List.of(5), sizes(s.episodes()));
    assertEquals(List.of("Code", "Slack"), s.episodes().get(0).apps());
  }

  @Test
  void strayTaskEndIsIgnored() {
    Rec r = rec();
    clicks(r, 2, 100).taskEnd("lost");
    clicks(r, 2, 100);
    assertEquals(List.of(4), sizes(segment(r, ONE).episodes()));
  }

  @Test
  void sessionEndEndsOpenTaskAndSessionStartCuts() {
    Rec r = rec().taskStart("t1", null);
    clicks(r, 2, 100).sessionEnd();
    clicks(r, 1, 100).sessionStart();
    clicks(r, 1, 100);
    Segmentation s = segment(r, ONE);
    assertEquals(List.of(2, 1, 1), sizes(s.episodes()));
    assertEquals(List.of("session_end", "session_start", "session_end"), boundaries(s.episodes()));
    assertEquals("t1", s.episodes().get(0).taskId());
    assertNull(s.episodes().get(1).taskId());
  }

  @Test
  void idleGapLongerThanLimitCuts() {
    Rec atLimit = rec().step(0).click(10, 10).pause(60_000).click(200, 200);
    assertEquals(List.of(2), sizes(segment(atLimit, ONE).episodes()));
    Rec beyond = rec().step(0).click(10, 10).pause(60_001).click(200, 200);
    Segmentation s = segment(beyond, ONE);
    assertEquals(List.of(1, 1), sizes(s.episodes()));
    assertEquals(List.of("idle", "session_end"), boundaries(s.episodes()));
  }

  @Test
  void anyRawInputIncludingMovesPreventsIdleCut() {
    Rec r = rec().step(0).click(10, 10).pause(40_000).move(20, 20).pause(40_000).click(200, 200);
    assertEquals(List.of(2), sizes(segment(r, ONE).episodes()));
    Rec focusOnly = rec().step(0).click(10, 10).pause(40_000).focus("Code").pause(40_000).click(200, 200);
    assertEquals(List.of(1, 1), sizes(segment(focusOnly, ONE).episodes()), "focus is not raw input");
  }

  @Test
  void briefAppSwitchDoesNotCut() {
    Rec r = rec().step(0).focus("Code");
    clicks(r, 2, 100).pause(100).focus("Slack").click(1, 1).pause(10_000 - 1).click(2, 2).pause(1).focus("Code");
    clicks(r, 2, 100);
    Segmentation s = segment(r, ONE);
    assertEquals(List.of(6), sizes(s.episodes()));
    EpisodeDraft e = s.episodes().get(0);
    assertEquals(List.of("Code", "Slack"), e.apps());
    assertEquals("Code", e.app());
  }

  @Test
  void lastingAppSwitchCuts() {
    Rec r = rec().step(0).focus("Code");
    clicks(r, 2, 100).pause(100).focus("Slack").click(1, 1).pause(10_001).focus("Code");
    clicks(r, 2, 100).pause(11_000).click(500, 500);
    Segmentation s = segment(r, ONE);
    assertEquals(List.of(2, 1, 3), sizes(s.episodes()));
    assertEquals(List.of("app_switch", "app_switch", "session_end"), boundaries(s.episodes()));
    assertEquals(List.of("Code", "Slack", "Code"), s.episodes().stream().map(EpisodeDraft::app).toList());
  }

  @Test
  void lastingSwitchUntilSessionEndCutsAndSameAppFocusIsNoSwitch() {
    Rec r = rec().step(0).focus("Code");
    clicks(r, 2, 100).focus("Code").click(7, 7).focus("Slack").click(1, 1).pause(3_000).focus("Slack")
        .pause(8_000).click(3, 3);
    Segmentation s = segment(r, ONE);
    // Slack lasts 11 s (until the session's last event) although a second Slack focus came after 3 s
    assertEquals(List.of(3, 2), sizes(s.episodes()));
  }

  @Test
  void maxStepsSplitsRecursivelyAtLargestGap() {
    long[] gaps = {1000, 1000, 5000, 1000, 9000, 1000, 1000, 3000, 1000};
    Rec r = rec().step(0);
    r.click(0, 0);
    for (int i = 0; i < gaps.length; i++) {
      r.pause(gaps[i]).click(30 * (i + 1), 0);
    }
    Segmentation s = segment(r, new SegmentConfig(60_000, 10_000, 4, 15 * 60_000, 1));
    assertEquals(List.of(3, 2, 3, 2), sizes(s.episodes()));
    assertEquals(List.of("cap", "cap", "cap", "session_end"), boundaries(s.episodes()));
  }

  @Test
  void maxDurationSplits() {
    Rec r = clicks(rec().step(0), 26, 1000); // 25 s
    Segmentation s = segment(r, new SegmentConfig(60_000, 10_000, 200, 10_000, 1));
    for (EpisodeDraft d : s.episodes()) {
      assertTrue(d.endTs() - d.startTs() <= 10_000, d::toString);
    }
    assertEquals(List.of(6, 7, 6, 7), sizes(s.episodes()), "equal gaps split nearest the middle, then earlier");
  }

  @Test
  void singleActionLongerThanMaxDurationIsKept() {
    Rec r = rec().step(0).mouseDown("left", 0, 0).pause(20_000).mouseUp("left", 500, 500);
    Segmentation s = segment(r, new SegmentConfig(60_000, 10_000, 200, 10_000, 1));
    assertEquals(List.of(1), sizes(s.episodes()));
  }

  @Test
  void episodesBelowMinStepsAreDroppedShort() {
    Rec r = rec().taskStart("a", null);
    clicks(r, 2, 100).taskEnd("a").taskStart("b", null);
    clicks(r, 3, 100).taskEnd("b");
    Segmentation s = segment(r, new SegmentConfig(60_000, 10_000, 200, 15 * 60_000, 3));
    assertEquals(List.of("b"), s.episodes().stream().map(EpisodeDraft::taskId).toList());
    assertEquals(List.of("a"), s.droppedShort().stream().map(EpisodeDraft::taskId).toList());
  }

  @Test
  void segmentsWithoutActionsAreNotEpisodes() {
    Rec r = rec().sessionStart().focus("Code").move(1, 1).taskStart("t", null).taskEnd("t").sessionEnd();
    Segmentation s = segment(r, ONE);
    assertTrue(s.episodes().isEmpty());
    assertTrue(s.droppedShort().isEmpty());
  }

  @Test
  void appIsMostUsedTieFirstUsed() {
    Rec r = rec().focus("A").type("x").focus("B").type("y").focus("A").type("z").focus("B").type("w")
        .focus("C").type("q");
    Segmentation s = segment(r, ONE); // all switches brief: one episode
    EpisodeDraft e = s.episodes().get(0);
    assertEquals(List.of("A", "B", "C"), e.apps());
    assertEquals("A", e.app());
  }

  @Test
  void emptyInput() {
    Segmentation s = new Segmenter(ONE).segment(List.of(), List.of());
    assertTrue(s.episodes().isEmpty());
  }
}
