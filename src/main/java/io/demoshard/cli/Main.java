package io.demoshard.cli;

import io.demoshard.ops.Lease;
import io.demoshard.ops.Preflight;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Entry point of the job jar: {@code demoshard <command> [options]}. */
@Command(name = "demoshard", mixinStandardHelpOptions = true, version = "demoshard " + io.demoshard.BuildInfo.VERSION,
    description = "Builds computer-use training shards from raw desktop recordings.",
    subcommands = {SimulateCommand.class, NightlyCommand.class, DemoCommand.class, EvaluateCommand.class,
        EraseCommand.class, PrivacyAuditCommand.class, RollbackCommand.class, FramesCommand.class,
        ReportCommand.class, InspectCommand.class, ValidateCommand.class, BenchCommand.class},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:done", "1:failed (the message says why; DEMOSHARD_DEBUG=1 prints the stack trace)",
        "2:refused: bad option or input, nothing was changed", "3:another writer holds OUT/_lock"})
public final class Main implements Runnable {
  /** Exit code of a refusal before any work: usage error, preflight check, invalid configuration. */
  public static final int REFUSED = 2;
  /** Exit code when another writer holds the lease. */
  public static final int LOCKED = 3;

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
    cl.registerConverter(LocalDate.class, Main::date);
    cl.setParameterExceptionHandler((ex, a) -> {
      CommandLine cmd = ex.getCommandLine();
      cmd.getErr().println(prefix(cmd) + ex.getMessage() + " (see --help)");
      return REFUSED;
    });
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      int code = 1;
      String msg;
      Preflight.Refused refused = find(ex, Preflight.Refused.class);
      Lease.HeldException held = find(ex, Lease.HeldException.class);
      if (refused != null) {
        code = REFUSED;
        msg = refused.getMessage();
      } else if (held != null) {
        code = LOCKED;
        msg = held.getMessage();
      } else {
        msg = describe(ex);
      }
      cmd.getErr().println(prefix(cmd) + "error: " + firstLine(msg));
      if (System.getenv("DEMOSHARD_DEBUG") != null) {
        ex.printStackTrace(cmd.getErr());
      }
      return code;
    });
    return cl.execute(args);
  }

  /** Dates everywhere are ISO days; the message says so instead of a parser's exception text. */
  static LocalDate date(String s) {
    try {
      return LocalDate.parse(s.strip());
    } catch (DateTimeParseException e) {
      throw new CommandLine.TypeConversionException("expected a date as YYYY-MM-DD (e.g. 2026-11-20), got '"
          + s + "'");
    }
  }

  private static String prefix(CommandLine cmd) {
    String name = cmd.getCommandName();
    return "demoshard".equals(name) ? "demoshard: " : "demoshard " + name + ": ";
  }

  /**
   * The most useful one-line text of a failure: Spark's analysis errors (a path that does not
   * exist, a missing column) by their message, otherwise the first message in the cause chain.
   */
  static String describe(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t.getClass().getName().equals("org.apache.spark.sql.AnalysisException")) {
        String m = t.getMessage() == null ? "" : t.getMessage();
        if (m.contains("PATH_NOT_FOUND")) {
          return "a path does not exist: " + m.replaceAll("\\[PATH_NOT_FOUND]\\s*(Path does not exist:\\s*)?", "")
              .replaceAll("\\s*SQLSTATE.*", "") + " (check --raw/--out and --date)";
        }
        return m;
      }
    }
    Throwable root = ex;
    while (root.getCause() != null && root.getMessage() == null) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.toString();
  }

  private static <T extends Throwable> T find(Throwable ex, Class<T> type) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static String firstLine(String m) {
    return m == null ? "" : m.lines().findFirst().orElse("");
  }
}
