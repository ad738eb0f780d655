package io.containernetstat.core.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The checks every options builder of this project makes, with one wording for their messages
 * ({@code <name> <= 0: PT0S}, {@code <name> < 1: 0}). Not API.
 */
public final class Require {
  private Require() {}

  /**
   * {@return {@code d}, checked to be positive}
   *
   * @throws NullPointerException if {@code d} is null
   * @throws IllegalArgumentException if {@code d} is zero or negative
   */
  public static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name + " == null");
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " <= 0: " + d);
    }
    return d;
  }

  /**
   * {@return {@code d}, checked not to be negative}
   *
   * @throws NullPointerException if {@code d} is null
   * @throws IllegalArgumentException if {@code d} is negative
   */
  public static Duration notNegative(Duration d, String name) {
    Objects.requireNonNull(d, name + " == null");
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " < 0: " + d);
    }
    return d;
  }

  /**
   * {@return {@code value}, checked to be at least {@code min}}
   *
   * @throws IllegalArgumentException if {@code value < min}
   */
  public static int atLeast(int value, int min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " < " + min + ": " + value);
    }
    return value;
  }

  /**
   * {@return {@code value}, checked to be at least {@code min}}
   *
   * @throws IllegalArgumentException if {@code value < min}
   */
  public static long atLeast(long value, long min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " < " + min + ": " + value);
    }
    return value;
  }

  /**
   * {@return {@code value}, checked to lie in {@code [min, max]}}
   *
   * @throws IllegalArgumentException if it does not
   */
  public static int between(int value, int min, int max, String name) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " not in [" + min + ", " + max + "]: " + value);
    }
    return value;
  }
}
