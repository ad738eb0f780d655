package io.containernetstat.sink.openfalcon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpenFalconOptionsTest {

  @Test
  void defaultsAreFalconAgentOnThisHost() {
    OpenFalconOptions o = OpenFalconOptions.builder().build();
    assertThat(o.url()).hasToString("http://127.0.0.1:1988/v1/push");
    assertThat(o.endpoint()).isNotBlank();
    assertThat(o.stepSeconds()).isEqualTo(60);
    assertThat(o.fields().pattern()).isEqualTo(OpenFalconOptions.DEFAULT_FIELDS);
    assertThat(o.includeHostNetwork()).isFalse();
    assertThat(o.hostWide()).isFalse();
    assertThat(o.batchSize()).isEqualTo(500);
    assertThat(o.queueCapacity()).isEqualTo(8);
    assertThat(o.readTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.maxAttempts()).isEqualTo(3);
    assertThat(o.responseCheck()).isEqualTo(ResponseCheck.ANY);
    assertThat(o.headers()).isEmpty();
  }

  @Test
  void toBuilderKeepsEverySetting() {
    OpenFalconOptions o = OpenFalconOptions.builder().url("http://n9e:17000/openfalcon/push").endpoint("h1")
        .step(Duration.ofSeconds(30)).fields("Tcp_.*").includeHostNetwork(true).hostWide(true).batchSize(7)
        .queueCapacity(3).connectTimeout(Duration.ofMillis(100)).writeTimeout(Duration.ofMillis(200))
        .readTimeout(Duration.ofMillis(300)).maxAttempts(5).backoff(Duration.ofMillis(1), Duration.ofMillis(2))
        .closeTimeout(Duration.ZERO).responseCheck(ResponseCheck.NIGHTINGALE).header("Authorization", "Basic eDp5")
        .build();
    assertThat(o.toBuilder().build()).usingRecursiveComparison().isEqualTo(o);
    assertThat(o.toString()).contains("Authorization").doesNotContain("eDp5");
  }

  @Test
  void invalidSettingsAreRefusedWithTheBrokenCondition() {
    OpenFalconOptions.Builder b = OpenFalconOptions.builder();
    assertThatThrownBy(() -> b.step(Duration.ofMillis(1500))).hasMessageContaining("whole number of seconds");
    assertThatThrownBy(() -> b.step(Duration.ZERO)).hasMessageContaining("whole number of seconds");
    assertThatThrownBy(() -> b.batchSize(0)).hasMessage("batchSize < 1: 0");
    assertThatThrownBy(() -> b.queueCapacity(0)).hasMessage("queueCapacity < 1: 0");
    assertThatThrownBy(() -> b.maxAttempts(0)).hasMessage("maxAttempts < 1: 0");
    assertThatThrownBy(() -> b.readTimeout(Duration.ZERO)).hasMessage("readTimeout <= 0: PT0S");
    assertThatThrownBy(() -> b.backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("0 <= initial <= max");
    assertThatThrownBy(() -> b.endpoint("my host")).hasMessageContaining("endpoint has a character");
    assertThatThrownBy(() -> b.url("ftp://x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.header("Bad Name", "v")).isInstanceOf(IllegalArgumentException.class);
  }
}
