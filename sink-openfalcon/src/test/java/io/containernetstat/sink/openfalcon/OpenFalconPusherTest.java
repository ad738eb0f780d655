package io.containernetstat.sink.openfalcon;

import static io.containernetstat.sink.openfalcon.TestSnapshots.options;
import static io.containernetstat.sink.openfalcon.TestSnapshots.reference;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class OpenFalconPusherTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MockWebServer server = new MockWebServer();
  /** Released in tearDown so that no server thread stays blocked in a dispatcher. */
  private final CountDownLatch release = new CountDownLatch(1);
  private OpenFalconPusher pusher;

  @BeforeEach
  void startServer() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void tearDown() {
    release.countDown();
    if (pusher != null) {
      pusher.close();
    }
    server.close();
  }

  private OpenFalconOptions.Builder fast() {
    return options().url(server.url("/v1/push").toString())
        .connectTimeout(Duration.ofSeconds(1))
        .readTimeout(Duration.ofSeconds(2))
        .backoff(Duration.ofMillis(10), Duration.ofMillis(40))
        .closeTimeout(Duration.ofSeconds(5));
  }

  private OpenFalconPusher start(OpenFalconOptions.Builder options) {
    pusher = OpenFalconPusher.start(options.build());
    return pusher;
  }

  private static MockResponse reply(int code, String body) {
    return new MockResponse.Builder().code(code).body(body).build();
  }

  private static List<FalconItem> items(int n) {
    List<FalconItem> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new FalconItem("node-1", "container.test.m" + i, i, false, 60, CounterType.GAUGE, "pod=p",
          1_767_323_045L));
    }
    return out;
  }

  private static List<String> metrics(RecordedRequest request) throws IOException {
    List<String> out = new ArrayList<>();
    for (JsonNode item : JSON.readTree(request.getBody().utf8())) {
      out.add(item.get("metric").asText());
    }
    return out;
  }

  private static PushStats await(OpenFalconPusher pusher, Predicate<PushStats> condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    PushStats stats = pusher.stats();
    while (!condition.test(stats)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met in 10 s; last stats: " + stats);
      }
      Thread.sleep(5);
      stats = pusher.stats();
    }
    return stats;
  }

  /** Replies {@code success} to every request after waiting for {@link #release} when asked to hold. */
  private final class Holding extends Dispatcher {
    final CountDownLatch arrived = new CountDownLatch(1);
    final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final boolean hold;

    Holding(boolean hold) {
      this.hold = hold;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
      requests.add(request);
      arrived.countDown();
      if (hold) {
        release.await();
      }
      return reply(200, "success");
    }
  }

  @Test
  void postsTheExactGoldenPayloadAsJsonToTheConfiguredUrl() throws Exception {
    server.enqueue(reply(200, "success"));
    start(fast());
    int queued = pusher.submit(reference());

    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request).isNotNull();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getTarget()).isEqualTo("/v1/push");
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    // the mapper's golden payload, then the agent's own item
    String body = request.getBody().utf8();
    String agent = new String(io.containernetstat.sink.openfalcon.internal.FalconJson.write(
        pusher.mapper().agentItems(reference())), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(agent).contains("\"metric\":\"container.agent.namespaces.not_collected\",\"value\":0,");
    String tail = "," + agent.substring(1);
    assertThat(body).endsWith(tail);
    Golden.assertMatches("reference-default.json", (body.substring(0, body.length() - tail.length()) + "]")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    PushStats stats = await(pusher, s -> s.batchesSent() == 1);
    assertThat(stats.itemsSent()).isEqualTo(queued).isEqualTo(JSON.readTree(request.getBody().utf8()).size());
    assertThat(stats.lastSuccessTime()).isNotNull();
    assertThat(stats.lastError()).isNull();
  }

  @Test
  void itemsAreCutIntoBatchesOfAtMostBatchSizeInOrder() throws Exception {
    Holding dispatcher = new Holding(false);
    server.setDispatcher(dispatcher);
    start(fast().batchSize(500));
    assertThat(pusher.submit(items(1234))).isEqualTo(1234);

    await(pusher, s -> s.itemsSent() == 1234);
    assertThat(dispatcher.requests).hasSize(3);
    List<String> all = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    for (RecordedRequest r : dispatcher.requests) {
      assertThat(r.getBody().utf8()).startsWith("[{");
      List<String> m = metrics(r);
      sizes.add(m.size());
      all.addAll(m);
    }
    assertThat(sizes).containsExactly(500, 500, 234);
    assertThat(all).isEqualTo(items(1234).stream().map(FalconItem::metric).toList());
    assertThat(pusher.stats().batchesSent()).isEqualTo(3);
  }

  @Test
  void failuresAreRetriedWithBackoffUntilDelivered() throws Exception {
    server.enqueue(reply(503, "busy"));
    server.enqueue(reply(500, ""));
    server.enqueue(reply(200, "success"));
    start(fast().maxAttempts(3));
    long start = System.nanoTime();
    pusher.submit(items(3));

    PushStats stats = await(pusher, s -> s.batchesSent() == 1);
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(stats.retries()).isEqualTo(2);
    assertThat(stats.batchesFailed()).isZero();
    assertThat(elapsedMillis).as("waited 10 ms then 20 ms").isGreaterThanOrEqualTo(30);
    String first = server.takeRequest().getBody().utf8();
    assertThat(server.takeRequest().getBody().utf8()).isEqualTo(first);
    assertThat(server.takeRequest().getBody().utf8()).isEqualTo(first);
    assertThat(stats.lastError()).as("the last failure stays readable").isEqualTo("HTTP 500");
  }

  @Test
  void aBatchIsGivenUpAfterMaxAttempts() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(reply(503, "transfer down"));
    }
    start(fast().maxAttempts(3));
    pusher.submit(items(4));

    PushStats stats = await(pusher, s -> s.batchesFailed() == 1);
    assertThat(stats.itemsFailed()).isEqualTo(4);
    assertThat(stats.retries()).isEqualTo(2);
    assertThat(stats.itemsSent()).isZero();
    assertThat(stats.lastError()).isEqualTo("HTTP 503: 'transfer down'");
    assertThat(stats.lastErrorTime()).isNotNull();
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  /** A 2xx reply with another body than falcon's or Nightingale's, and a plain 4xx, would fail again. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "200 | <html>captive portal</html> | HTTP 200 with an unexpected body (ANY): '<html>captive portal</html>'",
      "400 | connot decode body          | HTTP 400: 'connot decode body'"})
  void aFinalRefusalIsAFailureAndIsNotRetried(int code, String body, String error) throws Exception {
    server.enqueue(reply(code, body));
    server.enqueue(reply(200, "success"));
    start(fast());
    pusher.submit(items(2));

    PushStats stats = await(pusher, s -> s.batchesFailed() == 1);
    assertThat(stats.retries()).isZero();
    assertThat(stats.lastError()).isEqualTo(error).contains(body);
    assertThat(server.getRequestCount()).isEqualTo(1);
    pusher.submit(items(1));
    assertThat(await(pusher, s -> s.batchesSent() == 1).itemsSent()).isEqualTo(1);
  }

  @Test
  void nightingaleReplyIsDeliveredAndItsRefusedItemsAreCounted() throws Exception {
    server.enqueue(reply(200, "{\"succ\":3,\"fail\":2,\"msg\":\"received\"}"));
    start(fast());
    pusher.submit(items(5));

    PushStats stats = await(pusher, s -> s.batchesSent() == 1);
    assertThat(stats.itemsSent()).isEqualTo(5);
    assertThat(stats.itemsRejected()).isEqualTo(2);
    assertThat(stats.lastError()).isEqualTo("receiver refused 2 items");
  }

  @Test
  void falconAgentCheckRefusesANightingaleReply() throws Exception {
    server.enqueue(reply(200, "{\"succ\":5,\"fail\":0,\"msg\":\"received\"}"));
    start(fast().responseCheck(ResponseCheck.FALCON_AGENT));
    pusher.submit(items(5));

    assertThat(await(pusher, s -> s.batchesFailed() == 1).itemsSent()).isZero();
  }

  @Test
  void aReadTimeoutFailsTheAttemptAndTheBatchIsRetried() throws Exception {
    MockResponse slow = new MockResponse.Builder().code(200).body("success")
        .headersDelay(2, TimeUnit.SECONDS).build();
    server.enqueue(slow);
    server.enqueue(reply(200, "success"));
    start(fast().readTimeout(Duration.ofMillis(200)));
    pusher.submit(items(2));

    PushStats stats = await(pusher, s -> s.batchesSent() == 1);
    assertThat(stats.retries()).isEqualTo(1);
    assertThat(stats.lastError()).containsIgnoringCase("timeout");
  }

  @Test
  void anAgentThatIsDownNeverBlocksSubmitAndFailuresAreBounded() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed again: connections are refused
    }
    start(fast().url("http://127.0.0.1:" + port + "/v1/push").maxAttempts(2).queueCapacity(4));
    long start = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      pusher.submit(items(3));
    }
    long submitMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(submitMillis).as("20 submits to a dead agent").isLessThan(500);

    PushStats stats = await(pusher, s -> s.batchesFailed() + s.batchesDropped() == 20 && s.queuedBatches() == 0);
    assertThat(stats.lastError()).contains("ConnectException");
    assertThat(stats.itemsSent()).isZero();
    assertThat(stats.itemsFailed() + stats.itemsDropped()).isEqualTo(60);
    long closeStart = System.nanoTime();
    pusher.close();
    assertThat((System.nanoTime() - closeStart) / 1_000_000).isLessThan(1000);
  }

  /**
   * A collection bigger than the configured queue is never cut: the queue grows to two submissions'
   * worth, so with the receiver hanging, the newest two collections wait whole and older ones are dropped.
   */
  @Test
  void theQueueHoldsTwoWholeSubmissionsHoweverLargeAndNoMore() throws Exception {
    Holding dispatcher = new Holding(true);
    server.setDispatcher(dispatcher);
    start(fast().batchSize(2).queueCapacity(1).readTimeout(Duration.ofSeconds(10)));
    pusher.submit(items(1));
    assertThat(dispatcher.arrived.await(5, TimeUnit.SECONDS)).as("first batch in flight").isTrue();
    for (int cycle = 0; cycle < 3; cycle++) {
      assertThat(pusher.submit(items(10))).isEqualTo(10); // 5 batches of 2
    }
    assertThat(pusher.queueCapacity()).isEqualTo(10);
    PushStats held = pusher.stats();
    assertThat(held.queuedBatches()).isEqualTo(10);
    assertThat(held.queuedItems()).isEqualTo(20);
    assertThat(held.batchesDropped()).as("the oldest collection, whole").isEqualTo(5);
    assertThat(held.itemsDropped()).isEqualTo(10);
    release.countDown();
    await(pusher, s -> s.batchesSent() == 11);
    assertThat(pusher.stats().itemsSent()).isEqualTo(21);
  }

  @Test
  void aSlowAgentNeverBlocksSubmitAndTheQueueDropsTheOldestBatches() throws Exception {
    Holding dispatcher = new Holding(true);
    server.setDispatcher(dispatcher);
    start(fast().batchSize(1).queueCapacity(2).readTimeout(Duration.ofSeconds(10)));

    pusher.submit(List.of(items(5).get(0)));
    assertThat(dispatcher.arrived.await(5, TimeUnit.SECONDS)).as("first batch in flight").isTrue();
    long start = System.nanoTime();
    for (FalconItem item : items(5).subList(1, 5)) {
      assertThat(pusher.submit(List.of(item))).isEqualTo(1);
    }
    assertThat((System.nanoTime() - start) / 1_000_000).as("4 submits while the agent hangs").isLessThan(200);

    PushStats held = pusher.stats();
    assertThat(held.batchesDropped()).as("m1 and m2 dropped: the oldest waiting").isEqualTo(2);
    assertThat(held.itemsDropped()).isEqualTo(2);
    assertThat(held.queuedBatches()).isEqualTo(2);
    assertThat(held.queuedItems()).isEqualTo(2);
    assertThat(dispatcher.requests).as("one delivery thread: nothing else is sent meanwhile").hasSize(1);

    release.countDown();
    await(pusher, s -> s.batchesSent() == 3);
    List<String> delivered = new ArrayList<>();
    for (RecordedRequest r : dispatcher.requests) {
      delivered.addAll(metrics(r));
    }
    assertThat(delivered).containsExactly("container.test.m0", "container.test.m3", "container.test.m4");
  }

  @Test
  void closeDeliversWhatIsQueued() throws Exception {
    Holding dispatcher = new Holding(false);
    server.setDispatcher(dispatcher);
    start(fast().batchSize(10));
    pusher.submit(items(50));
    pusher.close();

    PushStats stats = pusher.stats();
    assertThat(stats.batchesSent()).isEqualTo(5);
    assertThat(stats.itemsSent()).isEqualTo(50);
    assertThat(stats.queuedBatches()).isZero();
    assertThat(dispatcher.requests).hasSize(5);
  }

  @Test
  void closeIsBoundedWhenTheAgentHangsAndCountsWhatIsLeftAsDropped() throws Exception {
    Holding dispatcher = new Holding(true);
    server.setDispatcher(dispatcher);
    start(fast().batchSize(1).readTimeout(Duration.ofSeconds(30)).closeTimeout(Duration.ofMillis(300)));
    pusher.submit(items(3));
    assertThat(dispatcher.arrived.await(5, TimeUnit.SECONDS)).isTrue();

    long start = System.nanoTime();
    pusher.close();
    long closeMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(closeMillis).as("close with a 300 ms budget").isBetween(250L, 1500L);
    PushStats stats = pusher.stats();
    assertThat(stats.batchesDropped()).as("1 in flight + 2 queued").isEqualTo(3);
    assertThat(stats.itemsSent() + stats.itemsFailed()).isZero();
  }

  @Test
  void itemsSubmittedAfterCloseAreCountedAsDropped() {
    start(fast());
    pusher.close();
    assertThat(pusher.submit(items(7))).isZero();
    assertThat(pusher.stats().itemsDropped()).isEqualTo(7);
    pusher.close(); // idempotent
  }

  @Test
  void extraHeadersAreSentWithEveryRequest() throws Exception {
    server.enqueue(reply(200, "{\"succ\":1,\"fail\":0,\"msg\":\"received\"}"));
    start(fast().url(server.url("/openfalcon/push").toString()).header("Authorization", "Basic dXNlcjpwYXNz")
        .responseCheck(ResponseCheck.NIGHTINGALE));
    pusher.submit(items(1));

    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Basic dXNlcjpwYXNz");
    assertThat(request.getTarget()).isEqualTo("/openfalcon/push");
    await(pusher, s -> s.batchesSent() == 1);
  }

  @Test
  void anHttpUrlGetsACleartextOnlyClientAndAnHttpsUrlKeepsTls() {
    try (OpenFalconPusher http = OpenFalconPusher.start(
        OpenFalconOptions.builder().url("http://127.0.0.1:1/v1/push").build())) {
      assertThat(http.httpClient().connectionSpecs()).containsExactly(okhttp3.ConnectionSpec.CLEARTEXT);
    }
    try (OpenFalconPusher https = OpenFalconPusher.start(
        OpenFalconOptions.builder().url("https://127.0.0.1:1/v1/push").build())) {
      assertThat(https.httpClient().connectionSpecs()).anyMatch(okhttp3.ConnectionSpec::isTls);
    }
  }
}
