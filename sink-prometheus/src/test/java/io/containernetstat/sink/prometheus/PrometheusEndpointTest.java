package io.containernetstat.sink.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.containernetstat.core.Snapshot;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrometheusEndpointTest {
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final AtomicInteger supplied = new AtomicInteger();
  final Snapshot snapshot = Fixtures.golden();
  PrometheusEndpoint endpoint;

  @BeforeEach
  void start() throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new ContainerNetstatCollector(() -> {
      supplied.incrementAndGet();
      return snapshot;
    }));
    endpoint = PrometheusEndpoint.start("127.0.0.1", 0, registry,
        () -> Optional.of(Instant.now().minusSeconds(3)));
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  @Test
  void metricsServesTheTextFormatByDefault() throws Exception {
    HttpResponse<String> response = get("/metrics", "Accept", "text/plain");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.body()).contains("# TYPE container_netstat_Tcp_ActiveOpens_total counter\n")
        .contains("container_sockstat_TCP_inuse{container=\"\",id=\"" + Fixtures.SANDBOX_ID + "\"");
    assertThat(supplied).hasValue(1);
  }

  @Test
  void metricsNegotiatesOpenMetrics() throws Exception {
    HttpResponse<String> response = get("/metrics", "Accept",
        "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/openmetrics-text; version=1.0.0"));
    assertThat(response.body()).contains("# TYPE container_netstat_Tcp_ActiveOpens counter\n").endsWith("# EOF\n");
  }

  @Test
  void metricsNegotiatesProtobuf() throws Exception {
    HttpResponse<byte[]> response = http.send(request("/metrics", "Accept",
        "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited"),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/vnd.google.protobuf"));
    assertThat(new String(response.body(), StandardCharsets.ISO_8859_1)).contains("container_sockstat_TCP_inuse");
  }

  @Test
  void metricsAreGzippedWhenTheScraperAcceptsIt() throws Exception {
    HttpResponse<byte[]> response = http.send(request("/metrics", "Accept-Encoding", "gzip"),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
    String body;
    try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(response.body()))) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(body).contains("container_sockstat_TCP_inuse");
  }

  @Test
  void metricsAreStreamedNotBufferedWhole() throws Exception {
    HttpResponse<String> response = get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    // chunked: the page is written as it is rendered, no Content-Length computed from a buffered copy
    assertThat(response.headers().firstValue("Content-Length")).isEmpty();
    assertThat(response.body()).isEqualTo(PrometheusText.toText(snapshot, PrometheusOptions.defaults()));
  }

  @Test
  void gzipRefusedWithQZeroIsNotUsed() throws Exception {
    HttpResponse<String> response = get("/metrics", "Accept-Encoding", "gzip;q=0, identity");
    assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(response.body()).contains("container_sockstat_TCP_inuse");
  }

  @Test
  void nameParametersSelectFamilies() throws Exception {
    HttpResponse<String> response = get("/metrics?name[]=container_sockstat_TCP_inuse"
        + "&name%5B%5D=container_netstat_Tcp_ActiveOpens_total");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body().lines().filter(l -> l.startsWith("# TYPE ")))
        .containsExactlyInAnyOrder("# TYPE container_sockstat_TCP_inuse gauge",
            "# TYPE container_netstat_Tcp_ActiveOpens_total counter");
  }

  @Test
  void debugShowsEachFormatAsPlainText() throws Exception {
    HttpResponse<String> openMetrics = get("/metrics?debug=openmetrics", "Accept-Encoding", "gzip");
    assertThat(openMetrics.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(openMetrics.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(openMetrics.body()).endsWith("# EOF\n");
    assertThat(get("/metrics?debug=text").body()).contains("# TYPE container_netstat_Tcp_ActiveOpens_total counter");
    assertThat(get("/metrics?debug=prometheus-protobuf").body()).contains("name: \"container_sockstat_TCP_inuse\"");
    HttpResponse<String> bad = get("/metrics?debug=yaml");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).startsWith("debug=yaml: unsupported");
  }

  @Test
  void headAnswersWithoutCollectingAndOtherMethodsAreRefused() throws Exception {
    HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port()
        + "/metrics")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(supplied).hasValue(0);
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port()
        + "/metrics")).POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertThat(get("/metricsfoo").statusCode()).isEqualTo(404);
    assertThat(supplied).hasValue(0);
  }

  @Test
  void aFailingCollectionIsA500WithTheReason() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new ContainerNetstatCollector(() -> {
      throw new IllegalStateException("procfs is gone");
    }));
    try (PrometheusEndpoint failing = PrometheusEndpoint.start("127.0.0.1", 0, registry)) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + failing.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.body()).contains("procfs is gone");
    }
  }

  @Test
  void anUnresolvableHostIsRefusedWithItsName() {
    assertThatThrownBy(() -> PrometheusEndpoint.start("no-such-host.invalid", 0, new PrometheusRegistry()))
        .isInstanceOf(java.net.UnknownHostException.class).hasMessageContaining("no-such-host.invalid");
  }

  @Test
  void healthzAnswersWithoutCollecting() throws Exception {
    HttpResponse<String> response = get("/healthz");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("ok\nlast_collection_age_seconds 3.");
    assertThat(supplied).hasValue(0);
  }

  @Test
  void healthzWithoutAKnownCollectionSaysOk() throws Exception {
    try (PrometheusEndpoint bare = PrometheusEndpoint.start("127.0.0.1", 0, new PrometheusRegistry())) {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bare.port() + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("ok\n");
    }
  }

  @Test
  void otherPathsAreNotFoundAndTheRootLinksToMetrics() throws Exception {
    assertThat(get("/nope").statusCode()).isEqualTo(404);
    HttpResponse<String> root = get("/");
    assertThat(root.statusCode()).isEqualTo(200);
    assertThat(root.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(root.body()).startsWith("<!DOCTYPE html>").contains("<title>container-netstat</title>")
        .contains("<a href=\"/metrics\">Metrics</a>").contains("<a href=\"/healthz\">")
        .as("no build info given: no version").doesNotContain("id=\"version\"");
    assertThat(supplied).as("the landing page does not collect").hasValue(0);
  }

  @Test
  void metricsAreServedAtTheTelemetryPathAndTheLandingPageLinksThereWithTheVersion() throws Exception {
    endpoint.close();
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new ContainerNetstatCollector(() -> snapshot));
    endpoint = PrometheusEndpoint.start("127.0.0.1", 0, registry, Optional::empty, EndpointOptions.defaults()
        .withMetricsPath("/container/metrics").withBuildInfo(new BuildInfo("1.2.3", "abc<def", "17.0.9")));
    HttpResponse<String> metrics = get("/container/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("container_sockstat_TCP_inuse{");
    assertThat(get("/container/metrics/").statusCode()).as("with a trailing slash").isEqualTo(200);
    assertThat(get("/metrics").statusCode()).as("the default path is free again").isEqualTo(404);
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    String root = get("/").body();
    assertThat(root).contains("<a href=\"/container/metrics\">Metrics</a>")
        .contains("<pre>version=1.2.3, revision=abc&lt;def, java_version=17.0.9</pre>");
    assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body())
        .as("HEAD /").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "metrics      | does not start with '/'",
      "/            | is the landing page",
      "/healthz     | is the health check's path",
      "/healthz/    | is the health check's path",
      "'/a b'       | a character a URL path cannot hold",
      "/a?b         | a character a URL path cannot hold",
      "/m%20        | a character a URL path cannot hold"})
  void aTelemetryPathThatCannotWorkIsRefused(String path, String reason) {
    assertThatThrownBy(() -> EndpointOptions.defaults().withMetricsPath(path))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
  }

  @Test
  void closeFreesThePort() throws Exception {
    int port = endpoint.port();
    endpoint.close();
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
  }

  @Test
  void concurrentRequestsAreServedByASmallPool() throws Exception {
    var before = poolThreads(); // other tests' closed endpoints may still be ending theirs
    var pending = new java.util.ArrayList<java.util.concurrent.CompletableFuture<HttpResponse<String>>>();
    for (int i = 0; i < 12; i++) {
      pending.add(http.sendAsync(request(i % 2 == 0 ? "/metrics" : "/healthz", "Accept", "text/plain"),
          HttpResponse.BodyHandlers.ofString()));
    }
    for (var response : pending) {
      assertThat(response.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    var started = poolThreads();
    started.removeAll(before);
    assertThat(started).hasSizeBetween(1, PrometheusEndpoint.DEFAULT_THREADS);
  }

  static java.util.Set<Thread> poolThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("prometheus-http-"))
        .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
  }

  @Test
  void threadCountOutOfRangeIsRejected() {
    PrometheusRegistry registry = new PrometheusRegistry();
    assertThatThrownBy(() -> PrometheusEndpoint.start("127.0.0.1", 0, registry, Optional::empty, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threads");
  }

  @Test
  void portOutOfRangeIsRejected() {
    assertThatThrownBy(() -> PrometheusEndpoint.start("127.0.0.1", 70000, new PrometheusRegistry()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("port not in 0..65535: 70000");
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    return http.send(request(path, headers), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  HttpRequest request(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
        .timeout(Duration.ofSeconds(10));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b.build();
  }
}
