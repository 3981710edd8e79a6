package io.demoshard.cli;

import io.demoshard.config.DemoshardConfig;
import io.demoshard.pipeline.NightlyJob;
import io.demoshard.pipeline.NightlyResult;
import io.demoshard.privacy.PseudonymKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.LocalDate;
import java.util.concurrent.Callable;

@Command(name = "nightly", mixinStandardHelpOptions = true,
    description = "Builds and publishes one day's episodes: ingest, join, reduce, segment, privacy, dedup, publish.")
public final class NightlyCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--raw", required = true, paramLabel = "RAW", description = "Raw root (any Hadoop FileSystem URI).")
  String raw;

  @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output root (any Hadoop FileSystem URI).")
  String out;

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "UTC day to process.")
  LocalDate date;

  @Override
  public Integer call() {
    DemoshardConfig cfg = common.load("nightly");
    PseudonymKey key = PseudonymKey.load(cfg.privacy());
    NightlyResult r = common.withSpark(cfg, spark -> new NightlyJob(spark, cfg, key).run(raw, out, date));
    System.out.println(r.summary());
    return 0;
  }
}
