package io.containernetstat.sink.openfalcon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FalconItemTest {

  private static FalconItem item(String endpoint, String metric, String tags) {
    return new FalconItem(endpoint, metric, 1, false, 60, CounterType.GAUGE, tags, 1_767_323_045L);
  }

  @Test
  void anItemRightAfterAValidOneIsStillCheckedWhereItDiffers() {
    // Endpoint and tags strings that passed are not checked again for the next item: only those very
    // strings; a metric is always checked, and so is the length of metric and tags together.
    String endpoint = "node-1";
    String tags = "namespace=a,pod=b";
    item(endpoint, "container.ss.estab", tags);

    assertThatThrownBy(() -> item(endpoint, "1abc", tags)).hasMessageContaining("does not start with a letter");
    assertThatThrownBy(() -> item(endpoint, "m".repeat(250), tags)).hasMessageContaining("> 255");
    assertThatThrownBy(() -> item(endpoint, "container.ss.estab", "namespace=a,pod=b c"))
        .hasMessageContaining("tag value");
    assertThatThrownBy(() -> item("node 1", "container.ss.estab", tags)).hasMessageContaining("endpoint has");
    assertThat(item(endpoint, "container.ss.timewait", tags).metric()).isEqualTo("container.ss.timewait");
  }

  @ParameterizedTest(name = "metric ''{0}'' tags ''{1}''")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      container.ss.estab          | namespace=a,pod=b
      container.TcpExt.ListenDrops| ``
      _x-y.z                      | k_1=V-2_x
      """)
  void validItemsAreAccepted(String metric, String tags) {
    assertThat(item("node-1", metric, tags).tags()).isEqualTo(tags);
  }

  @ParameterizedTest(name = "endpoint ''{0}'' metric ''{1}'' tags ''{2}'': {3}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      ``       | m     | ``            | endpoint is empty
      `a b`    | m     | ``            | endpoint has a character
      `a"b`    | m     | ``            | endpoint has a character
      a>b      | m     | ``            | endpoint has a character
      `a'b`    | m     | ``            | endpoint has a character
      host     | ``    | ``            | metric is empty
      host     | 1abc  | ``            | does not start with a letter
      host     | .abc  | ``            | does not start with a letter
      host     | a b   | ``            | other than [a-zA-Z0-9_.-]
      host     | a:b   | ``            | other than [a-zA-Z0-9_.-]
      host     | m     | a             | tag without '='
      host     | m     | a=b,          | tag without '='
      host     | m     | =b            | tag key
      host     | m     | 1a=b          | tag key
      host     | m     | a.b=c         | tag key
      host     | m     | a=            | tag value is empty
      host     | m     | a=b.c         | tag value is not
      host     | m     | `a=b c`       | tag value is not
      host     | m     | a=b=c         | tag value is not
      """)
  void invalidItemsAreRefusedNamingTheRule(String endpoint, String metric, String tags, String message) {
    assertThatThrownBy(() -> item(endpoint, metric, tags))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
  }

  @Test
  void metricPlusTagsMayNotExceed255Characters() {
    String metric = "m".repeat(100);
    assertThat(item("h", metric, "k=" + "v".repeat(153)).tags()).hasSize(155);
    assertThatThrownBy(() -> item("h", metric, "k=" + "v".repeat(154)))
        .hasMessageContaining("metric.length() + tags.length() > 255");
  }

  @Test
  void stepAndTimestampMustBePositive() {
    assertThatThrownBy(() -> new FalconItem("h", "m", 1, false, 0, CounterType.GAUGE, "", 1))
        .hasMessage("step <= 0: 0");
    assertThatThrownBy(() -> new FalconItem("h", "m", 1, false, 60, CounterType.GAUGE, "", 0))
        .hasMessage("timestamp <= 0: 0");
  }

  @Test
  void formatValueHonoursSignedness() {
    assertThat(new FalconItem("h", "m", -1, false, 60, CounterType.COUNTER, "", 1).formatValue())
        .isEqualTo("18446744073709551615");
    assertThat(new FalconItem("h", "m", -1, true, 60, CounterType.GAUGE, "", 1).formatValue()).isEqualTo("-1");
  }
}
