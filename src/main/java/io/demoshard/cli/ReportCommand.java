package io.demoshard.cli;

import io.demoshard.config.DemoshardConfig;
import io.demoshard.ops.Lease;
import io.demoshard.ops.Preflight;
import io.demoshard.report.ReportFiles;
import io.demoshard.report.Stats;
import io.demoshard.spark.HadoopConf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Recomputes report.html and stats.json of a published version from its shards and its "
        + "restricted lineage (for the user counts behind k-anonymity), and writes them into OUT/<date>.",
        "Aggregates only: every figure from episodes stands for at least privacy.k-anonymity users."})
public final class ReportCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output root of the published versions.")
  String out;

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "The version to report on.")
  LocalDate date;

  @Option(names = "--break-lock", description = "Take over a stale OUT/_lock (see nightly --help).")
  boolean breakLock;

  @Override
  public Integer call() {
    DemoshardConfig cfg = common.load("report");
    Preflight pf = Preflight.from(cfg);
    pf.committedVersion(out, date);
    Stats stats;
    // it writes into the version folder: not while a nightly or erase replaces that folder
    try (Lease lease = common.lease(cfg, pf, out, "report", breakLock)) {
      stats = common.withSpark(cfg, spark -> {
        try {
          return ReportFiles.regenerate(spark, new HadoopConf(spark.sparkContext().hadoopConfiguration()), out,
              date.toString(), cfg.privacy().kAnonymity());
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write the report of " + out + "/" + date + ": " + e.getMessage(), e);
        }
      });
      lease.ensureHeld();
    }
    String dir = new org.apache.hadoop.fs.Path(out, date.toString()).toString();
    System.out.println("report of " + date + ": " + stats.charts().size() + " charts, "
        + stats.headline().get("episodes published") + " episodes; " + dir + "/" + ReportFiles.HTML + " and "
        + dir + "/" + ReportFiles.JSON);
    return 0;
  }
}
