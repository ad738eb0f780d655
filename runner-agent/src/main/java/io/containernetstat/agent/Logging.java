package io.containernetstat.agent;

import io.containernetstat.agent.log.LogFormat;
import io.containernetstat.agent.log.LogSettings;
import io.containernetstat.agent.log.StderrLoggerProvider;
import org.slf4j.event.Level;

/**
 * Sets the levels of the agent's SLF4J binding ({@link StderrLoggerProvider}: one line per event on
 * stderr, with time and level) from {@code --log-level} and {@code --log-format}.
 */
final class Logging {
  /**
   * docker-java's embedded HTTP client logs each retried request at INFO. Not a constant expression on
   * purpose: the shade plugin relocates the string as a whole, as it relocates the classes' logger names.
   */
  static final String DOCKER_JAVA = "com.github.dockerjava".strip();

  private Logging() {}

  static void configure(Settings.LogLevel level, LogFormat format) {
    Level threshold = Level.valueOf(level.name());
    // at the default level docker-java keeps to warnings; --log-level debug shows it all
    StderrLoggerProvider.configure(level == Settings.LogLevel.INFO
        ? new LogSettings(threshold, DOCKER_JAVA, Level.WARN, format)
        : new LogSettings(threshold, "", threshold, format));
  }
}
