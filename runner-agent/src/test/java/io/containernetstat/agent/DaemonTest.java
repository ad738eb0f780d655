package io.containernetstat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon in process, on a fixture proc tree: both sinks, scheduling, and a bounded stop. */
class DaemonTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  Path proc;

  @BeforeEach
  void buildTree(@TempDir Path dir) {
    proc = FixtureProc.standard(dir);
  }

  private Settings settings(String falconUrl, String interval) {
    return AgentCommand.parse(Map.of(), "--sink", "prometheus", "--sink", "openfalcon", "--listen", "127.0.0.1:0",
        "--falcon-url", falconUrl, "--interval", interval, "--resolver", "netns", "--proc-root", proc.toString(),
        "--endpoint", "test-host");
  }

  @Test
  void servesMetricsAndHealthAndPushesEveryInterval() throws Exception {
    try (FalconReceiver receiver = new FalconReceiver(0)) {
      long stopped;
      try (Daemon daemon = Daemon.start(settings(receiver.url(), "200ms"))) {
        int port = daemon.prometheusPort().orElseThrow();
        HttpResponse<String> metrics = get(port, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
            .contains("container_sockstat_TCP_inuse{container=\"\",id=\"" + FixtureProc.LIVE_NETNS
                + "\",image=\"\",name=\"python3\"")
            .contains("container_netstat_Tcp_CurrEstab{container=\"\",id=\"" + FixtureProc.NO_IPV6_NETNS + "\"");
        assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
        await("3 scheduled cycles", () -> daemon.ticks() >= 3);
        await("items pushed", () -> receiver.items.stream().anyMatch(DaemonTest::pythonEstab));
        assertThat(receiver.requests.get()).as("pushes: the first collection and the cycles").isGreaterThanOrEqualTo(2);
        stopped = System.nanoTime();
      }
      assertThat(Duration.ofNanos(System.nanoTime() - stopped)).as("close").isLessThan(Duration.ofSeconds(3));
      assertThat(receiver.invalid).as("items falcon's transfer would drop").isEmpty();
    }
  }

  @Test
  void aSlowReceiverNeverDelaysCollectionsAndStopIsBounded() throws Exception {
    try (FalconReceiver receiver = new FalconReceiver(20_000)) {
      long stopped;
      try (Daemon daemon = Daemon.start(settings(receiver.url(), "100ms"))) {
        long start = System.nanoTime();
        await("10 cycles while the receiver sleeps", () -> daemon.ticks() >= 10);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertThat(get(daemon.prometheusPort().orElseThrow(), "/metrics").statusCode()).isEqualTo(200);
        stopped = System.nanoTime();
      }
      // the pusher gives queued batches 5 s, then abandons the request in flight
      assertThat(Duration.ofNanos(System.nanoTime() - stopped)).as("close").isLessThan(Duration.ofSeconds(10));
    }
  }

  private static boolean pythonEstab(JsonNode item) {
    return item.path("metric").asText().equals("container.ss.estab")
        && item.path("tags").asText().equals("container=python3,id=" + FixtureProc.LIVE_NETNS)
        && item.path("value").asLong() == 6
        && item.path("endpoint").asText().equals("test-host");
  }

  static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Waits (at most 10 s) until the agent on {@code port} answers {@code /healthz} with 200. */
  static void awaitHealthy(int port) throws InterruptedException {
    await("the agent's /healthz", () -> {
      try {
        return get(port, "/healthz").statusCode() == 200;
      } catch (Exception e) {
        return false;
      }
    });
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after 10 s waiting for: " + what);
      }
      Thread.sleep(20);
    }
  }
}
