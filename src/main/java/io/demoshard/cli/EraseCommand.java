package io.demoshard.cli;

import io.demoshard.config.DemoshardConfig;
import io.demoshard.dedup.DedupState;
import io.demoshard.erase.QuarantinePurge;
import io.demoshard.erase.EraseJob;
import io.demoshard.erase.EraseResult;
import io.demoshard.ops.Lease;
import io.demoshard.ops.Preflight;
import io.demoshard.ops.Trash;
import io.demoshard.pipeline.ErasureLedger;
import io.demoshard.privacy.PseudonymKey;
import io.demoshard.spark.HadoopConf;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

@Command(name = "erase", mixinStandardHelpOptions = true,
    description = {"Applies erasure requests (RAW/erasure/*.csv) to every published version: appends the users to "
        + "the erasure ledger, rewrites the shards and lineage that hold their episodes, writes an audit record.",
        "Exit 0: done; 2: done for every valid request but some CSV rows are malformed (fix and rerun); "
            + "1: failed (committed versions stay as they were; rerun); 3: another writer holds OUT/_lock.",
        "Replaced files are deleted, never kept in OUT/_trash, and kept versions holding erased users are deleted."})
public final class EraseCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--raw", required = true, paramLabel = "RAW", description = "Raw root holding erasure/*.csv.")
  String raw;

  @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output root of the published versions.")
  String out;

  @Option(names = "--break-lock", description = "Take over a stale OUT/_lock (see nightly --help).")
  boolean breakLock;

  @Override
  public Integer call() {
    DemoshardConfig cfg = common.load("erase");
    Preflight pf = Preflight.from(cfg);
    Preflight.key(cfg.privacy());
    pf.erasureRequests(raw);
    pf.writableOut(out);
    PseudonymKey key = PseudonymKey.load(cfg.privacy());
    EraseResult r;
    try (Lease lease = common.lease(cfg, pf, out, "erase", breakLock)) {
      r = common.withSpark(cfg, spark -> new EraseJob(spark, cfg, key, keys -> {
        DedupState.removeUsers(spark, out, keys);
        QuarantinePurge.removeUsers(spark, out, keys);
        // Replaced versions kept for rollback must not keep erased users either.
        HadoopConf hadoop = new HadoopConf(spark.sparkContext().hadoopConfiguration());
        try {
          Path root = new Path(out);
          int n = Trash.purgeForErasure(spark, hadoop.fs(root), root, keys, ErasureLedger.load(hadoop, out));
          if (n > 0) {
            System.err.println("demoshard erase: deleted " + n + " replaced version(s) kept for rollback that held"
                + " erased users (or could not be checked)");
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot purge the kept versions under " + out + "/_trash", e);
        }
      }).run(raw, out));
      lease.ensureHeld();
    }
    System.out.println(r.summary());
    if (r.malformedRows() > 0) {
      System.err.println("demoshard erase: " + r.malformedRows() + " malformed erasure row(s) " + r.malformedByFile()
          + " (those naming a known employee were applied): fix them and rerun");
      return 2;
    }
    return 0;
  }
}
