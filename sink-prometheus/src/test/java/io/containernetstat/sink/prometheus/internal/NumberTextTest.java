package io.containernetstat.sink.prometheus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link NumberText} writes what client_java writes for a value: {@link Double#toString} of the double. */
class NumberTextTest {
  @Test
  void everyMagnitudeAsDoubleToString() {
    SplittableRandom random = new SplittableRandom(16);
    for (int bits = 0; bits <= 64; bits++) {
      for (int i = 0; i < 2000; i++) {
        long v = bits == 0 ? i : (random.nextLong() >>> (64 - bits));
        check(v, true);
        check(v, false);
        check(-v, true);
        check(-v, false); // unsigned above Long.MAX_VALUE
      }
    }
    long[] edges = {0, 1, 9_999_999, 10_000_000, 10_000_001, 100_000_000, 123_456_789_012L, (1L << 53) - 1,
        1L << 53, (1L << 53) + 1, Long.MAX_VALUE, Long.MIN_VALUE, -1, 1_000_000_000_000_000_000L};
    for (long v : edges) {
      check(v, true);
      check(v, false);
    }
  }

  private static void check(long v, boolean signed) {
    double d = signed || v >= 0 ? v : (double) ((v >>> 1) | (v & 1)) * 2.0;
    byte[] buf = new byte[NumberText.MAX_LENGTH + 4];
    int end = NumberText.write(buf, 2, v, signed);
    assertThat(new String(buf, 2, end - 2, StandardCharsets.US_ASCII))
        .as("%d (%s)", v, signed ? "signed" : "unsigned").isEqualTo(Double.toString(d));
  }
}
