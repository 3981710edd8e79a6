package io.demoshard.cli;

import io.demoshard.config.DemoshardConfig;
import io.demoshard.publish.DatasetReader;
import io.demoshard.publish.Splits;
import io.demoshard.spark.HadoopConf;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

/** Writes published frames (as they are in the shards: redacted, metadata-free) to image files for a person to look at. */
@Command(name = "frames", mixinStandardHelpOptions = true,
    description = {"Writes frames of a published version to image files, exactly as training readers get them "
        + "(text-redacted, no metadata), most-redacted first; prints one line per file."})
public final class FramesCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output root of the published versions.")
  String out;

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "The version to read.")
  LocalDate date;

  @Option(names = "--to", required = true, paramLabel = "DIR", description = "Local folder to write the files to.")
  Path to;

  @Option(names = "--limit", defaultValue = "20", paramLabel = "N", description = "How many frames (default 20).")
  int limit;

  @Override
  public Integer call() throws IOException {
    if (limit <= 0) {
      throw new IllegalArgumentException("--limit must be > 0");
    }
    DemoshardConfig cfg = common.load("frames");
    Files.createDirectories(to);
    List<Row> frames = common.withSpark(cfg, spark -> {
      DatasetReader v = DatasetReader.open(spark, new HadoopConf(spark.sparkContext().hadoopConfiguration()),
          out.replaceAll("/+$", "") + "/" + date);
      org.apache.spark.sql.Dataset<Row> all = null;
      for (String split : Splits.ALL) {
        org.apache.spark.sql.Dataset<Row> d = v.read(split).select(col("episode_id"), explode(col("frames")).as("f"))
            .select(col("episode_id"), col("f.idx").as("idx"), col("f.format").as("format"),
                col("f.redactions").as("redactions"), col("f.image.bytes").as("bytes"));
        all = all == null ? d : all.union(d);
      }
      return all.orderBy(col("redactions").desc(), col("episode_id"), col("idx")).limit(limit).collectAsList();
    });
    for (Row r : frames) {
      String ext = r.getString(2).equals("jpeg") ? "jpg" : r.getString(2);
      Path f = to.resolve(r.getString(0) + "-" + r.getInt(1) + "." + ext);
      Files.write(f, (byte[]) r.get(4));
      System.out.println(f + "  (" + r.getInt(3) + " boxes painted)");
    }
    if (frames.isEmpty()) {
      System.out.println("no frames in " + out + "/" + date);
    }
    return 0;
  }
}
