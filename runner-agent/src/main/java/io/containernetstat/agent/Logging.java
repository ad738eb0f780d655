package io.containernetstat.agent;

/**
 * Sets up the SLF4J simple binding: one line per event on stderr, with time and level. Called once,
 * before the first logger is created (slf4j-simple reads its settings then).
 *
 * <p>In the shaded jar the binding is relocated with SLF4J, so its {@code org.slf4j.simpleLogger.*}
 * system properties carry the relocated prefix too: {@code --log-level} is the supported switch.
 */
final class Logging {
  private static final String PREFIX = "org.slf4j.simpleLogger.";
  /**
   * docker-java's embedded HTTP client logs each retried request at INFO. Not a constant expression on
   * purpose: the shade plugin relocates the string as a whole, as it relocates the classes' logger names.
   */
  private static final String DOCKER_JAVA = "com.github.dockerjava".strip();

  private Logging() {}

  static void configure(Settings.LogLevel level) {
    System.setProperty(PREFIX + "defaultLogLevel", level.text());
    System.setProperty(PREFIX + "logFile", "System.err");
    System.setProperty(PREFIX + "showDateTime", "true");
    System.setProperty(PREFIX + "dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    System.setProperty(PREFIX + "showThreadName", "false");
    System.setProperty(PREFIX + "showLogName", "false");
    System.setProperty(PREFIX + "showShortLogName", "false");
    if (level == Settings.LogLevel.INFO) {
      System.setProperty(PREFIX + "log." + DOCKER_JAVA, "warn");
    }
  }
}
