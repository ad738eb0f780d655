package io.containernetstat.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Shares collections between concurrent consumers (scrapes, pushes); thread-safe.
 *
 * <p>A snapshot younger than the minimum interval is reused, and callers that arrive while a collection
 * runs wait for it and share its result: a flood of scrapes costs one procfs read per interval, not one
 * per scrape.
 */
public final class SharedCollector {
  private final Collector collector;
  private final long minIntervalNanos;
  private final Object lock = new Object();
  private volatile Snapshot last;
  private long lastNanos;
  private volatile long generation;

  /**
   * Creates the shared collector.
   *
   * @param collector the collector to share
   * @param minInterval how long a snapshot is reused; zero collects on every call
   */
  public SharedCollector(Collector collector, Duration minInterval) {
    this.collector = Objects.requireNonNull(collector, "collector == null");
    if (minInterval.isNegative()) {
      throw new IllegalArgumentException("minInterval < 0: " + minInterval);
    }
    this.minIntervalNanos = minInterval.toNanos();
  }

  /** {@return a snapshot no older than the minimum interval, collecting one if needed} */
  public Snapshot get() {
    long arrived = generation;
    synchronized (lock) {
      Snapshot s = last;
      // A collection that completed while this caller waited for the lock is shared, whatever the interval.
      if (s != null && (generation != arrived || System.nanoTime() - lastNanos < minIntervalNanos)) {
        return s;
      }
      s = collector.collect();
      last = s;
      lastNanos = System.nanoTime();
      generation++;
      return s;
    }
  }

  /** {@return the latest snapshot without collecting, empty before the first collection} */
  public Optional<Snapshot> last() {
    return Optional.ofNullable(last);
  }

  /** {@return the shared collector} */
  public Collector collector() {
    return collector;
  }
}
