package io.containernetstat.agent.cli;

import java.time.Duration;

/** A positive duration written with units, as {@link Durations#parse} reads it: {@code --interval 60s}. */
public final class DurationConverter extends ParsingConverter<Duration> {
  /** Makes the converter (picocli does, from the option's {@code converter} attribute). */
  public DurationConverter() {
    super(Durations::parse);
  }
}
