package io.containernetstat.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;

/**
 * A real Prometheus server (Debian package {@code prometheus}) on loopback with a temporary
 * configuration and TSDB, scraping the agent every second; stopped by its PID on close.
 */
final class PrometheusProcess implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/prometheus");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final int port;

  /**
   * Starts Prometheus.
   *
   * @param dir where its configuration, TSDB and log go
   * @param job the scrape job's settings after {@code job_name}, indented by four spaces, each line
   *     ending in a newline (targets, scheme, tls_config, basic_auth)
   */
  PrometheusProcess(Path dir, String job) throws IOException {
    port = freePort();
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n"
        + "  - job_name: container-netstat\n" + job);
    process = new ProcessBuilder(List.of(BINARY.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port, "--log.level=warn"))
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
  }

  /** Polls the instant-query API until the query returns one series; {@code [time, "value"]} or null after 30 s. */
  JsonNode awaitQuery(String query) throws InterruptedException {
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

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (AgentJar.waitFor(process, Duration.ofSeconds(10)) == null) {
      process.destroyForcibly();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
