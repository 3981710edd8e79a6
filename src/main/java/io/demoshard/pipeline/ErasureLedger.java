package io.demoshard.pipeline;

import io.demoshard.spark.HadoopConf;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The persistent denylist of erased users, as pseudonyms under the master key (never raw
 * ids), under {@code OUT/_erasure/denylist/}. Append-only: every {@code erase} adds a new
 * file (written aside, then renamed), nothing is ever rewritten, so no crash can lose an
 * entry. Every nightly honours the union of all files.
 */
public final class ErasureLedger {
  static final String DIR = "_erasure/denylist";

  private ErasureLedger() {}

  public static Set<String> load(HadoopConf hadoop, String out) {
    Path dir = new Path(out, DIR);
    Set<String> keys = new TreeSet<>();
    try {
      FileSystem fs = hadoop.fs(dir);
      if (!fs.exists(dir)) {
        return keys;
      }
      for (FileStatus st : fs.listStatus(dir, p -> p.getName().endsWith(".txt"))) {
        try (FSDataInputStream in = fs.open(st.getPath());
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
          r.lines().map(String::strip).filter(s -> !s.isEmpty()).forEach(keys::add);
        }
      }
      return keys;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the erasure ledger " + dir, e);
    }
  }

  public static void add(HadoopConf hadoop, String out, Set<String> userKeys) {
    if (userKeys.isEmpty()) {
      return;
    }
    String name = System.currentTimeMillis() + "-" + UUID.randomUUID();
    Path tmp = new Path(out, DIR + "/." + name + ".tmp");
    Path dst = new Path(out, DIR + "/" + name + ".txt");
    try {
      FileSystem fs = hadoop.fs(dst);
      try (FSDataOutputStream o = fs.create(tmp, false)) {
        o.write((String.join("\n", new TreeSet<>(userKeys)) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      if (!fs.rename(tmp, dst)) {
        throw new IOException("cannot rename " + tmp + " to " + dst);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the erasure ledger under " + out, e);
    }
  }
}
