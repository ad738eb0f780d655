package io.containernetstat.agent.log;

/** ISO-8601 UTC timestamps with milliseconds, {@code 2026-11-27T00:46:32.093Z}, by arithmetic alone. */
final class IsoTime {
  private IsoTime() {}

  /**
   * Appends the time of an epoch millisecond count.
   *
   * @param epochMillis milliseconds since 1970-01-01T00:00:00Z (from year 0 to 9999)
   * @param out where to append
   */
  static void appendUtc(long epochMillis, StringBuilder out) {
    long days = Math.floorDiv(epochMillis, 86_400_000L);
    long ms = Math.floorMod(epochMillis, 86_400_000L);
    // civil_from_days (Howard Hinnant's algorithm): days since 1970-01-01 to year, month, day
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long day = doy - (153 * mp + 2) / 5 + 1;
    long month = mp < 10 ? mp + 3 : mp - 9;
    long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    pad(out, year, 4).append('-');
    pad(out, month, 2).append('-');
    pad(out, day, 2).append('T');
    pad(out, ms / 3_600_000, 2).append(':');
    pad(out, ms / 60_000 % 60, 2).append(':');
    pad(out, ms / 1000 % 60, 2).append('.');
    pad(out, ms % 1000, 3).append('Z');
  }

  private static StringBuilder pad(StringBuilder out, long value, int width) {
    String digits = Long.toString(value);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    return out.append(digits);
  }
}
