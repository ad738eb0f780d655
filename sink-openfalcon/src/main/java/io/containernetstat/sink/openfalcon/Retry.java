package io.containernetstat.sink.openfalcon;

import io.containernetstat.core.internal.Require;
import java.time.Duration;
import java.util.Objects;

/**
 * How often a batch is tried, and how long is waited between tries; immutable.
 *
 * <p>Retried: connection failures, timeouts, 5xx, 408, 429 and Nightingale's 499 (queue full). Not retried:
 * other 4xx and 2xx replies with an unexpected body, which would fail the same way again.
 *
 * @param maxAttempts how many times a batch is tried before it counts as failed, at least 1 (1: no retry);
 *     default 3
 * @param initialBackoff the wait before the first retry, not negative; it doubles for each further retry;
 *     default 1 s
 * @param maxBackoff the longest wait between two attempts, at least {@code initialBackoff}; default 30 s
 */
public record Retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
  /** The defaults: 3 attempts, waiting 1 s, then 2 s, at most 30 s. */
  public static final Retry DEFAULTS = new Retry(3, Duration.ofSeconds(1), Duration.ofSeconds(30));

  /**
   * Checks the settings.
   *
   * @throws NullPointerException if a wait is null
   * @throws IllegalArgumentException if {@code maxAttempts < 1}, a wait is negative or
   *     {@code maxBackoff < initialBackoff}
   */
  public Retry {
    Require.atLeast(maxAttempts, 1, "maxAttempts");
    Objects.requireNonNull(initialBackoff, "initialBackoff == null");
    Objects.requireNonNull(maxBackoff, "maxBackoff == null");
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "backoff is not 0 <= initial <= max: " + initialBackoff + ", " + maxBackoff);
    }
  }
}
