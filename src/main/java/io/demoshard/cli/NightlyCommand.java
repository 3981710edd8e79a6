package io.demoshard.cli;

import io.demoshard.config.DemoshardConfig;
import io.demoshard.ops.Lease;
import io.demoshard.ops.Preflight;
import io.demoshard.pipeline.NightlyJob;
import io.demoshard.pipeline.NightlyResult;
import io.demoshard.privacy.PseudonymKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.LocalDate;
import java.util.concurrent.Callable;

@Command(name = "nightly", mixinStandardHelpOptions = true,
    description = {"Builds and publishes one day's episodes: ingest, join, reduce, segment, privacy, dedup, publish.",
        "Refuses before any Spark work when --raw does not exist, the day has no uploads, --out cannot be written "
            + "or the key is missing; holds OUT/_lock while it runs; refuses to replace a version with fewer than "
            + "publish.max-shrink of its rows (--force), and keeps the replaced one for rollback."})
public final class NightlyCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--raw", required = true, paramLabel = "RAW", description = "Raw root (any Hadoop FileSystem URI).")
  String raw;

  @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output root (any Hadoop FileSystem URI).")
  String out;

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "UTC day to process.")
  LocalDate date;

  @Option(names = "--allow-empty", description = "Publish even when the day has no uploads (an empty version).")
  boolean allowEmpty;

  @Option(names = "--force", description = "Replace the existing version even when the new one has fewer than "
      + "publish.max-shrink of its rows (sets publish.max-shrink = 0).")
  boolean force;

  @Option(names = "--break-lock", description = "Take over OUT/_lock when its holder has sent no heartbeat for "
      + "lock.stale-after (a live holder is never broken).")
  boolean breakLock;

  @Override
  public Integer call() {
    if (force) {
      common.overrides.put("publish.max-shrink", "0");
    }
    DemoshardConfig cfg = common.load("nightly");
    Preflight pf = Preflight.from(cfg);
    Preflight.key(cfg.privacy());
    pf.rawRoot(raw);
    pf.uploads(raw, date, cfg.ingest(), allowEmpty);
    pf.writableOut(out);
    PseudonymKey key = PseudonymKey.load(cfg.privacy());
    try (Lease lease = common.lease(cfg, pf, out, "nightly", breakLock)) {
      NightlyResult r = common.withSpark(cfg, spark -> new NightlyJob(spark, cfg, key).run(raw, out, date));
      lease.ensureHeld();
      System.out.println(r.summary());
    }
    return 0;
  }
}
