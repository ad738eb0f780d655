package io.containernetstat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.containernetstat.core.kernel.Environment;
import io.containernetstat.core.kernel.NetnsFixture;
import io.containernetstat.core.kernel.SocketSpec;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Daemon mode of the shaded jar, on loopback: a real Prometheus server scrapes {@code /metrics} and its
 * query API returns the figures of a namespace with known sockets; a small open-falcon receiver gets
 * the pushes; SIGTERM stops the agent within seconds with exit code 0.
 */
class DaemonIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

  @TempDir
  Path dir;

  @Test
  void prometheusScrapesItFalconReceivesItAndSigtermStopsIt() throws Exception {
    Environment.requireNetworkNamespaces();
    Environment.requireOrSkip(Files.isExecutable(PROMETHEUS),
        "needs " + PROMETHEUS + " (Debian package prometheus; .ci/run installs it)");
    SocketSpec spec = SocketSpec.empty().withListeners(3, 1).withEstablished(2, 0).withUdp(1, 0);
    int agentPort = freePort();
    int prometheusPort = freePort();
    try (NetnsFixture ns = NetnsFixture.start(spec); FalconReceiver falcon = new FalconReceiver(0)) {
      Process agent = new ProcessBuilder(AgentJar.command(AgentJar.path(),
          "--sink", "prometheus", "--sink", "openfalcon", "--listen", "127.0.0.1:" + agentPort,
          "--falcon-url", falcon.url(), "--interval", "1s", "--resolver", "netns", "--endpoint", "it-host"))
          .start();
      agent.getOutputStream().close();
      CompletableFuture<String> agentOut = AgentJar.read(agent.getInputStream());
      CompletableFuture<String> agentErr = AgentJar.read(agent.getErrorStream());
      Process prometheus = null;
      try {
        Supplier<String> log = () -> "\nagent stderr:\n" + agentErr.getNow("(running)");
        DaemonTest.await("the agent's /healthz", () -> healthy(agentPort));
        prometheus = startPrometheus(agentPort, prometheusPort);

        // container_sockstat_TCP_inuse of the namespace: named after its first process, unshare
        String query = "container_sockstat_TCP_inuse{id=\"" + ns.unsharePid() + "\"}";
        JsonNode value = awaitQuery(prometheusPort, query);
        assertThat(value).as("Prometheus query %s%s", query, log.get()).isNotNull();
        assertThat(value.get(1).asText()).isEqualTo(Long.toString(spec.expectedTcp4Inuse()));
        JsonNode estab = awaitQuery(prometheusPort, "container_netstat_Tcp_CurrEstab{id=\"" + ns.unsharePid() + "\"}");
        assertThat(estab.get(1).asText()).isEqualTo(Long.toString(spec.expectedCurrEstab()));

        DaemonTest.await("pushes for the namespace", () -> falcon.items.stream().anyMatch(item ->
            item.path("metric").asText().equals("container.ss.estab")
                && item.path("tags").asText().equals("container=unshare,id=" + ns.unsharePid())));
        assertThat(falcon.items.stream()
            .filter(i -> i.path("metric").asText().equals("container.ss.tcp.inuse")
                && i.path("tags").asText().equals("container=unshare,id=" + ns.unsharePid()))
            .map(i -> i.path("value").asLong()))
            .as("pushed TCP in use").contains(spec.expectedTcp4Inuse() + spec.expectedTcp6Inuse());
        assertThat(falcon.items).allMatch(i -> i.path("endpoint").asText().equals("it-host"));
        assertThat(falcon.invalid).as("items falcon's transfer would drop").isEmpty();

        long stop = System.nanoTime();
        agent.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its pipes
        Integer code = AgentJar.waitFor(agent, Duration.ofSeconds(10));
        assertThat(code).as("exit code within 10 s of SIGTERM%s", log.get()).isNotNull().isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - stop)).isLessThan(Duration.ofSeconds(10));
        String err = agentErr.join();
        assertThat(err).contains("INFO container-netstat ").contains(" started: resolver netns; sinks prometheus on "
            + "127.0.0.1:" + agentPort + "/metrics, openfalcon to " + falcon.url() + " as it-host")
            .contains("INFO stopping (SIGTERM)").contains("INFO stopped in ");
        assertThat(err.lines().filter(l -> l.contains(" INFO ")).count())
            .as("INFO lines: start, stopping, stopped; nothing per cycle%n%s", err).isEqualTo(3);
        assertThat(agentOut.join()).as("stdout").isEmpty();
        assertThat(healthy(agentPort)).as("port closed after stop").isFalse();
      } finally {
        agent.destroyForcibly();
        if (prometheus != null) {
          prometheus.destroy();
          if (AgentJar.waitFor(prometheus, Duration.ofSeconds(10)) == null) {
            prometheus.destroyForcibly();
          }
        }
      }
    }
  }

  private Process startPrometheus(int agentPort, int port) throws IOException {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, String.join("\n",
        "global:",
        "  scrape_interval: 1s",
        "  scrape_timeout: 1s",
        "scrape_configs:",
        "  - job_name: container-netstat",
        "    static_configs:",
        "      - targets: ['127.0.0.1:" + agentPort + "']",
        ""));
    List<String> command = new ArrayList<>(List.of(PROMETHEUS.toString(),
        "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
        "--web.listen-address=127.0.0.1:" + port, "--log.level=warn"));
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("prometheus.log").toFile()).start();
  }

  /** Polls the instant-query API until the query returns one series; {@code [time, "value"]} or null. */
  private JsonNode awaitQuery(int port, String query) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          JsonNode result = JSON.readTree(r.body()).at("/data/result");
          if (result.size() == 1) {
            return result.get(0).get("value");
          }
        }
      } catch (IOException e) {
        // Prometheus still starting
      }
      Thread.sleep(250);
    }
    return null;
  }

  private static boolean healthy(int port) {
    try {
      return DaemonTest.get(port, "/healthz").statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
