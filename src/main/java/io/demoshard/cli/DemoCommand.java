package io.demoshard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.demoshard.config.DemoshardConfig;
import io.demoshard.ops.VersionInspector;
import io.demoshard.pipeline.NightlyJob;
import io.demoshard.pipeline.NightlyResult;
import io.demoshard.privacy.PseudonymKey;
import io.demoshard.publish.VersionCommitter;
import io.demoshard.sim.SimulationSummary;
import io.demoshard.sim.Simulator;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Simulates a small day (settings in jobs/demo.conf), runs nightly on it and prints the funnel "
        + "from raw lines to published episodes, where it wrote, how big it is and how to delete it.",
        "Uses a fixed throwaway pseudonym key derived from the seed, so the same demo publishes the same splits."})
public final class DemoCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--dir", paramLabel = "DIR", description = "Working folder (default: a new temp folder).")
  Path dir;

  @Option(names = "--users", paramLabel = "N",
      description = "Employees to simulate (default: simulate.users of jobs/demo.conf).")
  Integer users;

  @Option(names = "--date", defaultValue = "2026-11-20", paramLabel = "YYYY-MM-DD", description = "Day (default 2026-11-20).")
  LocalDate date;

  @Override
  public Integer call() throws Exception {
    if (users != null) {
      io.demoshard.ops.Preflight.range("--users", users, 1, SimulateCommand.MAX_USERS);
      // --users is simulate.users: set it in the one typed config so the manifest's `config` shows what ran.
      common.overrides.put("simulate.users", Integer.toString(users));
    }
    DemoshardConfig cfg = common.load("demo");
    if (dir != null) {
      // an old raw drop under DIR would be merged into tonight's: refuse, as simulate does
      SimulateCommand.prepareOut(new Configuration(), dir.toUri().toString(), false, "--dir");
    }
    Path base = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("demoshard-demo-");
    String raw = base.resolve("raw").toUri().toString();
    String out = base.resolve("out").toUri().toString();
    SimulationSummary sim = new Simulator(cfg.simulate(), new Configuration()).run(raw, date, false);
    System.out.println("simulated: " + sim.users() + " users (" + Math.min(sim.users(),
        cfg.simulate().mixedConsentUsers()) + " of them with every kind of consent history, the rest granted), "
        + sim.sessions() + " sessions, " + sim.events() + " events, " + sim.frames() + " screenshots, "
        + sim.trueEpisodes() + " true episodes");
    System.out.println("demo: using a fixed throwaway pseudonym key (simulated data only; never for real data)");
    NightlyResult r = common.withSpark(cfg, spark -> new NightlyJob(spark, cfg,
        PseudonymKey.throwaway(cfg.simulate().seed())).run(raw, out, date));
    System.out.println(r.summary());
    Path version = base.resolve("out").resolve(date.toString());
    JsonNode manifest = VersionCommitter.mapper().readTree(version.resolve("manifest.json").toFile());
    System.out.print(DemoFunnel.render(manifest));
    for (String split : new String[] {"train", "val", "test"}) {
      if (manifest.path("splits").path(split).path("rows").asLong() == 0) {
        System.out.println("  note: split " + split + " is empty: too few included users for publish.splits"
            + " (one user's episodes all go to one split); try more --users");
      }
    }
    System.out.println("raw input:  " + base.resolve("raw") + " (" + VersionInspector.human(size(base.resolve("raw")))
        + ")");
    System.out.println("published:  " + version + " (" + VersionInspector.human(size(base.resolve("out")))
        + " with lineage, quarantine and dedup state)");
    Path report = version.resolve("report.html");
    if (Files.exists(report)) {
      System.out.println("report:     " + report);
    }
    System.out.println("look:       scripts/demoshard inspect --out " + base.resolve("out") + " --date " + date);
    System.out.println("delete it:  rm -rf " + base);
    return 0;
  }

  private static long size(Path p) {
    try (Stream<Path> s = Files.walk(p)) {
      return s.filter(Files::isRegularFile).mapToLong(f -> {
        try {
          return Files.size(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
