package io.demoshard.ingest;

import io.demoshard.spark.HadoopConf;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The executor-side file iterator, without Spark. */
class RawLineReaderTest {
  @TempDir
  Path root;

  private List<Row> read(Path... files) {
    List<String> paths = new ArrayList<>();
    for (Path f : files) {
      paths.add(f.toUri().toString());
    }
    List<Row> out = new ArrayList<>();
    new RawLineReader.FileLines(paths.iterator(), new HadoopConf(new Configuration())).forEachRemaining(out::add);
    return out;
  }

  @Test
  void plainLinesWithCrLfAndNoFinalNewline() {
    Path f = Fixtures.write(root, "events/dt=2026-11-26/d/a.jsonl",
        "one\r\ntwo\n\nfour".getBytes(StandardCharsets.UTF_8));
    List<Row> rows = read(f);
    assertEquals(5, rows.size());
    assertEquals(List.of("one", "two", "", "four"),
        rows.subList(0, 4).stream().map(r -> r.getString(4)).toList());
    assertEquals(List.of(1L, 2L, 3L, 4L), rows.subList(0, 4).stream().map(r -> r.getLong(2)).toList());
    assertEquals("2026-11-26", rows.get(0).getString(3));
    Row file = rows.get(4);
    assertEquals(RawLineReader.FILE, file.getString(0));
    assertEquals(4L, file.getLong(7));
    assertNull(file.get(5));
  }

  @Test
  void gzipTruncatedKeepsCompleteLinesAndQuarantinesTheRest() {
    Path f = Fixtures.truncatedGz(root, "events/dt=2026-11-25/t.jsonl.gz",
        "l1\nl2\n{\"key\":\"pw9", "9\"}\nl4\n");
    List<Row> rows = read(f);
    assertEquals(5, rows.size(), rows.toString());
    assertEquals("l1", rows.get(0).getString(4));
    assertEquals("l2", rows.get(1).getString(4));
    Row half = rows.get(2);
    assertEquals(RawLineReader.FAULT, half.getString(0));
    assertEquals(Reasons.TRUNCATED_GZIP, half.getString(5));
    assertEquals(3L, half.getLong(2));
    assertFalse(half.getString(4).contains("pw9"), half.getString(4));
    Row rest = rows.get(3);
    assertEquals(Reasons.TRUNCATED_GZIP, rest.getString(5));
    assertTrue(rest.isNullAt(2));
    assertTrue(rest.getString(6).contains("after 2 complete lines"), rest.getString(6));
    assertEquals(Reasons.TRUNCATED_GZIP, rows.get(4).getString(5));
    assertEquals(2L, rows.get(4).getLong(7));
  }

  @Test
  void gzipCutAtALineEndHasNoHalfLine() {
    Path f = Fixtures.truncatedGz(root, "e/dt=2026-11-25/t.jsonl.gz", "l1\n", "l2\n");
    List<Row> rows = read(f);
    assertEquals(List.of("line", "fault", "file"), rows.stream().map(r -> r.getString(0)).toList());
  }

  @Test
  void emptyMissingAndCompleteGzipFiles() {
    Path empty = Fixtures.write(root, "e/dt=2026-11-26/empty.jsonl", new byte[0]);
    Path gz = Fixtures.gz(root, "e/dt=2026-11-26/ok.jsonl.gz", "a", "b");
    Path notGzip = Fixtures.write(root, "e/dt=2026-11-26/fake.jsonl.gz", "plain".getBytes(StandardCharsets.UTF_8));
    List<Row> rows = read(empty, root.resolve("e/dt=2026-11-26/gone.jsonl"), gz, notGzip);
    List<String> recs = rows.stream().map(r -> r.getString(0) + ":" + r.get(5)).toList();
    assertEquals(List.of("file:null", "fault:unreadable_file", "file:unreadable_file",
        "line:null", "line:null", "file:null", "fault:unreadable_file", "file:unreadable_file"), recs);
    assertEquals(0L, rows.get(0).getLong(7));
  }

  @Test
  void uploadDayFromPath() {
    assertEquals("2026-11-26", RawLineReader.uploadDay("s3a://b/raw/events/dt=2026-11-26/x/y.jsonl"));
    assertNull(RawLineReader.uploadDay("/raw/events/x.jsonl"));
  }
}
