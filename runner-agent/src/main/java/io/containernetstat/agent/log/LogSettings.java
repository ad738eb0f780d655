package io.containernetstat.agent.log;

import org.slf4j.event.Level;

/**
 * The levels loggers print at: one for everything, and a quieter one for loggers under a name prefix
 * (docker-java's embedded HTTP client logs each retried request at INFO). Immutable.
 *
 * @param level the lowest level printed
 * @param quietPrefix logger names starting with it print at {@code quietLevel} at the least; empty for none
 * @param quietLevel the lowest level printed under {@code quietPrefix}
 * @param format how each event is written
 */
public record LogSettings(Level level, String quietPrefix, Level quietLevel, LogFormat format) {
  /** Before {@link StderrLoggerProvider#configure} is called: INFO, nothing quieter, text. */
  public static final LogSettings DEFAULT = new LogSettings(Level.INFO, "", Level.INFO, LogFormat.TEXT);

  /**
   * The settings of text lines.
   *
   * @param level the lowest level printed
   * @param quietPrefix logger names starting with it print at {@code quietLevel} at the least; empty for none
   * @param quietLevel the lowest level printed under {@code quietPrefix}
   */
  public LogSettings(Level level, String quietPrefix, Level quietLevel) {
    this(level, quietPrefix, quietLevel, LogFormat.TEXT);
  }

  /**
   * Validates the settings.
   *
   * @throws NullPointerException if an argument is null
   */
  public LogSettings {
    java.util.Objects.requireNonNull(level, "level == null");
    java.util.Objects.requireNonNull(quietPrefix, "quietPrefix == null");
    java.util.Objects.requireNonNull(quietLevel, "quietLevel == null");
    java.util.Objects.requireNonNull(format, "format == null");
  }

  /** {@return the lowest level the named logger prints} */
  Level threshold(String name) {
    if (!quietPrefix.isEmpty() && name != null && name.startsWith(quietPrefix)
        && quietLevel.toInt() > level.toInt()) {
      return quietLevel;
    }
    return level;
  }
}
