package io.containernetstat.sink.openfalcon.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.sink.openfalcon.CounterType;
import io.containernetstat.sink.openfalcon.FalconItem;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A writer kept between bodies, as the pusher's delivery thread keeps one. */
class FalconJsonTest {
  private static FalconItem item(String metric, String tags) {
    return new FalconItem("node-1", metric, 7, false, 60, CounterType.GAUGE, tags, 1_767_323_045L);
  }

  private static String body(FalconJson json, List<FalconItem> items) {
    int n = json.writeBody(items);
    return new String(Arrays.copyOf(json.array(), n), StandardCharsets.UTF_8);
  }

  @Test
  void eachBodyCarriesItsOwnItemsTagsAndTheTagsOfGoneNamespacesAreForgotten() {
    FalconJson json = new FalconJson();
    String a = "pod=a";
    String b = "pod=b";
    String first = body(json, List.of(item("m.x", a), item("m.y", a), item("m.x", b)));
    assertThat(first).isEqualTo(new String(FalconJson.write(List.of(item("m.x", a), item("m.y", a), item("m.x", b))),
        StandardCharsets.UTF_8));
    assertThat(json.keptTags()).isEqualTo(2);

    String second = body(json, List.of(item("m.x", b), item("m.x", "pod=c")));

    assertThat(second).isEqualTo("[{\"endpoint\":\"node-1\",\"metric\":\"m.x\",\"value\":7,\"step\":60,"
        + "\"counterType\":\"GAUGE\",\"tags\":\"pod=b\",\"timestamp\":1767323045},{\"endpoint\":\"node-1\","
        + "\"metric\":\"m.x\",\"value\":7,\"step\":60,\"counterType\":\"GAUGE\",\"tags\":\"pod=c\","
        + "\"timestamp\":1767323045}]");
    assertThat(json.keptTags()).as("pod=a went with its namespace").isEqualTo(2);
    assertThat(body(json, List.of())).isEqualTo("[]");
    assertThat(json.keptTags()).isZero();
  }
}
