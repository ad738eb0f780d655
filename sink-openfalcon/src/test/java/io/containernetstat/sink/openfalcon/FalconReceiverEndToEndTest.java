package io.containernetstat.sink.openfalcon;

import static io.containernetstat.sink.openfalcon.TestSnapshots.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * End to end: a real HTTP receiver on loopback ({@link FalconReceiver}, the JDK's HTTP server) validates
 * every pushed item the way falcon's transfer and Nightingale do and refuses anything else with 400.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FalconReceiverEndToEndTest {

  @Test
  void everyItemOfRealSnapshotsIsAcceptedByAFalconAgentLikeReceiver() throws Exception {
    try (FalconReceiver receiver = new FalconReceiver(FalconReceiver.Flavour.AGENT, "/v1/push")) {
      Instant now = Instant.now();
      OpenFalconOptions.Builder options = options().url(receiver.url("/v1/push")).batchSize(500)
          .queueCapacity(1000).closeTimeout(Duration.ofSeconds(20)).includeHostNetwork(true).hostWide(true)
          .fields(".*");
      int submitted;
      int batches;
      PushStats stats;
      OpenFalconPusher pusher = OpenFalconPusher.start(options.build());
      try {
        int reference = pusher.submit(TestSnapshots.referenceWithSockets(now));
        int many = pusher.submit(TestSnapshots.many(40, now));
        submitted = reference + many;
        batches = (reference + 499) / 500 + (many + 499) / 500;
      } finally {
        pusher.close();
      }
      stats = pusher.stats();
      assertThat(receiver.refusals()).isEmpty();
      assertThat(stats.itemsFailed() + stats.itemsDropped()).as("%s", stats).isZero();
      assertThat(stats.itemsSent()).isEqualTo(submitted);
      assertThat(receiver.accepted()).hasSize(submitted);
      assertThat(receiver.requests()).isEqualTo(batches);

      Set<String> series = new HashSet<>();
      int agentItems = 0;
      for (JsonNode item : receiver.accepted()) {
        if (item.get("metric").asText().equals(OpenFalconMapper.AGENT_NOT_COLLECTED)) {
          agentItems++; // one per submitted collection; both collections here share a timestamp
          assertThat(item.get("tags").asText()).isEmpty();
          assertThat(item.get("value").asLong()).isZero();
          continue;
        }
        assertThat(series.add(item.get("metric").asText() + " " + item.get("tags").asText()))
            .as("series pushed twice: %s", item).isTrue();
      }
      assertThat(agentItems).as("the agent's item, once per collection").isEqualTo(2);
      assertThat(receiver.accepted()).anySatisfy(item -> {
        assertThat(item.get("metric").asText()).isEqualTo("container.ss.estab");
        assertThat(item.get("tags").asText()).isEqualTo("namespace=shop_prod,pod=web-7d9f8b6c4-x2x9z");
        assertThat(item.get("value").asLong()).isEqualTo(6);
        assertThat(item.get("timestamp").asLong()).isEqualTo(now.getEpochSecond());
      });
      assertThat(receiver.accepted()).as("a listener's item").anySatisfy(item -> {
        assertThat(item.get("metric").asText()).isEqualTo("container.tcp.listen.limit");
        assertThat(item.get("tags").asText()).isEqualTo("port=8080,address=__,netns=host");
        assertThat(item.get("value").asLong()).isEqualTo(128);
      });
      assertThat(receiver.accepted()).as("a filesystem item").anySatisfy(item -> {
        assertThat(item.get("metric").asText()).isEqualTo("container.df.bytes.used.percent");
        assertThat(item.get("tags").asText())
            .isEqualTo("mount=_var_cache_web,fstype=xfs,namespace=shop_prod,pod=web-7d9f8b6c4-x2x9z,container=web");
        assertThat(item.get("value").asLong()).isEqualTo(25);
        assertThat(item.get("counterType").asText()).isEqualTo("GAUGE");
      });
    }
  }

  @Test
  void everyItemIsAcceptedByANightingaleLikeReceiver() throws Exception {
    try (FalconReceiver receiver = new FalconReceiver(FalconReceiver.Flavour.NIGHTINGALE, "/openfalcon/push")) {
      OpenFalconOptions options = options().url(receiver.url("/openfalcon/push"))
          .responseCheck(ResponseCheck.NIGHTINGALE).build();
      PushStats stats;
      int submitted;
      OpenFalconPusher pusher = OpenFalconPusher.start(options);
      try {
        submitted = pusher.submit(TestSnapshots.referenceWithSockets(Instant.now()));
      } finally {
        pusher.close();
      }
      stats = pusher.stats();
      assertThat(receiver.refusals()).isEmpty();
      assertThat(stats.itemsSent()).isEqualTo(submitted).isEqualTo(receiver.accepted().size());
      assertThat(stats.itemsRejected()).isZero();
    }
  }

  @Test
  void aPushTheReceiverRefusesIsCountedAsFailedNotRetried() throws Exception {
    try (FalconReceiver receiver = new FalconReceiver(FalconReceiver.Flavour.AGENT, "/v1/push")) {
      // Collected long ago: the receiver refuses timestamps that are not near now.
      OpenFalconOptions options = options().url(receiver.url("/v1/push")).build();
      PushStats stats;
      OpenFalconPusher pusher = OpenFalconPusher.start(options);
      try {
        pusher.submit(TestSnapshots.reference(Instant.now().minus(Duration.ofDays(2))));
      } finally {
        pusher.close();
      }
      stats = pusher.stats();
      assertThat(stats.batchesFailed()).isEqualTo(1);
      assertThat(stats.retries()).isZero();
      assertThat(stats.lastError()).startsWith("HTTP 400: 'item 0: timestamp is not Unix seconds near now");
      assertThat(receiver.requests()).isEqualTo(1);
    }
  }

  /** The receiver is only a good witness if it really refuses what falcon would drop. */
  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      ``                                                                                   | body is blank
      ` [{"endpoint":"h","metric":"m","value":1,"step":60,"counterType":"GAUGE","tags":"","timestamp":NOW}]` | start with '['
      `{"endpoint":"h","metric":"m","value":1,"step":60,"counterType":"GAUGE","tags":"","timestamp":NOW}`    | start with '['
      `[{"endpoint":"h","metric":"m","value":1,"step":60.0,"counterType":"GAUGE","tags":"","timestamp":NOW}]` | step is not an integer
      `[{"endpoint":"h","metric":"m","value":1,"step":0,"counterType":"GAUGE","tags":"","timestamp":NOW}]`    | step is not an integer > 0
      `[{"endpoint":"h","metric":"m","value":1,"step":60,"counterType":"gauge","tags":"","timestamp":NOW}]`   | counterType
      `[{"endpoint":"h","metric":"m","value":"1","step":60,"counterType":"GAUGE","tags":"","timestamp":NOW}]` | value is not a JSON number
      `[{"endpoint":"h","metric":"m","value":1,"step":60,"counterType":"GAUGE","tags":"a=b,c","timestamp":NOW}]` | tag is not key=value
      `[{"endpoint":"h","metric":"m","value":1,"step":60,"counterType":"GAUGE","tags":"a=b.c","timestamp":NOW}]` | tag value is not
      `[{"endpoint":"h","metric":"m","value":1,"step":60,"counterType":"GAUGE","tags":"","timestamp":NOW000}]`  | timestamp is not Unix seconds
      `[{"endpoint":"h","metric":"m","value":1,"step":60,"counterType":"GAUGE","tags":"","timestamp":1.5}]`     | timestamp is not an integer
      `[{"endpoint":"","metric":"m","value":1,"step":60,"counterType":"GAUGE","tags":"","timestamp":NOW}]`      | endpoint is not a non-empty
      `[{"endpoint":"h","metric":"a>b","value":1,"step":60,"counterType":"GAUGE","tags":"","timestamp":NOW}]`   | forbidden character
      `[{"endpoint":"h","metric":"9m","value":1,"step":60,"counterType":"GAUGE","tags":"","timestamp":NOW}]`    | not a valid Nightingale name
      `[{"endpoint":"h","metric":"LONG","value":1,"step":60,"counterType":"GAUGE","tags":"","timestamp":NOW}]`  | > 255
      `[{"endpoint":"h","metric":"m","value":1,"step":60,"counterType":"GAUGE","tags":"","timestamp":NOW,"x":1}]` | unknown key
      `[]`                                                                                 | non-empty JSON array
      `[{"endpoint":"h",`                                                                  | connot decode body
      """)
  void theReceiverRefusesWhatFalconWouldDropWith400(String template, String reason) throws Exception {
    long now = Instant.now().getEpochSecond();
    String body = template.replace("NOW", Long.toString(now)).replace("LONG", "m".repeat(256));
    try (FalconReceiver receiver = new FalconReceiver(FalconReceiver.Flavour.AGENT, "/v1/push")) {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(receiver.url("/v1/push")))
              .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      assertThat(response.body()).contains(reason);
      assertThat(receiver.accepted()).isEmpty();
      assertThat(receiver.refusals()).hasSize(1);
    }
  }

  @Test
  void theReceiverAcceptsAHandWrittenValidItem() {
    long now = Instant.now().getEpochSecond();
    String body = "[{\"endpoint\":\"h\",\"metric\":\"container.ss.estab\",\"value\":18446744073709551615,\"step\":60,"
        + "\"counterType\":\"COUNTER\",\"tags\":\"namespace=a,pod=b-1\",\"timestamp\":" + now + "}]";
    assertThat(FalconReceiver.invalidReason(body.getBytes(StandardCharsets.UTF_8), now)).isNull();
  }
}
