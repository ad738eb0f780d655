package io.containernetstat.agent.report;

import java.util.Arrays;

/**
 * The cost of repeated collections, as {@code --once --cycles N} reports it; immutable.
 *
 * @param medianNanos the median cycle time (the mean of the two middle ones for an even count)
 * @param minNanos the fastest cycle
 * @param maxNanos the slowest cycle
 * @param count how many cycles were timed
 */
public record CycleStats(long medianNanos, long minNanos, long maxNanos, int count) {

  /**
   * Summarises cycle times.
   *
   * @param nanos each cycle's duration
   * @throws IllegalArgumentException if {@code nanos} is empty
   */
  public static CycleStats of(long[] nanos) {
    if (nanos.length == 0) {
      throw new IllegalArgumentException("nanos is empty");
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    long median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    return new CycleStats(median, sorted[0], sorted[n - 1], n);
  }
}
