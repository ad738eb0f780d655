package io.containernetstat.sink.prometheus.internal.web;

import java.time.Duration;

/**
 * exporter-toolkit's {@code rate_limit}: one request per {@code interval} on average, with bursts of
 * {@code burst}; immutable. Not API.
 *
 * @param interval the time between two requests on average; positive
 * @param burst how many requests may come at once; 0 lets none through, as in Go's limiter
 */
public record RateLimit(Duration interval, int burst) {
  /** Validates. */
  public RateLimit {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval not positive: " + interval);
    }
    if (burst < 0) {
      throw new IllegalArgumentException("burst < 0: " + burst);
    }
  }
}
