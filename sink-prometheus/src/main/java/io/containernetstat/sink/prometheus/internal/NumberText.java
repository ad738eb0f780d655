package io.containernetstat.sink.prometheus.internal;

import java.nio.charset.StandardCharsets;

/**
 * Writes a kernel counter as client_java's text writers write a sample value ({@link Double#toString}
 * of the value as a double: {@code 0.0}, {@code 8388608.0}, {@code 1.6777216E7}) straight into a byte
 * buffer, without a {@code String}; stateless. Not API.
 *
 * <p>Integers below 2^53 in magnitude (every counter a kernel reaches in practice) are exact doubles
 * whose shortest decimal is their own digits, so they are written here; anything else goes through
 * {@link Double#toString}.
 */
final class NumberText {
  /** The longest value written: {@code -9.007199254740991E15} or a {@link Double#toString}. */
  static final int MAX_LENGTH = 32;
  private static final long EXACT = 1L << 53;

  private NumberText() {}

  /**
   * Writes a value.
   *
   * @param buf the buffer, with at least {@link #MAX_LENGTH} bytes from {@code pos}
   * @param pos where to write
   * @param v the raw 64-bit value
   * @param signed whether {@code v} is signed (else unsigned, as the kernel printed it)
   * @return the position after the value
   */
  static int write(byte[] buf, int pos, long v, boolean signed) {
    if ((signed || v >= 0) && v > -EXACT && v < EXACT) {
      return writeExact(buf, pos, v);
    }
    double d = signed || v >= 0 ? v : (double) ((v >>> 1) | (v & 1)) * 2.0; // as Counters.doubleValue
    byte[] s = Double.toString(d).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(s, 0, buf, pos, s.length);
    return pos + s.length;
  }

  private static int writeExact(byte[] buf, int pos, long v) {
    if (v < 0) {
      buf[pos++] = '-';
      v = -v;
    }
    int digits = digits(v);
    if (v < 10_000_000L) { // Double.toString's plain notation: below 10^7
      writeDigits(buf, pos, v, digits);
      pos += digits;
      buf[pos++] = '.';
      buf[pos++] = '0';
      return pos;
    }
    long mantissa = v;
    int significant = digits;
    while (mantissa % 10 == 0) {
      mantissa /= 10;
      significant--;
    }
    // d.ddd...E(digits-1): the first digit, the point, the other significant digits (at least one)
    writeDigits(buf, pos + 1, mantissa, significant);
    buf[pos] = buf[pos + 1];
    buf[pos + 1] = '.';
    pos += significant + 1;
    if (significant == 1) {
      buf[pos++] = '0';
    }
    buf[pos++] = 'E';
    int exponent = digits - 1;
    if (exponent >= 10) {
      buf[pos++] = (byte) ('0' + exponent / 10);
    }
    buf[pos++] = (byte) ('0' + exponent % 10);
    return pos;
  }

  /** Writes the {@code n} decimal digits of {@code v >= 0} at {@code pos}. */
  private static void writeDigits(byte[] buf, int pos, long v, int n) {
    for (int i = pos + n - 1; i >= pos; i--) {
      buf[i] = (byte) ('0' + (int) (v % 10));
      v /= 10;
    }
  }

  private static int digits(long v) {
    int n = 1;
    for (long limit = 10; n < 19 && v >= limit; limit *= 10) {
      n++;
    }
    return n;
  }
}
