package io.containernetstat.agent;

import java.io.PrintStream;
import java.util.Map;

/**
 * The agent's entry point: {@code java -jar container-netstat.jar [options]}. See {@code --help} and
 * USAGE.md.
 */
public final class Main {
  private Main() {}

  /**
   * Runs the agent and exits with its code: 0 when the collection ran, 1 when nothing could be read or
   * the daemon could not start, 2 for an invalid option.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(System.getenv(), System.out, System.err, args));
  }

  /**
   * Runs the agent without exiting the JVM.
   *
   * @param env the environment the options' variables are read from
   * @param out where reports, help and the version go
   * @param err where errors go
   * @param args the command line
   * @return the exit code
   */
  static int run(Map<String, String> env, PrintStream out, PrintStream err, String... args) {
    return AgentCommand.commandLine(env, out, err).execute(args);
  }
}
