package io.containernetstat.agent.cli;

import java.time.Duration;

/** A positive duration written with units, as {@link Durations#parse} reads it: {@code --interval 60s}. */
public final class DurationConverter extends ParsingConverter<Duration> {
  /** Made by picocli, from the option's {@code converter} attribute. */
  public DurationConverter() {}

  @Override
  protected Duration parse(String text) {
    return Durations.parse(text);
  }
}
