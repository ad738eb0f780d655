package io.containernetstat.agent.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The help section listing each option's environment variable ({@link EnvironmentDefaults}), before the
 * exit codes. Stateless.
 */
public final class EnvironmentHelp implements IHelpSectionRenderer {
  private static final String KEY = "environment";

  private EnvironmentHelp() {}

  /**
   * Adds the section to a command line's help.
   *
   * @param commandLine the command line
   */
  public static void install(CommandLine commandLine) {
    commandLine.getHelpSectionMap().put(KEY, new EnvironmentHelp());
    List<String> sections = new ArrayList<>(commandLine.getHelpSectionKeys());
    sections.add(sections.indexOf(UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST_HEADING), KEY);
    commandLine.setHelpSectionKeys(sections);
  }

  @Override
  public String render(Help help) {
    StringBuilder text = new StringBuilder(String.format("%nEnvironment (each option can also be set by a variable;"
        + " the command line wins):%n"));
    for (OptionSpec option : help.commandSpec().options()) {
      if (EnvironmentDefaults.hasVariable(option)) {
        text.append(String.format("  %-40s %s%n", EnvironmentDefaults.variable(option), option.longestName()));
      }
    }
    text.append(String.format("  %-40s %s%n", "DOCKER_HOST", "used when --docker-host is not set"));
    return text.toString();
  }
}
