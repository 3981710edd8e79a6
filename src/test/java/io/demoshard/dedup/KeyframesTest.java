package io.demoshard.dedup;

import io.demoshard.SparkTestBase;
import io.demoshard.model.Schemas;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.demoshard.dedup.Fixtures.click;
import static io.demoshard.dedup.Fixtures.episode;
import static io.demoshard.dedup.Fixtures.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyframesTest extends SparkTestBase {

  /**
   * Frames (old idx: phash, observed by):
   * 0: 0b000 step0 | 1: 0b001 | 2: 0b011 | 3: 0b111 | 4: 0b111 step1 | 5: 0b111 | 6: 0b111 step2.
   * With hamming 2: 1 and 2 are within 2 bits of kept frame 0 and collapse; 3 is 3 bits from
   * frame 0 (the last KEPT frame, although only 1 bit from frame 2) and survives; 4 is an
   * observation and survives although identical to 3; 5 collapses into 4; 6 is an observation.
   */
  private static Row chain() {
    long[] ph = {0b000, 0b001, 0b011, 0b111, 0b111, 0b111, 0b111};
    List<Row> frames = new ArrayList<>();
    for (int i = 0; i < ph.length; i++) {
      frames.add(frame(i, i * 3000L, ph[i], "c" + i));
    }
    List<Row> steps = List.of(click(0, 100, 10, 10, 0), click(1, 12_100, 20, 20, 4),
        click(2, 18_100, 30, 30, 6), click(3, 18_200, 40, 40, null));
    return episode("e1", "u1", "s1", steps, frames);
  }

  private static List<Integer> frameField(Row e, String field) {
    List<Integer> out = new ArrayList<>();
    for (Row f : e.<Row>getList(e.fieldIndex("frames"))) {
      out.add(field.equals("idx") ? f.getInt(f.fieldIndex("idx")) : Integer.parseInt(
          f.getString(f.fieldIndex("content_hash")).substring(1)));
    }
    return out;
  }

  private static List<Integer> stepFrames(Row e) {
    List<Integer> out = new ArrayList<>();
    for (Row s : e.<Row>getList(e.fieldIndex("steps"))) {
      out.add(s.isNullAt(s.fieldIndex("frame")) ? null : s.getInt(s.fieldIndex("frame")));
    }
    return out;
  }

  @Test
  void collapsesAgainstLastKeptFrameAndRemapsIndexes() {
    Row out = Keyframes.apply(Fixtures.df(spark(), List.of(chain())), 2).collectAsList().get(0);
    assertEquals(List.of(0, 3, 4, 6), frameField(out, "content"), "kept frames (old idx)");
    assertEquals(List.of(0, 1, 2, 3), frameField(out, "idx"), "renumbered idx");
    assertEquals(Arrays.asList(0, 2, 3, null), stepFrames(out), "steps.frame remapped");
    assertEquals(4, out.getInt(out.fieldIndex("num_frames")));
  }

  @Test
  void staticTimerFramesCollapseAndObservationsNeverDrop() {
    // Ten identical frames; only frames 0 and 7 are observations.
    List<Row> frames = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      frames.add(frame(i, i * 3000L, 0xABCDL, "s" + i));
    }
    Row e = episode("e2", "u1", "s1", List.of(click(0, 0, 5, 5, 0), click(1, 21_000, 6, 6, 7)), frames);
    Row out = Keyframes.apply(Fixtures.df(spark(), List.of(e)), 0).collectAsList().get(0);
    assertEquals(List.of(0, 7), frameField(out, "content"));
    assertEquals(List.of(0, 1), stepFrames(out));
  }

  @Test
  void oneBitAboveThresholdSurvives() {
    long base = 0x0F0F_0F0F_0F0F_0F0FL;
    List<Row> frames = List.of(frame(0, 0, base, "b0"), frame(1, 3000, base ^ 0b1, "b1"),
        frame(2, 6000, base ^ 0b11, "b2"));
    Row e = episode("e3", "u1", "s1", List.of(click(0, 0, 5, 5, 0), click(1, 9000, 6, 6, null)), frames);
    // hamming 0: a single flipped bit is a different screen.
    Row h0 = Keyframes.apply(Fixtures.df(spark(), List.of(e)), 0).collectAsList().get(0);
    assertEquals(List.of(0, 1, 2), frameField(h0, "content"));
    // hamming 1: frame 1 collapses; frame 2 is 2 bits from frame 0 and survives.
    Row h1 = Keyframes.apply(Fixtures.df(spark(), List.of(e)), 1).collectAsList().get(0);
    assertEquals(List.of(0, 2), frameField(h1, "content"));
    assertEquals(List.of(0, 1), frameField(h1, "idx"));
  }

  @Test
  void byDefaultOnlyIdenticalContentCollapses() {
    // Frames 1-2 repeat frame 0's bytes (a static screen); frame 3 has the same pHash but other
    // bytes (one typed character the 32x32 pHash cannot see): it must survive.
    List<Row> frames = List.of(frame(0, 0, 0x77L, "same"), frame(1, 3000, 0x77L, "same"),
        frame(2, 6000, 0x77L, "same"), frame(3, 9000, 0x77L, "typed"));
    Row e = episode("e4", "u1", "s1", List.of(click(0, 0, 5, 5, 0), click(1, 12_000, 6, 6, null)), frames);
    Row out = Keyframes.apply(Fixtures.df(spark(), List.of(e)), -1).collectAsList().get(0);
    List<String> kept = new ArrayList<>();
    for (Row f : out.<Row>getList(out.fieldIndex("frames"))) {
      kept.add(f.getString(f.fieldIndex("content_hash")));
    }
    assertEquals(List.of("same", "typed"), kept);
    assertEquals(List.of(0, 1), frameField(out, "idx"));
  }

  @Test
  void schemaStaysEpisode() {
    var schema = Keyframes.apply(Fixtures.df(spark(), List.of(chain())), 2).schema();
    assertTrue(org.apache.spark.sql.types.DataType.equalsIgnoreNullability(Schemas.EPISODE, schema),
        schema.treeString());
  }
}
