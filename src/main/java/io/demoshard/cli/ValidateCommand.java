package io.demoshard.cli;

import io.demoshard.config.DemoshardConfig;
import io.demoshard.ingest.RawDropCheck;
import io.demoshard.ops.Preflight;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.time.LocalDate;
import java.util.concurrent.Callable;

/** Says what a raw drop holds, with ingest's own checks, without building or writing anything (no Spark). */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = {"Reads one upload day of a raw drop (RAW_FORMAT.md) on the driver and reports files, lines, "
        + "sessions, users, frames, every fault kind found (named as nightly quarantines it) and consent coverage "
        + "(users with events vs consent rows, and tonight's consent decision for them). Builds nothing, writes "
        + "nothing, starts no Spark.",
        "Only upload day D is read (nightly also reads ingest.lookbehind-days/lookahead-days around it)."})
public final class ValidateCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--raw", required = true, paramLabel = "RAW", description = "Raw root (any Hadoop FileSystem URI).")
  String raw;

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "Upload day to check.")
  LocalDate date;

  @Option(names = "--skip-images", description = "Do not decode the screenshots (faster; image faults are not counted).")
  boolean skipImages;

  @Option(names = "--counts", description = "Also print every counter, one per line.")
  boolean allCounts;

  @Override
  public Integer call() throws IOException {
    DemoshardConfig cfg = common.load("validate");
    Preflight pf = Preflight.from(cfg);
    pf.rawRoot(raw);
    RawDropCheck.Report r = new RawDropCheck(pf.conf(), cfg.ingest(), cfg.privacy().excludedRegions(), !skipImages)
        .run(raw, date);
    System.out.print(RawDropCheck.render(r));
    if (allCounts) {
      r.counts().asMap().forEach((k, v) -> System.out.println(k + " = " + v));
    }
    return 0;
  }
}
