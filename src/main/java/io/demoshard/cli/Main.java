package io.demoshard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the job jar: {@code demoshard <command> [options]}. */
@Command(name = "demoshard", mixinStandardHelpOptions = true, version = "demoshard 0.1.0",
    description = "Builds computer-use training shards from raw desktop recordings.",
    subcommands = {SimulateCommand.class, NightlyCommand.class, DemoCommand.class, EvaluateCommand.class,
        EraseCommand.class, PrivacyAuditCommand.class, FramesCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command and returns its exit code; errors become one line on stderr. */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      Throwable root = ex;
      while (root.getCause() != null && root.getMessage() == null) {
        root = root.getCause();
      }
      cmd.getErr().println("demoshard " + cmd.getCommandName() + ": error: "
          + (root.getMessage() != null ? root.getMessage().lines().findFirst().orElse("") : root.toString()));
      if (System.getenv("DEMOSHARD_DEBUG") != null) {
        ex.printStackTrace(cmd.getErr());
      }
      return 1;
    });
    return cl.execute(args);
  }
}
