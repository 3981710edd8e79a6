package io.demoshard.cli;

import io.demoshard.config.DemoshardConfig;
import io.demoshard.sim.SimulationSummary;
import io.demoshard.sim.Simulator;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.LocalDate;
import java.util.concurrent.Callable;

@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Writes one simulated day of raw recordings (RAW_FORMAT.md) plus ground truth under RAW/_truth/.")
public final class SimulateCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--out", required = true, paramLabel = "RAW", description = "Raw root (any Hadoop FileSystem URI).")
  String out;

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "UTC day to simulate.")
  LocalDate date;

  @Option(names = "--users", paramLabel = "N", description = "Number of employees (default: simulate.users).")
  Integer users;

  @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: simulate.seed).")
  Long seed;

  @Option(names = "--width", paramLabel = "W", description = "Screen width in pixels (default 1280).")
  Integer width;

  @Option(names = "--height", paramLabel = "H", description = "Screen height in pixels (default 800).")
  Integer height;

  @Option(names = "--faults", description = "Inject every fault of RAW_FORMAT.md's 'Faults that happen'.")
  boolean faults;

  @Override
  public Integer call() throws Exception {
    DemoshardConfig.SimulateConfig base = common.load("simulate").simulate();
    DemoshardConfig.SimulateConfig cfg = new DemoshardConfig.SimulateConfig(
        users != null ? users : base.users(), seed != null ? seed : base.seed(),
        width != null ? width : base.screenWidth(), height != null ? height : base.screenHeight(),
        base.timerFrameIntervalMs());
    SimulationSummary s = new Simulator(cfg, new Configuration()).run(out, date, faults);
    System.out.println("simulated " + date + " into " + out + ": " + s);
    return 0;
  }
}
