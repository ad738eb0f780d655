package io.containernetstat.agent.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Takes an option's value from the environment when the command line does not give it:
 * {@code --proc-root} from {@code CONTAINER_NETSTAT_PROC_ROOT}, as a Kubernetes DaemonSet sets them.
 * Immutable.
 *
 * <p>An empty variable counts as unset (Kubernetes writes {@code value: ""} for a cleared field). A
 * list option takes a comma-separated value ({@code CONTAINER_NETSTAT_SINK=prometheus,openfalcon}).
 * {@code --help} and {@code --version} have no variable.
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {
  /** What every variable starts with. */
  public static final String PREFIX = "CONTAINER_NETSTAT_";

  private final Map<String, String> env;

  /**
   * Makes the provider of one environment.
   *
   * @param env the environment ({@code System.getenv()}, or a test's)
   */
  public EnvironmentDefaults(Map<String, String> env) {
    this.env = Objects.requireNonNull(env, "env == null");
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec) || !hasVariable((OptionSpec) arg)) {
      return null;
    }
    String value = env.get(variable((OptionSpec) arg));
    return value == null || value.isEmpty() ? null : value;
  }

  /** {@return whether the option can be set from the environment} */
  public static boolean hasVariable(OptionSpec option) {
    return !option.usageHelp() && !option.versionHelp();
  }

  /**
   * {@return the variable of an option: {@code --proc-root} is {@code CONTAINER_NETSTAT_PROC_ROOT}; an
   * option spelt two ways ({@code --web-config-file}, {@code --web.config.file}) has the variable of its
   * first name}
   */
  public static String variable(OptionSpec option) {
    String name = option.names()[0];
    int start = 0;
    while (start < name.length() && name.charAt(start) == '-') {
      start++;
    }
    return PREFIX + name.substring(start).replace('-', '_').replace('.', '_').toUpperCase(Locale.ROOT);
  }
}
