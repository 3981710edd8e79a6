package io.demoshard.sim;

import io.demoshard.config.DemoshardConfig.SimulateConfig;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.time.LocalDate;

/** Recorder simulator (being written on branch sim). */
public final class Simulator {
  private final SimulateConfig cfg;
  private final Configuration conf;

  public Simulator(SimulateConfig cfg, Configuration conf) {
    this.cfg = cfg;
    this.conf = conf;
  }

  public SimulationSummary run(String rawRoot, LocalDate date, boolean faults) throws IOException {
    throw new UnsupportedOperationException("simulator not merged yet");
  }
}
