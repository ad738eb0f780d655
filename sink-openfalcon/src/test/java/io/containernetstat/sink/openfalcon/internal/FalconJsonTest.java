package io.containernetstat.sink.openfalcon.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.containernetstat.sink.openfalcon.CounterType;
import io.containernetstat.sink.openfalcon.FalconItem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
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

  /** The body as Jackson's generator writes the same items, field by field. */
  private static String generated(List<FalconItem> items) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.writeStartArray();
      for (FalconItem item : items) {
        g.writeStartObject();
        g.writeStringField("endpoint", item.endpoint());
        g.writeStringField("metric", item.metric());
        g.writeFieldName("value");
        if (item.signed() || item.value() >= 0) {
          g.writeNumber(item.value());
        } else {
          g.writeNumber(new BigInteger(Long.toUnsignedString(item.value())));
        }
        g.writeNumberField("step", item.step());
        g.writeStringField("counterType", item.counterType().name());
        g.writeStringField("tags", item.tags());
        g.writeNumberField("timestamp", item.timestamp());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void writesTheBytesJacksonsGeneratorWritesForAnyValidItems() throws IOException {
    Random random = new Random(7);
    String[] endpoints = {"node-1", "a\\b", "x!#$%&()*+,-./:;<=?@[]^_`{|}~"};
    String[] metrics = {"m.x", "container.Tcp.RetransSegs", "_a-b.c"};
    String[] tags = {"", "pod=a", "namespace=n,pod=p-1", "container=c,id=0123456789ab,image=busybox"};
    long[] values = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, -42, 9_007_199_254_740_993L, 10_000_000};
    FalconJson kept = new FalconJson();
    for (int round = 0; round < 20; round++) {
      List<FalconItem> items = new ArrayList<>();
      int n = random.nextInt(round == 0 ? 1 : 400);
      for (int i = 0; i < n; i++) {
        items.add(new FalconItem(endpoints[random.nextInt(endpoints.length)], metrics[random.nextInt(metrics.length)],
            random.nextBoolean() ? values[random.nextInt(values.length)] : random.nextLong(), random.nextBoolean(),
            1 + random.nextInt(random.nextBoolean() ? 60 : Integer.MAX_VALUE),
            CounterType.values()[random.nextInt(2)], tags[random.nextInt(tags.length)],
            1 + (random.nextLong() & Long.MAX_VALUE)));
      }
      String expected = generated(items);
      assertThat(body(kept, items)).as("round %d, a writer kept between bodies", round).isEqualTo(expected);
      assertThat(new String(FalconJson.write(items), StandardCharsets.UTF_8)).isEqualTo(expected);
    }
  }
}
