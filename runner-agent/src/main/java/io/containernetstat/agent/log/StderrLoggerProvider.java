package io.containernetstat.agent.log;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The agent's SLF4J binding (found through {@code META-INF/services}): {@link StderrLogger}s on
 * {@code System.err}. {@link #configure} sets the levels; loggers created before read the new settings too.
 */
public final class StderrLoggerProvider implements SLF4JServiceProvider {
  private static volatile LogSettings settings = LogSettings.DEFAULT;

  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new NOPMDCAdapter();
  private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
  private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name,
      n -> new StderrLogger(n, StderrLoggerProvider::settings, System.err));

  /**
   * Sets the levels of every logger, existing or future.
   *
   * @param s the settings
   */
  public static void configure(LogSettings s) {
    settings = Objects.requireNonNull(s, "settings == null");
  }

  /** {@return the levels in force} */
  static LogSettings settings() {
    return settings;
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return factory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {
    // nothing to set up: loggers are made on demand
  }

}
