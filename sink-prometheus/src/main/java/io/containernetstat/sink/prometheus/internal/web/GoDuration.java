package io.containernetstat.sink.prometheus.internal.web;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's {@code time.ParseDuration}, which exporter-toolkit's {@code rate_limit.interval} is read with:
 * {@code 1s}, {@code 500ms}, {@code 1m30s}, {@code 1.5h}, {@code 0}. Not API.
 */
final class GoDuration {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

  private GoDuration() {}

  /**
   * Parses a duration.
   *
   * @return the duration; zero for {@code 0}
   * @throws IllegalArgumentException if {@code text} is not a Go duration, or is negative
   */
  static Duration parse(String text) {
    String t = text.trim();
    if (t.equals("0") || t.equals("+0") || t.equals("-0")) {
      return Duration.ZERO;
    }
    if (t.startsWith("-")) {
      throw new IllegalArgumentException("'" + text + "' is negative");
    }
    if (t.startsWith("+")) {
      t = t.substring(1);
    }
    Matcher m = PART.matcher(t);
    int at = 0;
    double nanos = 0;
    while (at < t.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException("'" + text + "' is not a duration such as 1s, 500ms or 1m30s");
      }
      nanos += Double.parseDouble(m.group(1)) * unit(m.group(2));
      at = m.end();
    }
    if (at == 0 || nanos > Long.MAX_VALUE) {
      throw new IllegalArgumentException("'" + text + "' is not a duration such as 1s, 500ms or 1m30s");
    }
    return Duration.ofNanos((long) nanos);
  }

  private static double unit(String unit) {
    switch (unit) {
      case "ns":
        return 1;
      case "us":
      case "µs":
      case "μs":
        return 1e3;
      case "ms":
        return 1e6;
      case "s":
        return 1e9;
      case "m":
        return 60e9;
      default:
        return 3600e9;
    }
  }
}
