package io.containernetstat.agent;

import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Logs a warning at most once per period for each kind of problem, and says how many were held back.
 * Thread-safe.
 *
 * <p>A node agent that logs the same failure every cycle fills the node's disk and buries the first,
 * useful line; one line per kind per period keeps the signal.
 */
final class RateLimitedLog {
  private final Logger log;
  private final long periodNanos;
  private final Map<String, long[]> state = new HashMap<>();

  /**
   * Creates the log.
   *
   * @param log where warnings go
   * @param periodNanos the least time between two warnings of the same kind
   */
  RateLimitedLog(Logger log, long periodNanos) {
    this.log = log;
    this.periodNanos = periodNanos;
  }

  /**
   * Logs {@code message} unless a warning of the same kind was logged less than a period ago.
   *
   * @param kind what the problem is, for example {@code namespace:permission_denied}
   * @param message the line to log
   */
  synchronized void warn(String kind, String message) {
    long now = System.nanoTime();
    long[] s = state.get(kind); // {time of the last line, lines held back since}
    if (s != null && now - s[0] < periodNanos) {
      s[1]++;
      return;
    }
    if (s != null && s[1] > 0) {
      log.warn("{} ({} more like it in the last {} min)", message, s[1],
          Math.max(1, Math.round((now - s[0]) / 60e9)));
    } else {
      log.warn("{}", message);
    }
    state.put(kind, new long[] {now, 0});
  }
}
