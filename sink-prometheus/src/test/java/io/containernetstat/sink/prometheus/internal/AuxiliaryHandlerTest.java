package io.containernetstat.sink.prometheus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class AuxiliaryHandlerTest {
  @Test
  void ageIsPrintedInSecondsWithThreeDecimals() {
    assertThat(AuxiliaryHandler.seconds(0)).isEqualTo("0.000");
    assertThat(AuxiliaryHandler.seconds(7)).isEqualTo("0.007");
    assertThat(AuxiliaryHandler.seconds(3_007)).isEqualTo("3.007");
    assertThat(AuxiliaryHandler.seconds(61_250)).isEqualTo("61.250");
    assertThat(AuxiliaryHandler.seconds(-1_250)).as("a clock that stepped back").isEqualTo("-1.250");
    for (long ms = -2_500; ms <= 100_000; ms += 37) {
      assertThat(AuxiliaryHandler.seconds(ms)).isEqualTo(String.format(Locale.ROOT, "%.3f", ms / 1000.0));
    }
  }
}
