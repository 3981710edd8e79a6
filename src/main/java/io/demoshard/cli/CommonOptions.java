package io.demoshard.cli;

import com.typesafe.config.Config;
import io.demoshard.config.ConfigLoader;
import io.demoshard.config.DemoshardConfig;
import io.demoshard.ops.Lease;
import io.demoshard.ops.Preflight;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Options every command shares: configuration layers and the Spark master. */
public final class CommonOptions {
  @Option(names = "--conf", paramLabel = "FILE", description = "HOCON file layered over the job spec.")
  File confFile;

  @Option(names = "-D", paramLabel = "key=value",
      description = "Override one configuration key (the 'demoshard.' prefix is optional); repeatable.")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--env", paramLabel = "NAME", defaultValue = "${env:DEMOSHARD_ENV:-local}",
      description = "Environment overlay conf/NAME.conf (default: local, or $DEMOSHARD_ENV).")
  String env;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master. Without it, an embedded local[*] Spark runs; scripts/demoshard hands "
          + "any non-local master to spark-submit.")
  String master;

  /**
   * Runs {@code body} with the job's SparkSession and stops the session afterwards, unless it
   * existed before (a caller in the same JVM, e.g. a test, keeps its own).
   */
  <T> T withSpark(DemoshardConfig cfg, java.util.function.Function<org.apache.spark.sql.SparkSession, T> body) {
    boolean existing = org.apache.spark.sql.SparkSession.getDefaultSession().isDefined();
    org.apache.spark.sql.SparkSession spark = io.demoshard.spark.SparkSessions.create(cfg.spark(), master);
    try {
      return body.apply(spark);
    } finally {
      if (!existing) {
        spark.stop();
      }
    }
  }

  /**
   * Takes the writer lease {@code OUT/_lock} for {@code command} (before any Spark work), so a
   * second writer fails at once naming the holder. Close it when the command ends.
   */
  Lease lease(DemoshardConfig cfg, Preflight preflight, String out, String command, boolean breakLock) {
    Path root = new Path(out);
    try {
      return Lease.acquire(root.getFileSystem(preflight.conf()), root, command,
          Duration.ofMillis(cfg.lock().staleAfterMs()), breakLock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take the lease " + out + "/" + Lease.NAME + ": " + e.getMessage(), e);
    }
  }

  /** Reads the layers for {@code job} once into the typed configuration. */
  DemoshardConfig load(String job) {
    Map<String, String> prefixed = new LinkedHashMap<>();
    overrides.forEach((k, v) -> {
      Map.Entry<String, String> e = ConfigLoader.parseOverride(k + "=" + v);
      prefixed.put(e.getKey(), e.getValue());
    });
    Config c;
    try {
      c = ConfigLoader.load(env, job, confFile, prefixed);
      return DemoshardConfig.from(c);
    } catch (com.typesafe.config.ConfigException e) {
      throw new Preflight.Refused("invalid configuration: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new Preflight.Refused(e.getMessage());
    }
  }
}
