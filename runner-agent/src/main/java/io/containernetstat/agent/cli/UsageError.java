package io.containernetstat.agent.cli;

import io.containernetstat.agent.log.TerminalText;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * A bad option: one line on stderr naming it ({@code container-netstat: <reason> (see --help)}), with the
 * variable it came from when the command line did not give it, and the usage exit code. No usage dump:
 * it would hide the reason. Stateless.
 */
public final class UsageError implements IParameterExceptionHandler {
  private final int exitCode;

  /**
   * Makes the handler.
   *
   * @param exitCode what the run exits with
   */
  public UsageError(int exitCode) {
    this.exitCode = exitCode;
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    String message = e.getMessage() == null ? "invalid command line" : e.getMessage().strip();
    int nl = message.indexOf('\n');
    if (nl >= 0) {
      message = message.substring(0, nl).strip();
    }
    if (e.getArgSpec() instanceof OptionSpec && !given((OptionSpec) e.getArgSpec(), args)) {
      message += " (from " + EnvironmentDefaults.variable((OptionSpec) e.getArgSpec()) + ")";
    }
    cl.getErr().println("container-netstat: " + TerminalText.escape(message) + " (see --help)");
    cl.getErr().flush();
    return exitCode;
  }

  /** {@return whether the option is on the command line, so its value did not come from the environment} */
  private static boolean given(OptionSpec option, String[] args) {
    for (String arg : args) {
      for (String name : option.names()) {
        if (arg.equals(name) || arg.startsWith(name + "=")) {
          return true;
        }
      }
    }
    return false;
  }
}
