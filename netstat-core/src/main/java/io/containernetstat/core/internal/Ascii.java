package io.containernetstat.core.internal;

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

  /** Longest token quoted in a message: a hostile 1 MB token must not make a 1 MB message. */
  static final int MAX_QUOTED_TOKEN = 40;

  /**
   * Parses {@code buf[start, end)} as an unsigned 64-bit decimal.
   *
   * @return the value
   * @throws NumberFormatException if the bytes are not all digits or the value exceeds 2^64-1
   */
  static long parseUnsigned(byte[] buf, int start, int end) throws NumberFormatException {
    if (start >= end) {
      throw notANumber(buf, start, end);
    }
    // No length limit up front: leading zeros are harmless, and an overflow stops the loop after at most
    // 21 significant digits however long the token is.
    long v = 0;
    for (int i = start; i < end; i++) {
      byte b = buf[i];
      if (!isDigit(b)) {
        throw notANumber(buf, start, end);
      }
      if (Long.compareUnsigned(v, MAX_DIV_10) > 0) {
        throw outOfRange(buf, start, start, end);
      }
      long times10 = v * 10;
      long next = times10 + (b - '0');
      if (Long.compareUnsigned(next, times10) < 0) {
        throw outOfRange(buf, start, start, end);
      }
      v = next;
    }
    return v;
  }

  /** Parses {@code buf[start, end)}, which starts with '-', as a signed 64-bit decimal. */
  static long parseNegative(byte[] buf, int start, int end) throws NumberFormatException {
    if (end - start < 2) {
      throw notANumber(buf, start, end);
    }
    long v = 0;
    for (int i = start + 1; i < end; i++) {
      byte b = buf[i];
      if (!isDigit(b)) {
        throw notANumber(buf, start, end);
      }
      if (v < Long.MIN_VALUE / 10) {
        throw outOfRange(buf, start, start + 1, end);
      }
      long next = v * 10 - (b - '0');
      if (next > v) {
        throw outOfRange(buf, start, start + 1, end);
      }
      v = next;
    }
    return v;
  }

  static String text(byte[] buf, int start, int end) {
    return new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
  }

  /** {@return {@code buf[start, end)} as text, cut to {@link #MAX_QUOTED_TOKEN} characters plus "..."} */
  static String quote(byte[] buf, int start, int end) {
    if (end - start <= MAX_QUOTED_TOKEN) {
      return text(buf, start, end);
    }
    return text(buf, start, start + MAX_QUOTED_TOKEN) + "...";
  }

  /** {@return {@code text} cut to {@link #MAX_QUOTED_TOKEN} characters plus "..."} */
  static String shorten(String text) {
    return text.length() <= MAX_QUOTED_TOKEN ? text : text.substring(0, MAX_QUOTED_TOKEN) + "...";
  }

  private static boolean allDigits(byte[] buf, int start, int end) {
    for (int i = start; i < end; i++) {
      if (!isDigit(buf[i])) {
        return false;
      }
    }
    return true;
  }

  /** An overflow: out of range if the token is all digits after its sign, else not a number at all. */
  private static NumberFormatException outOfRange(byte[] buf, int start, int digitsStart, int end) {
    return allDigits(buf, digitsStart, end) ? tooLarge(buf, start, end) : notANumber(buf, start, end);
  }

  private static NumberFormatException notANumber(byte[] buf, int start, int end) {
    return new NumberFormatException("not a number: '" + quote(buf, start, end) + "'");
  }

  private static NumberFormatException tooLarge(byte[] buf, int start, int end) {
    return new NumberFormatException("value out of 64-bit range: '" + quote(buf, start, end) + "'");
  }
}
