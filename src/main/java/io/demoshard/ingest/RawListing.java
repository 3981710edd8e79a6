package io.demoshard.ingest;

import io.demoshard.model.Counts;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Driver-side listing of {@code <raw>/<area>/dt=D/**} for the upload days of a run. Lists
 * names only, never reads a file. Missing day folders count {@code files.missing_day};
 * files whose names do not match count {@code files.ignored}.
 */
final class RawListing {
  private RawListing() {}

  /** Upload days {@code day - lookbehind .. day + lookahead}. */
  static List<LocalDate> days(LocalDate day, int lookbehind, int lookahead) {
    List<LocalDate> out = new ArrayList<>();
    for (LocalDate d = day.minusDays(lookbehind); !d.isAfter(day.plusDays(lookahead)); d = d.plusDays(1)) {
      out.add(d);
    }
    return out;
  }

  /** A listed file and its length in bytes (as stored: compressed for {@code .gz}). */
  record Listed(String path, long bytes) {}

  static List<String> list(Configuration conf, String rawRoot, String area, List<LocalDate> days,
                           Predicate<String> accept, Counts counts) {
    return listSized(conf, rawRoot, area, days, accept, counts).stream().map(Listed::path).toList();
  }

  /** As {@link #list}, with each file's length from the same listing (no extra calls). */
  static List<Listed> listSized(Configuration conf, String rawRoot, String area, List<LocalDate> days,
                                Predicate<String> accept, Counts counts) {
    List<Listed> out = new ArrayList<>();
    try {
      for (LocalDate d : days) {
        Path dir = new Path(new Path(rawRoot, area), "dt=" + d);
        FileSystem fs = dir.getFileSystem(conf);
        if (!fs.exists(dir)) {
          counts.add("files.missing_day", 1);
          continue;
        }
        walk(fs, dir, accept, counts, out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + rawRoot + "/" + area, e);
    }
    out.sort(java.util.Comparator.comparing(Listed::path));
    return out;
  }

  /**
   * The first level under each {@code <raw>/<area>/dt=D/} of the run: folders (not starting with
   * {@code .} or {@code _}) and accepted files, fully qualified. Executors walk the folders
   * ({@link #walk(FileSystem, Path, Predicate)}), so a large area is never listed on the driver.
   */
  static List<String> firstLevel(Configuration conf, String rawRoot, String area, List<LocalDate> days,
                                 Predicate<String> accept) {
    List<String> out = new ArrayList<>();
    try {
      for (LocalDate d : days) {
        Path dir = new Path(new Path(rawRoot, area), "dt=" + d);
        FileSystem fs = dir.getFileSystem(conf);
        if (!fs.exists(dir)) {
          continue;
        }
        for (FileStatus st : fs.listStatus(dir)) {
          String name = st.getPath().getName();
          if (!name.startsWith(".") && !name.startsWith("_") && (st.isDirectory() || accept.test(name))) {
            out.add(st.getPath().toString());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + rawRoot + "/" + area, e);
    }
    out.sort(null);
    return out;
  }

  /** The accepted files under {@code dir}, recursively (callable on executors). */
  static List<Listed> walk(FileSystem fs, Path dir, Predicate<String> accept) throws IOException {
    List<Listed> out = new ArrayList<>();
    walk(fs, dir, accept, new Counts(), out);
    return out;
  }

  /**
   * Recursive listing with plain {@code listStatus}: {@code listFiles(dir, true)} builds
   * LocatedFileStatus objects, which on the local file system forks a {@code stat} process
   * per file to copy its permissions (minutes for a day of screenshots).
   */
  private static void walk(FileSystem fs, Path dir, Predicate<String> accept, Counts counts, List<Listed> out)
      throws IOException {
    for (FileStatus st : fs.listStatus(dir)) {
      Path p = st.getPath();
      String name = p.getName();
      if (st.isDirectory()) {
        if (!name.startsWith(".") && !name.startsWith("_")) {
          walk(fs, p, accept, counts, out);
        }
      } else if (!name.startsWith(".") && !name.startsWith("_") && accept.test(name)) {
        out.add(new Listed(p.toString(), st.getLen()));
      } else {
        counts.add("files.ignored", 1);
      }
    }
  }

  static boolean isNdjson(String name) {
    return name.endsWith(".jsonl") || name.endsWith(".jsonl.gz");
  }
}
