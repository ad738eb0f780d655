package io.containernetstat.core;

import java.nio.charset.StandardCharsets;

/** Byte-level helpers shared by the parsers: number parsing with overflow checks, no allocation. */
final class Ascii {
  /** Largest unsigned 64-bit value divided by 10. */
  private static final long MAX_DIV_10 = Long.divideUnsigned(-1L, 10);

  private Ascii() {}

  static boolean isSpace(byte b) {
    return b == ' ' || b == '\t';
  }

  /** A byte allowed in a counter name: printable ASCII other than space. */
  static boolean isNameByte(byte b) {
    return b > ' ' && b < 0x7f;
  }

  static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  /**
   * Parses {@code buf[start, end)} as an unsigned 64-bit decimal.
   *
   * @return the value, or throws through {@code onError}
   */
  static long parseUnsigned(byte[] buf, int start, int end) throws NumberFormatException {
    if (start >= end || end - start > 20) {
      throw notANumber(buf, start, end);
    }
    long v = 0;
    for (int i = start; i < end; i++) {
      byte b = buf[i];
      if (!isDigit(b)) {
        throw notANumber(buf, start, end);
      }
      if (Long.compareUnsigned(v, MAX_DIV_10) > 0) {
        throw tooLarge(buf, start, end);
      }
      long times10 = v * 10;
      long next = times10 + (b - '0');
      if (Long.compareUnsigned(next, times10) < 0) {
        throw tooLarge(buf, start, end);
      }
      v = next;
    }
    return v;
  }

  /** Parses {@code buf[start, end)}, which starts with '-', as a signed 64-bit decimal. */
  static long parseNegative(byte[] buf, int start, int end) throws NumberFormatException {
    if (end - start < 2 || end - start > 20) {
      throw notANumber(buf, start, end);
    }
    long v = 0;
    for (int i = start + 1; i < end; i++) {
      byte b = buf[i];
      if (!isDigit(b)) {
        throw notANumber(buf, start, end);
      }
      if (v < Long.MIN_VALUE / 10) {
        throw tooLarge(buf, start, end);
      }
      long next = v * 10 - (b - '0');
      if (next > v) {
        throw tooLarge(buf, start, end);
      }
      v = next;
    }
    return v;
  }

  static String text(byte[] buf, int start, int end) {
    return new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
  }

  private static NumberFormatException notANumber(byte[] buf, int start, int end) {
    return new NumberFormatException("not a number: '" + text(buf, start, Math.min(end, start + 40)) + "'");
  }

  private static NumberFormatException tooLarge(byte[] buf, int start, int end) {
    return new NumberFormatException("value out of 64-bit range: '" + text(buf, start, end) + "'");
  }
}
