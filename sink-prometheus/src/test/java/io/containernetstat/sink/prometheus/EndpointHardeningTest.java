package io.containernetstat.sink.prometheus;

import io.containernetstat.testkit.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What hostile or broken clients can do to the real endpoint on loopback: hold connections open with
 * half a request, open too many, flood it with scrapes, stop reading a page, pipeline, send bodies or
 * oversized heads. The endpoint must keep answering scrapes and free what they held. Timeouts here are
 * the endpoint's own, shortened; the waits around them are generous so that a loaded machine does not
 * fail the test, and each failure mode they catch (an endpoint that never answers) is unbounded.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EndpointHardeningTest {
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final Set<String> renderThreads = ConcurrentHashMap.newKeySet();
  final java.util.concurrent.atomic.AtomicInteger renders = new java.util.concurrent.atomic.AtomicInteger();
  volatile long firstRenderSleepMillis;
  final List<RawHttp> clients = new ArrayList<>();
  PrometheusEndpoint endpoint;

  @AfterEach
  void stop() throws IOException {
    for (RawHttp c : clients) {
      c.close();
    }
    if (endpoint != null) {
      endpoint.close();
    }
  }

  PrometheusEndpoint start(EndpointOptions options, int series) throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(() -> {
      renderThreads.add(Thread.currentThread().getName());
      if (renders.getAndIncrement() == 0 && firstRenderSleepMillis > 0) {
        try {
          Thread.sleep(firstRenderSleepMillis); // a slow collection: the requests after it queue up
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name("container_test_gauge");
      for (int i = 0; i < series; i++) {
        gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
            .labels(Labels.of("id", "namespace-" + i)).value(i).build());
      }
      return new MetricSnapshots(gauge.build());
    });
    endpoint = PrometheusEndpoint.start("127.0.0.1", 0, registry, () -> Optional.of(java.time.Instant.now()), options);
    return endpoint;
  }

  RawHttp open() throws IOException {
    RawHttp c = new RawHttp(endpoint.port());
    clients.add(c);
    return c;
  }

  HttpResponse<String> scrape(Duration timeout) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
        .timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aHundredHalfSentRequestsDoNotDelayAScrape() throws Exception {
    start(EndpointOptions.defaults(), 10);
    for (int i = 0; i < 100; i++) {
      open().send("GET /metr");
    }
    long t0 = System.nanoTime();
    HttpResponse<String> r = scrape(Duration.ofSeconds(10)); // the JDK server never answered here
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("container_test_gauge{id=\"namespace-9\"} 9.0");
    assertThat(millis).as("scrape time under 100 slowloris connections, ms").isLessThan(10_000);
    assertThat(renderThreads).as("pages render on the request threads, never the accepting or I/O thread")
        .allMatch(n -> n.startsWith("prometheus-http-"));
  }

  @Test
  void aRequestHeadThatDoesNotArriveInTimeClosesTheConnection() throws Exception {
    start(EndpointOptions.defaults().withHeaderTimeout(Duration.ofMillis(300)), 1);
    RawHttp trickle = open().send("GET /metrics HTTP/1.1\r\nHost: x\r\n");
    Thread.sleep(100);
    trickle.send("X-A: 1\r\n"); // bytes keep coming, the head does not complete: the deadline still holds
    assertThat(trickle.closedWithin(10_000)).isTrue();
    RawHttp silent = open();
    assertThat(silent.closedWithin(10_000)).as("a connection that sends nothing").isTrue();
  }

  @Test
  void connectionsOverTheLimitAreRefusedAtOnceAndTheSlotsComeBack() throws Exception {
    start(EndpointOptions.defaults().withMaxConnections(5).withHeaderTimeout(Duration.ofSeconds(2)), 1);
    for (int i = 0; i < 5; i++) {
      open().send("GET /");
    }
    Thread.sleep(200); // the five are accepted and counted
    RawHttp extra = open();
    String answer = extra.readUntilClosed(10_000);
    assertThat(answer).startsWith("HTTP/1.1 503 ").contains("too many connections");
    // the five are closed by their header deadline; then scrapes get in again
    for (int i = 0; i < 5; i++) {
      assertThat(clients.get(i).closedWithin(15_000)).isTrue();
    }
    Thread.sleep(200);
    assertThat(scrape(Duration.ofSeconds(10)).statusCode()).isEqualTo(200);
  }

  @Test
  void twoHundredConcurrentScrapesAreAllAnsweredInFull() throws Exception {
    start(EndpointOptions.defaults(), 300);
    String expected = scrape(Duration.ofSeconds(10)).body();
    HttpClient[] clientsOf = new HttpClient[4]; // several connection pools: 200 connections at once
    for (int i = 0; i < clientsOf.length; i++) {
      clientsOf[i] = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }
    List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      pending.add(clientsOf[i % clientsOf.length].sendAsync(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port()
        + "/healthz")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).as("/healthz is not queued behind the scrapes").isEqualTo(200);
    for (CompletableFuture<HttpResponse<String>> f : pending) {
      HttpResponse<String> r = f.get(90, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(expected);
    }
    assertThat(renders.get()).as("renders for 201 scrapes: those that waited together shared one").isLessThan(100);
  }

  @Test
  void aClientThatStopsReadingIsCutOffFromAPageItSharesAndTheOthersGetItWhole() throws Exception {
    start(EndpointOptions.defaults().withThreads(1).withWriteTimeout(Duration.ofSeconds(60)), 60_000);
    firstRenderSleepMillis = 1500;
    CompletableFuture<HttpResponse<String>> first = http.sendAsync(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics?name[]=none")).build(),
        HttpResponse.BodyHandlers.ofString()); // holds the only request thread for 1.5 s
    Thread.sleep(300);
    RawHttp stalled = RawHttp.withReceiveBuffer(endpoint.port(), 4096);
    clients.add(stalled);
    stalled.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
    Thread.sleep(300);
    long t0 = System.nanoTime();
    HttpResponse<String> reader = scrape(Duration.ofSeconds(50)); // queued with the stalled one: one render
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
    assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(reader.statusCode()).isEqualTo(200);
    assertThat(reader.body()).contains("container_test_gauge{id=\"namespace-59999\"} 59999.0");
    assertThat(seconds).as("the reader was not held for the stalled client's 60 s write timeout").isLessThan(40);
    assertThat(renders.get()).as("the two queued requests shared one render").isEqualTo(2);
    String got = stalled.readUntilClosed(10_000);
    assertThat(got).startsWith("HTTP/1.1 200 ").doesNotEndWith("<still open>").doesNotEndWith("\r\n0\r\n\r\n");
  }

  @Test
  void aClientThatStopsReadingIsCutOffAtTheWriteTimeoutAndOthersAreServed() throws Exception {
    start(EndpointOptions.defaults().withThreads(1).withWriteTimeout(Duration.ofMillis(500)), 60_000);
    RawHttp stalled = RawHttp.withReceiveBuffer(endpoint.port(), 4096);
    clients.add(stalled);
    stalled.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
    Thread.sleep(2_000); // the page (several MB) is far larger than the socket buffers: the writer waits
    // the only request thread was freed by the write timeout
    assertThat(scrape(Duration.ofSeconds(30)).statusCode()).isEqualTo(200);
    String got = stalled.readUntilClosed(10_000);
    assertThat(got).startsWith("HTTP/1.1 200 ").doesNotEndWith("<still open>");
    assertThat(got).as("cut off: no last chunk, so the scraper sees a broken page").doesNotEndWith("\r\n0\r\n\r\n");
  }

  @Test
  void aRequestPipelinedBehindAPageGetsThePageThenAClosedConnection() throws Exception {
    start(EndpointOptions.defaults(), 1);
    String got = open().send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .readUntilClosed(10_000);
    assertThat(got).doesNotEndWith("<still open>").startsWith("HTTP/1.1 200 ").contains("container_test_gauge")
        .doesNotContain("last_collection_age_seconds");
    assertThat(got.split("HTTP/1.1 200 ", -1)).hasSize(2);
  }

  @Test
  void requestsPipelinedBehindShortAnswersAreAnsweredInOrder() throws Exception {
    start(EndpointOptions.defaults(), 1);
    RawHttp c = open().send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n");
    String got = c.readUntilClosed(1_000);
    assertThat(got.indexOf("HTTP/1.1 200 ")).isZero();
    assertThat(got.indexOf("HTTP/1.1 404 ")).isGreaterThan(0);
  }

  @Test
  void aRequestWithABodyIsAnsweredAndTheConnectionClosed() throws Exception {
    start(EndpointOptions.defaults(), 1);
    String got = open().send("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nxxxx")
        .readUntilClosed(10_000);
    assertThat(got).startsWith("HTTP/1.1 405 ").containsIgnoringCase("allow: GET, HEAD").doesNotEndWith("<still open>");
  }

  @Test
  void anOversizedHeadIsRefused() throws Exception {
    start(EndpointOptions.defaults(), 1);
    String got = open().send("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(40_000) + "\r\n\r\n")
        .readUntilClosed(10_000);
    assertThat(got).startsWith("HTTP/1.1 431 ").doesNotEndWith("<still open>");
    String line = open().send("GET /metrics?" + "a".repeat(20_000) + " HTTP/1.1\r\n\r\n").readUntilClosed(10_000);
    assertThat(line).startsWith("HTTP/1.1 414 ");
  }

  @Test
  void keptAliveConnectionsAreServedAgainAndClosedWhenIdle() throws Exception {
    start(EndpointOptions.defaults().withIdleTimeout(Duration.ofMillis(500)), 1);
    RawHttp c = open().send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    c.socket.setSoTimeout(10_000);
    byte[] buf = new byte[4096];
    int n = c.socket.getInputStream().read(buf);
    assertThat(new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200 ");
    c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    n = c.socket.getInputStream().read(buf);
    assertThat(new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200 ")
        .contains("/metrics");
    assertThat(c.closedWithin(10_000)).as("closed once idle").isTrue();
  }

  @Test
  void aClientThatGoesAwayMidPageLeavesTheEndpointWorking() throws Exception {
    start(EndpointOptions.defaults().withThreads(1), 60_000);
    for (int i = 0; i < 5; i++) {
      RawHttp c = open().send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
      c.socket.getInputStream().read(new byte[1024]);
      c.socket.setSoLinger(true, 0); // a reset, as a killed scraper leaves
      c.close();
    }
    assertThat(scrape(Duration.ofSeconds(30)).statusCode()).isEqualTo(200);
  }

  @Test
  void optionsOutOfRangeAreRefusedWithTheirName() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EndpointOptions.defaults().withMaxConnections(0))
        .hasMessage("maxConnections not in 1..65536: 0");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EndpointOptions.defaults()
        .withHeaderTimeout(Duration.ZERO)).hasMessage("headerTimeout not in (0, 1h]: PT0S");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EndpointOptions.defaults()
        .withWriteTimeout(Duration.ofSeconds(-1))).hasMessageStartingWith("writeTimeout not in");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EndpointOptions.defaults()
        .withIdleTimeout(Duration.ofHours(2))).hasMessageStartingWith("idleTimeout not in");
  }
}
