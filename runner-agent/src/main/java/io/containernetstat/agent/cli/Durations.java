package io.containernetstat.agent.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Parses and prints durations the way people write them on a command line: {@code 500ms}, {@code 60s}. */
public final class Durations {
  private Durations() {}

  /**
   * Parses a positive duration: one or more {@code <number><unit>} parts with units {@code ms},
   * {@code s}, {@code m}, {@code h} ({@code 500ms}, {@code 60s}, {@code 1m}, {@code 1m30s}), or ISO-8601
   * ({@code PT1M}). A bare number is refused: its unit would be a guess. Zero and negative durations
   * ({@code 0s}, {@code -5s}, {@code -PT1M}, {@code PT-1M}) are refused as not positive.
   *
   * @throws IllegalArgumentException saying what is wrong with {@code text}
   */
  public static Duration parse(String text) {
    String s = text.trim();
    // A duration with a minus sign is a duration, just not a positive one: said as for 0s.
    boolean negative = s.startsWith("-");
    Duration d = magnitude(text, negative ? s.substring(1) : s);
    if (negative || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("'" + text + "' is not a positive duration");
    }
    return d;
  }

  private static Duration magnitude(String text, String s) {
    if (s.startsWith("P") || s.startsWith("p")) {
      try {
        return Duration.parse(s);
      } catch (DateTimeParseException e) {
        throw invalid(text);
      }
    }
    return parseUnits(text, s);
  }

  private static Duration parseUnits(String text, String s) {
    Duration d = Duration.ZERO;
    int i = 0;
    if (s.isEmpty()) {
      throw invalid(text);
    }
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      if (i == start || i - start > 12) {
        throw invalid(text);
      }
      long n = Long.parseLong(s.substring(start, i));
      int unitStart = i;
      while (i < s.length() && Character.isLetter(s.charAt(i))) {
        i++;
      }
      ChronoUnit unit = switch (s.substring(unitStart, i)) {
        case "ms" -> ChronoUnit.MILLIS;
        case "s" -> ChronoUnit.SECONDS;
        case "m" -> ChronoUnit.MINUTES;
        case "h" -> ChronoUnit.HOURS;
        default -> throw invalid(text);
      };
      d = d.plus(n, unit);
    }
    return d;
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "'" + text + "' is not a duration: write a number with a unit (500ms, 60s, 1m, 1h)");
  }

  /** {@return {@code d} as parse accepts it, shortest form: {@code 60s} prints as {@code 1m}} */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  /** {@return nanoseconds as milliseconds with two decimals, for reports: {@code 1.25 ms}} */
  public static String millis(long nanos) {
    long hundredths = Math.round(nanos / 10_000.0);
    return hundredths / 100 + "." + (hundredths % 100 < 10 ? "0" : "") + hundredths % 100 + " ms";
  }
}
