package io.demoshard.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.demoshard.dedup.DedupState;
import io.demoshard.pipeline.ErasureLedger;
import io.demoshard.publish.Publisher;
import io.demoshard.publish.VersionCommitter;
import io.demoshard.spark.HadoopConf;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * Swaps a kept replaced version ({@link Trash}) back into {@code OUT/<date>}, with its lineage and
 * its dedup state; the version it replaces is kept in its turn (so a rollback can be undone).
 *
 * <p>The swap is the committer's: the current version, lineage and state are renamed aside into
 * {@code OUT/_trash/<date>-<run>/} (an in-flight folder that {@link VersionCommitter#recover}
 * restores from after a crash), then the kept ones are renamed into place. The kept version is a
 * committed folder, so {@code _SUCCESS} and its manifest arrive together with it.
 *
 * <p>Privacy: a kept version holding any user of the erasure ledger is never restored; it is
 * deleted instead (erase normally deletes such copies; this is the second line).
 */
public final class Rollback {
  /** What was done. */
  public record Result(String day, String restoredRun, String replacedRun, Path keptAs, long rows) {
    public String summary() {
      return "rollback " + day + ": restored run " + restoredRun + " (" + rows + " rows)"
          + (replacedRun == null ? "" : "; the version it replaced (run " + replacedRun + ") is kept in " + keptAs);
    }
  }

  private final SparkSession spark;
  private final HadoopConf hadoop;
  private final int keep;

  /** @param keep publish.keep-replaced: how many replaced versions of a date stay in the trash */
  public Rollback(SparkSession spark, HadoopConf hadoop, int keep) {
    this.spark = spark;
    this.hadoop = hadoop;
    this.keep = keep;
  }

  /**
   * @param runId the kept version to restore (its run id, as named under {@code OUT/_trash/<date>/}),
   *     or null for the most recently replaced one
   */
  public Result run(String outRoot, LocalDate date, String runId) throws IOException {
    String day = date.toString();
    Path out = new Path(outRoot);
    FileSystem fs = hadoop.fs(out);
    VersionCommitter.recover(fs, out, day);
    List<Trash.Entry> entries = Trash.list(fs, out, day);
    if (entries.isEmpty()) {
      throw new Preflight.Refused("nothing to roll back to: no replaced version of " + day + " is kept under "
          + Trash.dayDir(out, day));
    }
    Trash.Entry entry = null;
    if (runId == null) {
      entry = entries.get(entries.size() - 1);
    } else {
      for (Trash.Entry e : entries) {
        if (e.runId().equals(runId)) {
          entry = e;
        }
      }
      if (entry == null) {
        throw new Preflight.Refused("no kept version " + runId + " of " + day + "; kept: "
            + entries.stream().map(Trash.Entry::runId).toList());
      }
    }
    JsonNode manifest = Trash.manifest(fs, entry);
    if (manifest == null) {
      throw new Preflight.Refused("the kept version " + entry.dir() + " is not a committed version (no _SUCCESS)");
    }
    Set<String> ledger = ErasureLedger.load(hadoop, outRoot);
    String erased = Trash.erasedIn(spark, fs, entry, ledger);
    if (erased != null) {
      fs.delete(entry.dir(), true);
      throw new Preflight.Refused("refusing to restore " + entry.dir() + ": " + erased
          + " (an erased user must never come back); that copy is now deleted");
    }

    // The current version goes aside (in-flight folder the committer's recovery knows), the kept one comes in.
    Path version = new Path(out, day);
    Path lineage = new Path(new Path(out, Publisher.LINEAGE), day);
    Path state = DedupState.nightDir(outRoot, date);
    String currentRun = currentRunId(fs, version);
    Path aside = new Path(new Path(out, Publisher.TRASH), VersionCommitter.newRunId(day));
    fs.mkdirs(aside);
    boolean hadCurrent = fs.exists(version);
    if (hadCurrent) {
      Trash.move(fs, version, new Path(aside, "version"));
    }
    if (fs.exists(lineage)) {
      Trash.move(fs, lineage, new Path(aside, "lineage"));
    }
    VersionCommitter.fault("rollback:current-moved-aside");
    if (fs.exists(entry.lineage())) {
      fs.mkdirs(lineage.getParent());
      Trash.move(fs, entry.lineage(), lineage);
    }
    Trash.move(fs, entry.version(), version);
    VersionCommitter.fault("rollback:restored");
    // Dedup state follows its version: the current night's goes with it, the kept one comes back.
    if (fs.exists(state)) {
      Trash.move(fs, state, new Path(aside, "state"));
    }
    if (fs.exists(entry.state())) {
      fs.mkdirs(state.getParent());
      Trash.move(fs, entry.state(), state);
    }
    fs.delete(entry.dir(), true);

    Path keptAs = null;
    if (hadCurrent && currentRun != null && keep > 0) {
      // keep the version we replaced, with its state, as a publish does
      keptAs = Trash.keep(fs, out, day, currentRun, aside, null);
      Trash.prune(fs, out, day, keep);
    } else {
      fs.delete(aside, true);
    }
    long rows = 0;
    for (String s : List.of("train", "val", "test")) {
      rows += manifest.path("splits").path(s).path("rows").asLong(0);
    }
    return new Result(day, manifest.path("run_id").asText(entry.runId()), hadCurrent ? currentRun : null, keptAs,
        rows);
  }

  private static String currentRunId(FileSystem fs, Path version) throws IOException {
    Path m = new Path(version, Publisher.MANIFEST);
    if (!fs.exists(m)) {
      return null;
    }
    try (FSDataInputStream in = fs.open(m)) {
      return VersionCommitter.mapper().readTree(in).path("run_id").asText(null);
    }
  }
}
