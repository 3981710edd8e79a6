package io.demoshard.cli;

import io.demoshard.bench.BenchReport;
import io.demoshard.bench.DecodeFloor;
import io.demoshard.bench.EventFloor;
import io.demoshard.bench.FloorResult;
import io.demoshard.bench.IoFloor;
import io.demoshard.bench.Measure;
import io.demoshard.bench.RawDay;
import io.demoshard.bench.SkewDrop;
import io.demoshard.config.DemoshardConfig;
import io.demoshard.ops.Preflight;
import io.demoshard.sim.SimulationSummary;
import io.demoshard.sim.Simulator;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** The pieces scripts/bench runs (issue 13); each one also runs alone, on a cluster too (floor). */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Performance benchmark pieces used by scripts/bench: floor jobs, drops, measuring, the report.",
    subcommands = {BenchCommand.Floor.class, BenchCommand.Drop.class, BenchCommand.SkewDropCommand.class,
        BenchCommand.MeasureCommand.class, BenchCommand.Report.class})
public final class BenchCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a bench command is required");
  }

  /** Floor kinds: what a job that reads (io), decodes (decode) or parses (event) the drop costs at least. */
  enum Kind { io, decode, event }

  @Command(name = "floor", mixinStandardHelpOptions = true,
      description = {"A floor job over the same upload days nightly reads (ingest.lookbehind/lookahead), written to "
          + "Parquet under OUT (replaced):",
          "  io: every event and frame index line and every screenshot byte, unchanged;",
          "  decode: the same, and every screenshot decoded once (the image check's decoder);",
          "  event: event and frame index lines parsed by Spark's JSON reader with RAW_FORMAT.md's schema.",
          "Prints one 'bench-floor kind=... event_lines=... wall_ms=...' line (counts from the Parquet written)."})
  static final class Floor implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--kind", required = true, description = "io, decode or event.")
    Kind kind;

    @Option(names = "--raw", required = true, paramLabel = "RAW", description = "Raw root (any Hadoop FileSystem URI).")
    String raw;

    @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "UTC day.")
    LocalDate date;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Scratch output (replaced).")
    String out;

    @Override
    public Integer call() {
      // The nightly job's configuration: same Spark settings and upload days as the run it is compared with.
      DemoshardConfig cfg = common.load("nightly");
      Preflight.from(cfg).rawRoot(raw);
      RawDay day = new RawDay(raw, date, cfg.ingest().lookbehindDays(), cfg.ingest().lookaheadDays());
      FloorResult r = common.withSpark(cfg, spark -> switch (kind) {
        case io -> new IoFloor(spark).run(day, out);
        case decode -> new DecodeFloor(spark).run(day, out);
        case event -> new EventFloor(spark).run(day, out);
      });
      System.out.println(r.line());
      return 0;
    }
  }

  @Command(name = "drop", mixinStandardHelpOptions = true,
      description = {"Simulates the benchmark's raw drop: 'simulate --faults' (same simulator and seed rules), "
          + "but screens down to " + Drop.MIN_SIDE + " px are allowed (issue 13's day is 320x200: cheap images)."})
  static final class Drop implements Callable<Integer> {
    static final int MIN_SIDE = 160;

    @Mixin CommonOptions common;

    @Option(names = "--out", required = true, paramLabel = "RAW", description = "Raw root; must be empty or missing.")
    String out;

    @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "UTC day to simulate.")
    LocalDate date;

    @Option(names = "--users", required = true, paramLabel = "N", description = "Employees, 1.." + SimulateCommand.MAX_USERS)
    int users;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: simulate.seed).")
    Long seed;

    @Option(names = "--width", defaultValue = "320", paramLabel = "W", description = "Screen width (default 320).")
    int width;

    @Option(names = "--height", defaultValue = "200", paramLabel = "H", description = "Screen height (default 200).")
    int height;

    @Override
    public Integer call() throws Exception {
      DemoshardConfig.SimulateConfig base = common.load("simulate").simulate();
      Preflight.range("--users", users, 1, SimulateCommand.MAX_USERS);
      Preflight.range("--width", width, MIN_SIDE, SimulateCommand.MAX_SIDE);
      Preflight.range("--height", height, MIN_SIDE, SimulateCommand.MAX_SIDE);
      Configuration conf = new Configuration();
      SimulateCommand.prepareOut(conf, out, false);
      SimulationSummary s = new Simulator(new DemoshardConfig.SimulateConfig(users, seed != null ? seed : base.seed(),
          width, height, base.timerFrameIntervalMs()), conf).run(out, date, true);
      System.out.println("bench drop " + date + " into " + out + ": " + s);
      return 0;
    }
  }

  @Command(name = "skew-drop", mixinStandardHelpOptions = true,
      description = "Writes the skew drop: one consenting user, one session of --events events (local paths only).")
  static final class SkewDropCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Raw root folder; must be empty or missing.")
    File out;

    @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "UTC day.")
    LocalDate date;

    @Option(names = "--events", defaultValue = "2000000", paramLabel = "N", description = "Events (default 2M).")
    long events;

    @Option(names = "--width", defaultValue = "320", paramLabel = "W", description = "Screen width (default 320).")
    int width;

    @Option(names = "--height", defaultValue = "200", paramLabel = "H", description = "Screen height (default 200).")
    int height;

    @Override
    public Integer call() throws Exception {
      Preflight.range("--events", events, 2, 100_000_000L);
      SimulateCommand.prepareOut(new Configuration(), out.toURI().toString(), false);
      SkewDrop.Summary s = new SkewDrop(out.toPath(), date, width, height).write(events);
      System.out.println("bench skew-drop " + date + " into " + out + ": " + s);
      return 0;
    }
  }

  @Command(name = "measure", mixinStandardHelpOptions = true,
      description = {"Runs a demoshard command in this JVM, then prints 'bench-heap peak_heap_mb=... rc=...'.",
          "Usage: demoshard bench measure -- nightly --raw RAW --out OUT --date D"})
  static final class MeasureCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments, after --.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
      return Measure.run(command.toArray(new String[0]), Main::execute);
    }
  }

  @Command(name = "report", mixinStandardHelpOptions = true,
      description = "Prints the medians and ratios of recorded runs (TSV: drop, kind, run, wall_ms, log).")
  static final class Report implements Callable<Integer> {
    @Option(names = "--runs", required = true, paramLabel = "TSV", description = "The runs file scripts/bench wrote.")
    Path runs;

    @Option(names = "--mode", defaultValue = "day", description = "day (per drop: table, stages, ratios), "
        + "scaling (nightly wall per drop and growth), outcomes (each nightly run: completed or failed).")
    String mode;

    @Override
    public Integer call() {
      BenchReport r = BenchReport.load(runs);
      switch (mode) {
        case "day" -> r.drops().forEach(d -> System.out.println(r.day(d)));
        case "scaling" -> System.out.print(r.scaling());
        case "outcomes" -> System.out.print(r.outcomes());
        default -> throw new Preflight.Refused("--mode must be day, scaling or outcomes, got " + mode);
      }
      return 0;
    }
  }
}
