package io.containernetstat.sink.prometheus.internal.web;

/**
 * exporter-toolkit's rate limit (Go's {@code rate.Limiter}): a bucket of {@code burst} tokens refilled
 * at one per interval; a request takes one or is refused. Thread-safe. Not API.
 */
public final class TokenBucket {
  private final long intervalNanos;
  private final int burst;
  private final java.util.function.LongSupplier clock;
  private double tokens;
  private long last;

  /**
   * @param limit the rate and the burst
   * @param clock nanoseconds, {@code System::nanoTime} outside tests
   */
  public TokenBucket(RateLimit limit, java.util.function.LongSupplier clock) {
    this.intervalNanos = limit.interval().toNanos();
    this.burst = limit.burst();
    this.clock = clock;
    this.tokens = burst;
    this.last = clock.getAsLong();
  }

  /** {@return whether a request may go ahead now; takes its token if so} */
  public synchronized boolean allow() {
    long now = clock.getAsLong();
    tokens = Math.min(burst, tokens + (double) (now - last) / intervalNanos);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
