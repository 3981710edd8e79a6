package io.demoshard.cli;

import io.demoshard.config.DemoshardConfig;
import io.demoshard.pipeline.NightlyJob;
import io.demoshard.pipeline.NightlyResult;
import io.demoshard.privacy.PseudonymKey;
import io.demoshard.sim.SimulationSummary;
import io.demoshard.sim.Simulator;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Simulates a small day, runs nightly on it and prints where the output is.")
public final class DemoCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--dir", paramLabel = "DIR", description = "Working folder (default: a new temp folder).")
  Path dir;

  @Option(names = "--users", defaultValue = "12", paramLabel = "N", description = "Employees to simulate (default 12).")
  int users;

  @Option(names = "--date", defaultValue = "2026-11-20", paramLabel = "YYYY-MM-DD", description = "Day (default 2026-11-20).")
  LocalDate date;

  @Override
  public Integer call() throws Exception {
    io.demoshard.ops.Preflight.range("--users", users, 1, SimulateCommand.MAX_USERS);
    // --users is simulate.users: set it in the one typed config so the manifest's `config` shows what ran.
    common.overrides.put("simulate.users", Integer.toString(users));
    DemoshardConfig cfg = common.load("demo");
    Path base = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("demoshard-demo-");
    String raw = base.resolve("raw").toUri().toString();
    String out = base.resolve("out").toUri().toString();
    SimulationSummary sim = new Simulator(cfg.simulate(), new Configuration()).run(raw, date, false);
    System.out.println("simulated: " + sim);
    System.out.println("demo: using a throwaway pseudonym key (never do this for real data)");
    NightlyResult r = common.withSpark(cfg, spark -> new NightlyJob(spark, cfg, PseudonymKey.throwaway())
        .run(raw, out, date));
    System.out.println(r.summary());
    System.out.println("raw input:  " + raw);
    System.out.println("published:  " + r.manifestPath());
    return 0;
  }
}
