package io.demoshard.cli;

import io.demoshard.config.DemoshardConfig;
import io.demoshard.ops.Preflight;
import io.demoshard.sim.SimulationSummary;
import io.demoshard.sim.Simulator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.time.LocalDate;
import java.util.concurrent.Callable;

@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = {"Writes one simulated day of raw recordings (RAW_FORMAT.md) plus ground truth under RAW/_truth/.",
        "Refuses a non-empty --out (a second day would merge into it and _truth/ would only describe the new one) "
            + "unless --overwrite, which clears it first."})
public final class SimulateCommand implements Callable<Integer> {
  /** Bounds that keep a run meaningful and finite: a day of 1..10000 employees on real screen sizes. */
  static final int MAX_USERS = 10_000;
  static final int MIN_SIDE = 320;
  static final int MAX_SIDE = 7680;

  @Mixin CommonOptions common;

  @Option(names = "--out", required = true, paramLabel = "RAW", description = "Raw root (any Hadoop FileSystem URI).")
  String out;

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "UTC day to simulate.")
  LocalDate date;

  @Option(names = "--users", paramLabel = "N", description = "Number of employees, 1.." + MAX_USERS
      + " (default: simulate.users).")
  Integer users;

  @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: simulate.seed).")
  Long seed;

  @Option(names = "--width", paramLabel = "W", description = "Screen width in pixels, " + MIN_SIDE + ".." + MAX_SIDE
      + " (default 1280).")
  Integer width;

  @Option(names = "--height", paramLabel = "H", description = "Screen height in pixels, " + MIN_SIDE + ".."
      + MAX_SIDE + " (default 800).")
  Integer height;

  @Option(names = "--faults", description = "Inject every fault of RAW_FORMAT.md's 'Faults that happen'.")
  boolean faults;

  @Option(names = "--overwrite", description = "Delete everything in --out first (it must otherwise be empty).")
  boolean overwrite;

  @Override
  public Integer call() throws Exception {
    DemoshardConfig.SimulateConfig base = common.load("simulate").simulate();
    DemoshardConfig.SimulateConfig cfg = new DemoshardConfig.SimulateConfig(
        users != null ? users : base.users(), seed != null ? seed : base.seed(),
        width != null ? width : base.screenWidth(), height != null ? height : base.screenHeight(),
        base.timerFrameIntervalMs());
    Preflight.range("--users", cfg.users(), 1, MAX_USERS);
    Preflight.range("--width", cfg.screenWidth(), MIN_SIDE, MAX_SIDE);
    Preflight.range("--height", cfg.screenHeight(), MIN_SIDE, MAX_SIDE);
    Configuration conf = new Configuration();
    prepareOut(conf, out, overwrite);
    SimulationSummary s = new Simulator(cfg, conf).run(out, date, faults);
    System.out.println("simulated " + date + " into " + out + ": " + s);
    return 0;
  }

  /** {@code out} must be missing or an empty directory; with {@code overwrite} its content is deleted first. */
  static void prepareOut(Configuration conf, String out, boolean overwrite) throws IOException {
    prepareOut(conf, out, overwrite, "--out");
  }

  /** As above, naming the option the folder came from ({@code demo --dir}). */
  static void prepareOut(Configuration conf, String out, boolean overwrite, String option) throws IOException {
    Path p = new Path(out);
    FileSystem fs = p.getFileSystem(conf);
    if (!fs.exists(p)) {
      return;
    }
    if (!fs.getFileStatus(p).isDirectory()) {
      throw new Preflight.Refused(option + " " + out + " is a file, not a directory");
    }
    FileStatus[] content = fs.listStatus(p);
    if (content.length == 0) {
      return;
    }
    if (!overwrite) {
      throw new Preflight.Refused(option + " " + out + " is not empty (" + content.length + " entries, e.g. "
          + content[0].getPath().getName() + "): choose an empty folder, or pass --overwrite to clear it first");
    }
    for (FileStatus st : content) {
      if (!fs.delete(st.getPath(), true)) {
        throw new IOException("cannot delete " + st.getPath());
      }
    }
    System.err.println("demoshard simulate: --overwrite: cleared " + content.length + " entries of " + out);
  }
}
