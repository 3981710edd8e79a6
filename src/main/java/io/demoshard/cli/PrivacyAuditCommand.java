package io.demoshard.cli;

import io.demoshard.config.DemoshardConfig;
import io.demoshard.erase.PrivacyAudit;
import io.demoshard.ops.Preflight;
import io.demoshard.privacy.PseudonymKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.LocalDate;
import java.util.concurrent.Callable;

@Command(name = "privacy-audit", mixinStandardHelpOptions = true,
    description = {"Audits one published version: checksums, the privacy gate over every shard row, and the "
        + "lineage against the erasure ledger (and, with --raw, the erasure requests).",
        "Prints a one-line verdict and findings by column and kind (never values). Exit 0 when clean, 1 otherwise."})
public final class PrivacyAuditCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output root of the published versions.")
  String out;

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "The version to audit.")
  LocalDate date;

  @Option(names = "--raw", paramLabel = "RAW",
      description = "Also check the erasure requests in RAW/erasure/*.csv (needs the pseudonym key); required to "
          + "check erasures of a version built with privacy.key-per-version.")
  String raw;

  @Override
  public Integer call() {
    DemoshardConfig cfg = common.load("privacy-audit");
    Preflight pf = Preflight.from(cfg);
    pf.committedVersion(out, date);
    if (raw != null) {
      pf.rawRoot(raw);
      Preflight.key(cfg.privacy());
    }
    PrivacyAudit.Verdict v = common.withSpark(cfg, spark ->
        new PrivacyAudit(spark, cfg, () -> PseudonymKey.load(cfg.privacy())).run(out, date, raw));
    v.lines().forEach(System.out::println);
    return v.exitCode();
  }
}
