package io.demoshard.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the configuration layers once, in increasing precedence:
 * {@code conf/defaults.conf < conf/<env>.conf < jobs/<job>.conf < --conf FILE < -D key=value}.
 *
 * <p>The defaults, overlays and job specs are packaged into the jar (from the repo's
 * {@code conf/} and {@code jobs/} folders), so the same layers apply under spark-submit.
 * Keys that the defaults do not declare are rejected, so a typo fails at start-up instead
 * of silently running with a default.
 */
public final class ConfigLoader {
  public static final String ROOT = "demoshard";
  /** Sub-trees whose keys are free-form (passed through to Spark). */
  private static final List<String> FREE_FORM = List.of("demoshard.spark.settings");

  private ConfigLoader() {}

  public static Config load(String env, String job, File confFile, Map<String, String> overrides) {
    ConfigParseOptions required = ConfigParseOptions.defaults().setAllowMissing(false);
    Config defaults = ConfigFactory.parseResources("demoshard/conf/defaults.conf", required);
    Config layered = defaults;
    if (env != null && !env.isEmpty()) {
      layered = ConfigFactory.parseResources("demoshard/conf/" + env + ".conf", required).withFallback(layered);
    }
    if (job != null && !job.isEmpty()) {
      layered = ConfigFactory.parseResources("demoshard/jobs/" + job + ".conf", required).withFallback(layered);
    }
    if (confFile != null) {
      if (!confFile.isFile()) {
        throw new IllegalArgumentException("--conf file not found: " + confFile);
      }
      layered = ConfigFactory.parseFile(confFile, required).withFallback(layered);
    }
    if (overrides != null && !overrides.isEmpty()) {
      layered = ConfigFactory.parseMap(overrides, "-D overrides").withFallback(layered);
    }
    Config resolved = layered.resolve();
    rejectUnknownKeys(defaults.resolve(), resolved);
    return resolved;
  }

  /** Parses {@code key=value}; keys without the {@code demoshard.} prefix get it. */
  public static Map.Entry<String, String> parseOverride(String kv) {
    int eq = kv.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("-D expects key=value, got: " + kv);
    }
    String key = kv.substring(0, eq).trim();
    if (!key.startsWith(ROOT + ".")) {
      key = ROOT + "." + key;
    }
    return Map.entry(key, kv.substring(eq + 1).trim());
  }

  static void rejectUnknownKeys(Config defaults, Config effective) {
    Set<String> unknown = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : effective.getConfig(ROOT).entrySet()) {
      String path = ROOT + "." + e.getKey();
      if (FREE_FORM.stream().anyMatch(path::startsWith)) {
        continue;
      }
      if (!defaults.hasPathOrNull(path)) {
        unknown.add(path);
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException.Generic("unknown configuration keys: " + new ArrayList<>(unknown));
    }
  }
}
