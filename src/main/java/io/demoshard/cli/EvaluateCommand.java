package io.demoshard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.demoshard.config.DemoshardConfig;
import io.demoshard.eval.Evaluator;
import io.demoshard.ops.Preflight;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Scores a published night against the simulator's ground truth (RAW/_truth/): episode boundary "
        + "precision/recall/F1, action-type accuracy, coordinate error, observation-frame accuracy, and dedup "
        + "against truth (re-uploads published twice, repeats published beyond max-per-cluster, distinct episodes removed), "
        + "and screenshot redaction by pixels against the text-box truth (PII box recall by kind, control text kept, "
        + "frames with zero PII left; docs/SIMULATOR.md).")
public final class EvaluateCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--raw", required = true, paramLabel = "RAW", description = "Raw root with _truth/.")
  String raw;

  @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output root of the published night.")
  String out;

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "The night to score.")
  LocalDate date;

  @Option(names = "--tolerance-ms", defaultValue = "1000", paramLabel = "MS",
      description = "A predicted episode boundary matches a true one within this many ms (default 1000).")
  long toleranceMs;

  @Override
  public Integer call() throws Exception {
    DemoshardConfig cfg = common.load("evaluate");
    Preflight pf = Preflight.from(cfg);
    pf.truth(raw);
    pf.committedVersion(out, date);
    Map<String, Object> report = common.withSpark(cfg, spark -> new Evaluator(spark, toleranceMs)
        .evaluate(raw, out, date));
    System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
    return 0;
  }
}
