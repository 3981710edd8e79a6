package io.demoshard.cli;

import io.demoshard.config.DemoshardConfig;
import io.demoshard.dedup.DedupState;
import io.demoshard.erase.QuarantinePurge;
import io.demoshard.erase.EraseJob;
import io.demoshard.erase.EraseResult;
import io.demoshard.privacy.PseudonymKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "erase", mixinStandardHelpOptions = true,
    description = {"Applies erasure requests (RAW/erasure/*.csv) to every published version: appends the users to "
        + "the erasure ledger, rewrites the shards and lineage that hold their episodes, writes an audit record.",
        "Exit 0: done; 2: done for every valid request but some CSV rows are malformed (fix and rerun); "
            + "1: failed (committed versions stay as they were; rerun)."})
public final class EraseCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--raw", required = true, paramLabel = "RAW", description = "Raw root holding erasure/*.csv.")
  String raw;

  @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output root of the published versions.")
  String out;

  @Override
  public Integer call() {
    DemoshardConfig cfg = common.load("erase");
    PseudonymKey key = PseudonymKey.load(cfg.privacy());
    EraseResult r = common.withSpark(cfg, spark -> new EraseJob(spark, cfg, key, keys -> {
      DedupState.removeUsers(spark, out, keys);
      QuarantinePurge.removeUsers(spark, out, keys);
    }).run(raw, out));
    System.out.println(r.summary());
    if (r.malformedRows() > 0) {
      System.err.println("demoshard erase: " + r.malformedRows() + " malformed erasure row(s) " + r.malformedByFile()
          + " (those that name a user were applied): fix them and rerun");
      return 2;
    }
    return 0;
  }
}
