package io.demoshard.sim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Packs lines into upload files: `<kind>/dt=D/<device>/part-NNNNN.jsonl[.gz]`, several per device and
 * day, plain and gzipped mixed. With faults, some devices' files are shuffled mixes of sessions and
 * hours, one file is empty and one gzip is cut short. Returns the fault rows with file and line.
 */
final class FileAssembler {
  static final int LINES_PER_FILE = 2500;

  private final RawWriter out;
  private final boolean faults;
  private final long seed;

  FileAssembler(RawWriter out, boolean faults, long seed) {
    this.out = out;
    this.faults = faults;
    this.seed = seed;
  }

  List<Json> write(List<Line> lines) {
    Map<String, List<Line>> groups = new TreeMap<>();
    for (Line l : lines) groups.computeIfAbsent(l.kind + "/dt=" + l.dt + "/" + l.device, k -> new ArrayList<>()).add(l);
    List<Json> rows = new ArrayList<>();
    boolean firstEvents = true;
    boolean truncatedDone = false;
    for (Map.Entry<String, List<Line>> g : groups.entrySet()) {
      String dir = g.getKey();
      List<Line> ls = g.getValue();
      ls.sort(Comparator.comparingLong(l -> l.ts));   // stable: ties keep generation order
      Rng r = new Rng(Rng.derive(seed, dir, 0));
      boolean events = dir.startsWith("events/");
      int nfiles = Math.max(events && faults ? 2 : 1, Math.min(6, (ls.size() + LINES_PER_FILE - 1) / LINES_PER_FILE));
      boolean shuffle = faults && events && (firstEvents || r.chance(0.6));
      List<List<Line>> files = new ArrayList<>();
      for (int i = 0; i < nfiles; i++) files.add(new ArrayList<>());
      for (int i = 0; i < ls.size(); i++) files.get(shuffle ? r.r.nextInt(nfiles) : (int) ((long) i * nfiles / ls.size())).add(ls.get(i));
      for (int i = 0; i < nfiles; i++) {
        List<Line> f = files.get(i);
        if (shuffle) Collections.shuffle(f, r.r);
        boolean gz = (i + dir.length()) % 2 == 0;
        String name = dir + "/part-" + String.format("%05d", i) + (gz ? ".jsonl.gz" : ".jsonl");
        List<String> texts = new ArrayList<>(f.size());
        for (Line l : f) texts.add(l.text);
        byte[] data = RawWriter.join(texts).getBytes(StandardCharsets.UTF_8);
        out.bytes(name, gz ? RawWriter.gzip(data) : data);
        for (int j = 0; j < f.size(); j++) {
          Line l = f.get(j);
          if (l.fault != null) rows.add(row(l.fault, name, j + 1, l.faultId, l.detail));
        }
        if (shuffle) rows.add(row("out_of_order", name, null, null, "lines of several sessions in random order"));
      }
      if (faults && events && firstEvents) {
        String empty = dir + "/part-99999.jsonl";
        out.bytes(empty, new byte[0]);
        rows.add(row("empty_file", empty, null, null, "zero-byte upload"));
      }
      if (faults && events && !truncatedDone && ls.size() > 40 && !firstEvents) {
        // a retried upload cut short: its lines are copies of lines uploaded whole elsewhere
        List<String> texts = new ArrayList<>();
        for (Line l : ls.subList(0, Math.min(ls.size(), 400))) if (l.fault == null) texts.add(l.text);
        byte[] gz = RawWriter.gzip(RawWriter.join(texts).getBytes(StandardCharsets.UTF_8));
        String name = dir + "/retry-00000.jsonl.gz";
        out.bytes(name, java.util.Arrays.copyOf(gz, gz.length * 3 / 5));
        rows.add(row("truncated_gzip", name, null, null, "gzip cut at 60%; its " + texts.size() + " lines duplicate lines in part files"));
        truncatedDone = true;
      }
      if (events) firstEvents = false;
    }
    return rows;
  }

  static Json row(String kind, String file, Integer line, String id, String detail) {
    return Json.obj().put("kind", kind).put("file", file).put("line", line).put("id", id).put("detail", detail);
  }
}
