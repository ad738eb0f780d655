package io.containernetstat.sink.prometheus;

import io.containernetstat.testkit.ProcTree;
import io.containernetstat.testkit.ProcfsSamples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.containernetstat.core.Collector;
import io.containernetstat.core.SharedCollector;
import io.containernetstat.core.Snapshot;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (the Debian package's {@code prometheus} binary, started on loopback with a
 * temporary configuration and TSDB directory, stopped by its PID) scrapes a {@link PrometheusEndpoint}
 * fed by a real {@link Collector} over a fixture proc tree with known values, and its query API returns
 * them: a pod's sockets in use, its established connections, a counter under its {@code _total} name,
 * and a pod whose name needs every kind of escaping, matched exactly.
 */
class PrometheusServerEndToEndTest {
  static final Duration DEADLINE = Duration.ofSeconds(30);
  static final Pattern SINGLE_VALUE =
      Pattern.compile("\"result\":\\[\\{\"metric\":\\{[^}]*\\},\"value\":\\[[0-9.]+,\"([^\"]*)\"\\]\\}\\]");

  @TempDir
  Path dir;

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void prometheusScrapesTheEndpointAndAnswersQueries() throws Exception {
    Path binary = Tools.require("prometheus");
    ProcTree tree = new ProcTree(dir).hostInit()
        .add(Fixtures.webPod(), "sockstat=" + ProcfsSamples.LIVE + "sockstat", "sockstat6=" + ProcfsSamples.LIVE + "sockstat6",
            "snmp=" + ProcfsSamples.LIVE + "snmp")
        .add(Fixtures.weirdPod(), "sockstat=" + ProcfsSamples.LIVE + "sockstat", "snmp=" + ProcfsSamples.LIVE + "snmp");
    // Fixed filesystem figures through the collector's probe interface: what the exporter makes of them.
    try (Collector collector = Collector.builder(tree.resolver()).procRoot(tree.procRoot())
        .filesystemProbe(namespaces -> Fixtures.filesystems()).build()) {
      SharedCollector shared = new SharedCollector(collector, Duration.ofMillis(500));
      PrometheusRegistry registry = new PrometheusRegistry();
      registry.register(new ContainerNetstatCollector(shared::get));
      try (PrometheusEndpoint endpoint = PrometheusEndpoint.start("127.0.0.1", 0, registry,
          () -> shared.last().map(Snapshot::timestamp))) {
        int prometheusPort = freePort();
        Process prometheus = startPrometheus(binary, endpoint.port(), prometheusPort);
        try {
          String api = "http://127.0.0.1:" + prometheusPort + "/api/v1/query?query=";
          assertThat(queryUntilAnswered(api, "up{job=\"container-netstat\"}", prometheus)).isEqualTo("1");
          assertThat(queryUntilAnswered(api, "container_sockstat_TCP_inuse{namespace=\"shop\",pod=\"web-0\"}",
              prometheus)).isEqualTo("5");
          assertThat(queryUntilAnswered(api, "container_sockstat_TCP6_inuse{pod=\"web-0\"}", prometheus))
              .isEqualTo("3");
          assertThat(queryUntilAnswered(api, "container_netstat_Tcp_CurrEstab{pod=\"web-0\"}", prometheus))
              .isEqualTo("6");
          assertThat(queryUntilAnswered(api, "container_netstat_Tcp_ActiveOpens_total{pod=\"web-0\"}", prometheus))
              .isEqualTo("4");
          assertThat(queryUntilAnswered(api, "count(container_sockstat_TCP_inuse{namespace=\"shop\"})", prometheus))
              .as("one series per pod, not one per container").isEqualTo("1");
          assertThat(queryUntilAnswered(api, "container_sockstat_UDP_inuse{pod=" + promqlString(Fixtures.WEIRD_POD)
              + ",namespace=" + promqlString(Fixtures.WEIRD_NAMESPACE) + "}", prometheus))
              .as("a pod name with a quote, a backslash, a newline and non-ASCII survives the round trip")
              .isEqualTo("2");
          assertThat(queryUntilAnswered(api, "container_filesystem_size_bytes{pod=\"web-0\",container=\"nginx\","
              + "mountpoint=\"/dev/shm\",fstype=\"tmpfs\",device=\"shm\"}", prometheus)).isEqualTo("67108864");
          assertThat(queryUntilAnswered(api, "count(container_filesystem_avail_bytes{namespace=\"shop\",mountpoint=\"/\"})",
              prometheus)).as("one series per container of the pod").isEqualTo("3");
          assertThat(queryUntilAnswered(api, "container_filesystem_device_error{mountpoint=\"/var/log/app\"}", prometheus))
              .isEqualTo("1");
          assertThat(queryUntilAnswered(api, "container_filesystem_files_free{mountpoint=" + promqlString("/data \"x\"\\y")
              + "}", prometheus)).as("a mount point with a quote and a backslash").isEqualTo("1023");
        } finally {
          stop(prometheus);
        }
      }
    }
  }

  Process startPrometheus(Path binary, int targetPort, int port) throws IOException {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, String.join("\n",
        "global:",
        "  scrape_interval: 1s",
        "  scrape_timeout: 900ms",
        "scrape_configs:",
        "  - job_name: container-netstat",
        "    static_configs:",
        "      - targets: ['127.0.0.1:" + targetPort + "']",
        ""));
    Path data = Files.createDirectories(dir.resolve("tsdb"));
    return new ProcessBuilder(binary.toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + data,
        "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("prometheus.log").toFile())
        .start();
  }

  /** Polls an instant query until it returns exactly one sample; the server needs a scrape or two first. */
  String queryUntilAnswered(String api, String query, Process prometheus) throws Exception {
    URI uri = URI.create(api + URLEncoder.encode(query, StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    String last = "(no answer)";
    while (System.nanoTime() < deadline) {
      if (!prometheus.isAlive()) {
        fail("prometheus exited with %d; its log:%n%s", prometheus.exitValue(), log());
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.ofString());
        last = r.statusCode() + " " + r.body();
        Matcher m = SINGLE_VALUE.matcher(r.body());
        if (r.statusCode() == 200 && m.find()) {
          return m.group(1);
        }
      } catch (IOException e) {
        last = e.toString(); // not listening yet
      }
      Thread.sleep(200);
    }
    return fail("no single sample for %s within %s; last answer: %s%nprometheus log:%n%s", query, DEADLINE, last, log());
  }

  /** A PromQL double-quoted string literal (Go escaping). */
  static String promqlString(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
  }

  String log() {
    try {
      return Files.readString(dir.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Stops the server by its PID: SIGTERM, then SIGKILL if it has not exited in 10 s. */
  static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
