package io.demoshard.cli;

import com.typesafe.config.Config;
import io.demoshard.config.ConfigLoader;
import io.demoshard.config.DemoshardConfig;
import picocli.CommandLine.Option;

import java.io.File;
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

  /** Reads the layers for {@code job} once into the typed configuration. */
  DemoshardConfig load(String job) {
    Map<String, String> prefixed = new LinkedHashMap<>();
    overrides.forEach((k, v) -> {
      Map.Entry<String, String> e = ConfigLoader.parseOverride(k + "=" + v);
      prefixed.put(e.getKey(), e.getValue());
    });
    Config c = ConfigLoader.load(env, job, confFile, prefixed);
    return DemoshardConfig.from(c);
  }
}
