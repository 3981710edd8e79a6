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

  private static RawListing.Listed file(String name, long bytes) {
    return new RawListing.Listed("file:/raw/events/dt=2026-11-26/" + name, bytes);
  }

  @Test
  void manySmallFilesShareTasksAndEveryCoreGetsAShare() {
    List<RawListing.Listed> files = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      files.add(file(String.format("d%04d.jsonl", i), 10_000));
    }
    // 1000 files of 10 kB + 1 kB open cost on 2 cores: 11 MB / 2 = 5.5 MB per task, i.e. 2 tasks.
    List<List<String>> tasks = RawLineReader.pack(files, 128L << 20, 1_000, 2);
    assertEquals(2, tasks.size());
    assertEquals(1000, tasks.stream().mapToInt(List::size).sum());
    assertEquals(files.get(0).path(), tasks.get(0).get(0));  // in path order: a device's files stay together
    // A large night is capped by the split size: 1000 x 10 kB with a 1 MB cap = 11 tasks of <= 90 files.
    List<List<String>> capped = RawLineReader.pack(files, 1_000_000, 1_000, 2);
    assertEquals(12, capped.size());
    assertTrue(capped.stream().allMatch(t -> t.size() <= 90));
  }

  @Test
  void gzipFilesWeighMoreAndAHugeFileGetsItsOwnTask() {
    List<RawListing.Listed> files = List.of(file("a.jsonl", 100), file("b.jsonl.gz", 100), file("c.jsonl", 10_000),
        file("d.jsonl", 100));
    // total = 100 + 400 + 10000 + 100 = 10600, split 5300: [a, b], [c], [d]
    List<List<String>> tasks = RawLineReader.pack(files, 1L << 30, 0, 2);
    assertEquals(List.of(2, 1, 1), tasks.stream().map(List::size).toList());
    assertTrue(RawLineReader.pack(List.of(), 1L << 30, 0, 2).isEmpty());
  }
}
