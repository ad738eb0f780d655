package io.containernetstat.sink.openfalcon;

import java.util.Objects;

/**
 * One open-falcon data point ({@code MetricValue}); immutable. The constructor refuses anything that
 * falcon's transfer or graph would drop, or that Nightingale would refuse, so an item that exists is valid.
 *
 * <p>Rules checked (from falcon-plus {@code transfer/receiver/rpc/rpc_transfer.go}, graph's index, and
 * Nightingale's {@code pushgw/router/router_openfalcon.go}):
 * <ul>
 *   <li>{@code endpoint}: not empty, printable ASCII without space, {@code ' " >};</li>
 *   <li>{@code metric}: not empty, only {@code [a-zA-Z0-9_.-]}, not starting with a digit, dot or dash
 *       (so that Nightingale's {@code .}/{@code -} to {@code _} rewrite matches
 *       {@code ^[a-zA-Z_:][a-zA-Z0-9_:]*$});</li>
 *   <li>{@code tags}: empty, or {@code key=value} pairs joined by {@code ,}, keys
 *       {@code [a-zA-Z_][a-zA-Z0-9_]*}, values {@code [a-zA-Z0-9_-]+};</li>
 *   <li>{@code metric.length() + tags.length() <= 255} (graph's {@code varchar(255)} index);</li>
 *   <li>{@code step > 0}, {@code timestamp > 0} (Unix seconds).</li>
 * </ul>
 *
 * @param endpoint the host the figures belong to (falcon's endpoint, Nightingale's {@code ident})
 * @param metric the metric name, for example {@code container.ss.estab}
 * @param value the raw 64-bit value: unsigned unless {@code signed}, like
 *     {@link io.containernetstat.core.Counters#value(int)}
 * @param signed whether {@code value} is signed (only fields the kernel prints with a sign)
 * @param step the push interval in seconds
 * @param counterType GAUGE or COUNTER
 * @param tags {@code key=value,key=value}, or empty
 * @param timestamp when the figures were read, in Unix seconds
 */
public record FalconItem(
    String endpoint,
    String metric,
    long value,
    boolean signed,
    int step,
    CounterType counterType,
    String tags,
    long timestamp) {

  /** The most characters {@code metric} and {@code tags} may have together. */
  public static final int MAX_METRIC_AND_TAGS = 255;

  /**
   * Validates the item.
   *
   * @throws NullPointerException if a string or the counter type is null
   * @throws IllegalArgumentException if a rule above is broken; the message names it
   */
  public FalconItem {
    Objects.requireNonNull(endpoint, "endpoint == null");
    Objects.requireNonNull(metric, "metric == null");
    Objects.requireNonNull(counterType, "counterType == null");
    Objects.requireNonNull(tags, "tags == null");
    Checked checked = lastChecked;
    boolean known = checked != null && checked.endpoint == endpoint && checked.tags == tags;
    if (!known) {
      checkEndpoint(endpoint);
      checkTags(tags);
    }
    checkMetric(metric);
    if (metric.length() + tags.length() > MAX_METRIC_AND_TAGS) {
      throw new IllegalArgumentException("metric.length() + tags.length() > " + MAX_METRIC_AND_TAGS + ": "
          + metric + " " + tags);
    }
    if (step <= 0) {
      throw new IllegalArgumentException("step <= 0: " + step);
    }
    if (timestamp <= 0) {
      throw new IllegalArgumentException("timestamp <= 0: " + timestamp);
    }
    if (!known) {
      lastChecked = new Checked(endpoint, tags);
    }
  }

  /**
   * The endpoint and tags strings (these very instances) of an item that passed: a mapping gives every
   * item of a namespace the same two strings, and a string that passed once always passes. Shared by
   * all threads without synchronisation: an instance is immutable, and a thread that sees an older one
   * only checks again.
   */
  private static Checked lastChecked;

  private static final class Checked {
    final String endpoint;
    final String tags;

    Checked(String endpoint, String tags) {
      this.endpoint = endpoint;
      this.tags = tags;
    }
  }

  /** {@return the value as the kernel printed it: unsigned unless {@link #signed()}} */
  public String formatValue() {
    return signed ? Long.toString(value) : Long.toUnsignedString(value);
  }

  /**
   * Checks an endpoint.
   *
   * @param endpoint the endpoint
   * @throws IllegalArgumentException if it is empty or holds a character falcon's graph refuses
   */
  public static void checkEndpoint(String endpoint) {
    if (endpoint.isEmpty()) {
      throw new IllegalArgumentException("endpoint is empty");
    }
    for (int i = 0; i < endpoint.length(); i++) {
      char c = endpoint.charAt(i);
      if (c <= ' ' || c >= 0x7f || c == '\'' || c == '"' || c == '>') {
        throw new IllegalArgumentException(
            "endpoint has a character other than printable ASCII without space ' \" >: " + endpoint);
      }
    }
  }

  private static void checkMetric(String metric) {
    if (metric.isEmpty()) {
      throw new IllegalArgumentException("metric is empty");
    }
    char first = metric.charAt(0);
    if (!isLetter(first) && first != '_') {
      throw new IllegalArgumentException("metric does not start with a letter or '_': " + metric);
    }
    for (int i = 1; i < metric.length(); i++) {
      char c = metric.charAt(i);
      if (!isWordChar(c) && c != '.' && c != '-') {
        throw new IllegalArgumentException("metric has a character other than [a-zA-Z0-9_.-]: " + metric);
      }
    }
  }

  private static void checkTags(String tags) {
    if (tags.isEmpty()) {
      return;
    }
    int start = 0;
    while (start <= tags.length()) {
      int end = tags.indexOf(',', start);
      if (end < 0) {
        end = tags.length();
      }
      int eq = tags.indexOf('=', start);
      if (eq < 0 || eq >= end) {
        throw new IllegalArgumentException("tag without '=': " + tags);
      }
      checkTagKey(tags, start, eq);
      checkTagValue(tags, eq + 1, end);
      start = end + 1;
    }
  }

  private static void checkTagKey(String tags, int from, int to) {
    if (from == to || (!isLetter(tags.charAt(from)) && tags.charAt(from) != '_')) {
      throw new IllegalArgumentException("tag key is not [a-zA-Z_][a-zA-Z0-9_]*: " + tags);
    }
    for (int i = from + 1; i < to; i++) {
      if (!isWordChar(tags.charAt(i))) {
        throw new IllegalArgumentException("tag key is not [a-zA-Z_][a-zA-Z0-9_]*: " + tags);
      }
    }
  }

  private static void checkTagValue(String tags, int from, int to) {
    if (from == to) {
      throw new IllegalArgumentException("tag value is empty: " + tags);
    }
    for (int i = from; i < to; i++) {
      char c = tags.charAt(i);
      if (!isWordChar(c) && c != '-') {
        throw new IllegalArgumentException("tag value is not [a-zA-Z0-9_-]+: " + tags);
      }
    }
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isWordChar(char c) {
    return isLetter(c) || (c >= '0' && c <= '9') || c == '_';
  }
}
