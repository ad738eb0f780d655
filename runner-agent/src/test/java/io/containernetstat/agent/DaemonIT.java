package io.containernetstat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.containernetstat.core.kernel.Environment;
import io.containernetstat.core.kernel.NetnsFixture;
import io.containernetstat.core.kernel.SocketSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

  @TempDir
  Path dir;

  @Test
  void prometheusScrapesItFalconReceivesItAndSigtermStopsIt() throws Exception {
    Environment.requireNetworkNamespaces();
    Environment.requireOrSkip(Files.isExecutable(PrometheusProcess.BINARY),
        "needs " + PrometheusProcess.BINARY + " (Debian package prometheus; .ci/run installs it)");
    SocketSpec spec = SocketSpec.empty().withListeners(3, 1).withEstablished(2, 0).withUdp(1, 0);
    int agentPort = PrometheusProcess.freePort();
    try (NetnsFixture ns = NetnsFixture.start(spec); FalconReceiver falcon = new FalconReceiver(0)) {
      Process agent = new ProcessBuilder(AgentJar.command(AgentJar.path(),
          "--sink", "prometheus", "--sink", "openfalcon", "--listen", "127.0.0.1:" + agentPort,
          "--falcon-url", falcon.url(), "--interval", "1s", "--resolver", "netns", "--endpoint", "it-host"))
          .start();
      agent.getOutputStream().close();
      CompletableFuture<String> agentOut = AgentJar.read(agent.getInputStream());
      CompletableFuture<String> agentErr = AgentJar.read(agent.getErrorStream());
      PrometheusProcess prometheus = null;
      try {
        Supplier<String> log = () -> "\nagent stderr:\n" + agentErr.getNow("(running)");
        DaemonTest.await("the agent's /healthz", () -> healthy(agentPort));
        prometheus = new PrometheusProcess(dir, "    static_configs:\n      - targets: ['127.0.0.1:" + agentPort + "']\n");

        // container_sockstat_TCP_inuse of the namespace: named after its first process, unshare
        String query = "container_sockstat_TCP_inuse{id=\"" + ns.netnsInode() + "\"}";
        JsonNode value = prometheus.awaitQuery(query);
        assertThat(value).as("Prometheus query %s%s", query, log.get()).isNotNull();
        assertThat(value.get(1).asText()).isEqualTo(Long.toString(spec.expectedTcp4Inuse()));
        JsonNode estab = prometheus.awaitQuery("container_netstat_Tcp_CurrEstab{id=\"" + ns.netnsInode() + "\"}");
        assertThat(estab.get(1).asText()).isEqualTo(Long.toString(spec.expectedCurrEstab()));

        DaemonTest.await("pushes for the namespace", () -> falcon.items.stream().anyMatch(item ->
            item.path("metric").asText().equals("container.ss.estab")
                && item.path("tags").asText().equals("container=unshare,id=" + ns.netnsInode())));
        assertThat(falcon.items.stream()
            .filter(i -> i.path("metric").asText().equals("container.ss.tcp.inuse")
                && i.path("tags").asText().equals("container=unshare,id=" + ns.netnsInode()))
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
          prometheus.close();
        }
      }
    }
  }

  private static boolean healthy(int port) {
    try {
      return DaemonTest.get(port, "/healthz").statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }
}
