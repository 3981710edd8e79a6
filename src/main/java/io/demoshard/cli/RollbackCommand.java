package io.demoshard.cli;

import io.demoshard.config.DemoshardConfig;
import io.demoshard.ops.Lease;
import io.demoshard.ops.Preflight;
import io.demoshard.ops.Rollback;
import io.demoshard.spark.HadoopConf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.concurrent.Callable;

@Command(name = "rollback", mixinStandardHelpOptions = true,
    description = {"Swaps a replaced version of a date (kept under OUT/_trash/<date>/<run_id>/ for the last "
        + "publish.keep-replaced replacements) back in, with its lineage and dedup state; the version it replaces "
        + "is kept in turn. Never restores a copy that holds an erased user.",
        "Holds OUT/_lock while it runs."})
public final class RollbackCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output root of the published versions.")
  String out;

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "The version to roll back.")
  LocalDate date;

  @Option(names = "--run", paramLabel = "RUN_ID",
      description = "The kept version to restore (a folder name under OUT/_trash/<date>/); default: the most "
          + "recently replaced one.")
  String run;

  @Option(names = "--break-lock", description = "Take over a stale OUT/_lock (see nightly --help).")
  boolean breakLock;

  @Override
  public Integer call() {
    DemoshardConfig cfg = common.load("nightly");
    Preflight pf = Preflight.from(cfg);
    pf.existingOut(out);
    pf.writableOut(out);
    try (Lease lease = common.lease(cfg, pf, out, "rollback", breakLock)) {
      Rollback.Result r = common.withSpark(cfg, spark -> {
        try {
          return new Rollback(spark, new HadoopConf(spark.sparkContext().hadoopConfiguration()),
              cfg.publish().keepReplaced()).run(out, date, run);
        } catch (IOException e) {
          throw new UncheckedIOException("rollback of " + date + " failed: " + e.getMessage(), e);
        }
      });
      lease.ensureHeld();
      System.out.println(r.summary());
    }
    return 0;
  }
}
