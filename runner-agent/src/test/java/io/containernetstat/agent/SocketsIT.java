package io.containernetstat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.containernetstat.core.kernel.Environment;
import io.containernetstat.core.kernel.NetnsFixture;
import io.containernetstat.core.kernel.SocketSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/**
 * {@code --sockets} from the shaded jar against real namespaces, compared with {@code ss} run inside
 * each; and the start-up check of {@code CAP_SYS_ADMIN}, with the capability dropped by {@code capsh}.
 */
class SocketsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] SS_STATES = {"established", "syn-sent", "syn-recv", "fin-wait-1", "fin-wait-2",
      "time-wait", "closed", "close-wait", "last-ack", "listening", "closing"};
  private static final String[] OUR_STATES = {"established", "syn_sent", "syn_recv", "fin_wait1", "fin_wait2",
      "time_wait", "close", "close_wait", "last_ack", "listen", "closing"};

  @Test
  void onceWithSocketStatesAgreesWithSsInsideEachNamespace() throws Exception {
    Environment.requireNetworkNamespaces();
    List<NetnsFixture> fixtures = NetnsFixture.startAll(List.of(
        SocketSpec.empty().withListeners(2, 1).withEstablished(2, 1).withTimeWait(1, 1).withUdp(2, 1),
        SocketSpec.empty().withListeners(1, 0).withListenOverflow(3)));
    try {
      AgentJar.Result run = AgentJar.run("--once", "--format", "json", "--resolver", "netns", "--sockets", "states",
          "--no-filesystems");
      assertThat(run.code()).as("exit code; stderr: %s", run.err()).isZero();
      JsonNode doc = JSON.readTree(run.out());
      assertThat(doc.get("socketsMicros").asLong()).isPositive();
      for (NetnsFixture ns : fixtures) {
        JsonNode sockets = AgentJarIT.namespace(doc, ns.netnsInode()).get("sockets");
        assertThat(sockets.get("error").isNull()).as("error of %s: %s", ns, sockets.get("error")).isTrue();
        for (int i = 0; i < SS_STATES.length; i++) {
          long ss = ns.runInside("ss", "-tanH", "state", SS_STATES[i]).lines().filter(l -> !l.isBlank()).count();
          assertThat(sockets.at("/tcpStates/" + OUR_STATES[i]).asLong()).as("%s of %s", OUR_STATES[i], ns)
              .isEqualTo(ss);
        }
        long udpUnconnected = ns.runInside("ss", "-uanH").lines().filter(l -> l.startsWith("UNCONN")).count();
        assertThat(sockets.at("/udpStates/listen").asLong()).isEqualTo(udpUnconnected);
        List<String> ours = new ArrayList<>();
        for (JsonNode l : sockets.get("listeners")) {
          ours.add(l.get("port").asInt() + " " + l.get("queue").asLong() + "/" + l.get("limit").asLong());
        }
        List<String> theirs = new ArrayList<>();
        for (String line : ns.runInside("ss", "-ltnH").strip().lines().toList()) {
          String[] f = line.trim().split("\\s+");
          String local = f[3];
          theirs.add(local.substring(local.lastIndexOf(':') + 1) + " " + f[1] + "/" + f[2]);
        }
        assertThat(ours).as("port queue/limit of %s", ns).containsExactlyInAnyOrderElementsOf(theirs);
      }
      JsonNode overflow = AgentJarIT.namespace(doc, fixtures.get(1).netnsInode()).get("sockets");
      assertThat(overflow.at("/tcpStates/syn_sent").asLong()).as("connects beyond a full queue").isPositive();

      AgentJar.Result table = AgentJar.run("--once", "--resolver", "netns", "--sockets", "listen", "--no-filesystems");
      assertThat(table.code()).as("stderr: %s", table.err()).isZero();
      assertThat(table.out()).contains("LISTEN_Q").contains("q " + SocketSpec.OVERFLOW_QUEUED + "/"
          + SocketSpec.OVERFLOW_BACKLOG + " :").doesNotContain("CLOSE_WAIT");
    } finally {
      for (NetnsFixture ns : fixtures) {
        ns.close();
      }
    }
  }

  @Test
  void theDaemonExportsListenQueuesThatPrometheusScrapes(@TempDir Path dir) throws Exception {
    Environment.requireNetworkNamespaces();
    Environment.requireOrSkip(Files.isExecutable(PrometheusProcess.BINARY),
        "needs " + PrometheusProcess.BINARY + " (Debian package prometheus; .ci/run installs it)");
    int agentPort = PrometheusProcess.freePort();
    try (NetnsFixture ns = NetnsFixture.start(SocketSpec.empty().withListeners(2, 0).withListenOverflow(2))) {
      Process agent = new ProcessBuilder(AgentJar.command(AgentJar.path(), "--sink", "prometheus", "--listen",
          "127.0.0.1:" + agentPort, "--interval", "1s", "--resolver", "netns", "--sockets", "listen",
          "--no-filesystems")).start();
      agent.getOutputStream().close();
      CompletableFuture<String> agentErr = AgentJar.read(agent.getErrorStream());
      AgentJar.read(agent.getInputStream());
      PrometheusProcess prometheus = null;
      try {
        DaemonTest.await("the agent's /metrics", () -> {
          try {
            return DaemonTest.get(agentPort, "/metrics").body().contains("container_tcp_listen_queue_length");
          } catch (Exception e) {
            return false;
          }
        });
        prometheus = new PrometheusProcess(dir, "    static_configs:\n      - targets: ['127.0.0.1:" + agentPort + "']\n");
        String id = "{id=\"" + ns.netnsInode() + "\"}";
        JsonNode queue = prometheus.awaitQuery("max(container_tcp_listen_queue_length" + id + ")");
        assertThat(queue).as("agent stderr: %s", agentErr.getNow("(running)")).isNotNull();
        assertThat(queue.get(1).asText()).isEqualTo(Long.toString(SocketSpec.OVERFLOW_QUEUED));
        JsonNode full = prometheus.awaitQuery("count(container_tcp_listen_queue_length" + id
            + " >= on(port) container_tcp_listen_queue_limit" + id + ")");
        assertThat(full.get(1).asText()).as("the one listener at its backlog").isEqualTo("1");
        assertThat(prometheus.awaitQuery("container_tcp_listeners" + id).get(1).asText()).isEqualTo("3");
        assertThat(prometheus.awaitQuery("container_netstat_agent_sockets_duration_seconds")).isNotNull();
        assertThat(DaemonTest.get(agentPort, "/metrics").body()).as("listen only: no states")
            .doesNotContain("container_network_tcp_usage_total");
      } finally {
        agent.destroyForcibly();
        if (prometheus != null) {
          prometheus.close();
        }
      }
    }
  }

  @Test
  void withoutCapSysAdminSocketsFailAtStartAndTheCountersStillWork() throws Exception {
    Environment.requireNetworkNamespaces();
    Optional<java.nio.file.Path> capsh = Environment.executable("capsh");
    Environment.requireOrSkip(capsh.isPresent(), "capsh (Debian libcap2-bin) drops the capability");
    try (NetnsFixture ns = NetnsFixture.start(SocketSpec.empty().withListeners(1, 0))) {
      AgentJar.Result refused = withoutSysAdmin(capsh.get(), "--once", "--resolver", "netns", "--sockets", "listen");
      assertThat(refused.code()).as("exit code; stderr: %s", refused.err()).isEqualTo(1);
      assertThat(refused.out()).isEmpty();
      assertThat(refused.err()).contains("--sockets listen").contains("CAP_SYS_ADMIN");
      assertThat(refused.err().strip().lines()).hasSize(1);

      AgentJar.Result counters = withoutSysAdmin(capsh.get(), "--once", "--resolver", "netns", "--format", "json",
          "--no-filesystems");
      assertThat(counters.code()).as("stderr: %s", counters.err()).isZero();
      JsonNode found = AgentJarIT.namespace(JSON.readTree(counters.out()), ns.netnsInode());
      assertThat(found).as("the namespace read with CAP_SYS_PTRACE alone").isNotNull();
      assertThat(found.has("sockets")).isFalse();
    }
  }

  private static AgentJar.Result withoutSysAdmin(java.nio.file.Path capsh, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(capsh.toString(), "--drop=cap_sys_admin", "--",
        "-c", "exec \"$0\" \"$@\""));
    command.addAll(AgentJar.command(AgentJar.path(), args));
    return AgentJar.run(command, Map.of());
  }
}
