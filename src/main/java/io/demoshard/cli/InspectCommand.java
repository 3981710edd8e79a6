package io.demoshard.cli;

import io.demoshard.config.DemoshardConfig;
import io.demoshard.ops.Preflight;
import io.demoshard.ops.VersionInspector;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;

/** Lists published versions, or shows one; reads manifests and markers only (no Spark, no lease: read-only). */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = {"Lists the versions under OUT (date, run id, rows and bytes per split, created, redaction "
        + "status, erasures applied, replaced versions kept, whether _SUCCESS is valid), or with --date shows one "
        + "in detail (manifest summary, splits, shards and their size on storage, counts).",
        "Read-only and driver-only: no Spark starts. Exit code 1 when a shown version is not readable."})
public final class InspectCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output root of the published versions.")
  String out;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Show this version in detail.")
  LocalDate date;

  @Override
  public Integer call() throws IOException {
    DemoshardConfig cfg = common.load("inspect");
    Path root = new Path(out);
    FileSystem fs = root.getFileSystem(Preflight.from(cfg).conf());
    VersionInspector inspector = new VersionInspector(fs, root);
    if (date == null) {
      List<VersionInspector.Version> versions = inspector.list();
      System.out.print(VersionInspector.renderList(root, versions));
      return versions.stream().allMatch(v -> v.commit().readable()) ? 0 : 1;
    }
    VersionInspector.Version v = inspector.version(date.toString());
    System.out.print(VersionInspector.renderDetail(v, inspector.shards(v)));
    boolean shardsOk = inspector.shards(v).stream().allMatch(s -> s.storage().equals("ok"));
    return v.commit().readable() && shardsOk ? 0 : 1;
  }
}
