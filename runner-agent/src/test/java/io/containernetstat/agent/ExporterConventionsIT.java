package io.containernetstat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.kernel.Environment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What operators expect of an exporter, from the shaded jar on a fixture proc tree: node_exporter's option
 * names ({@code --web.listen-address}, {@code --web.telemetry-path}, the latter from its variable), a landing
 * page at {@code /} linking the metrics and {@code /healthz} behind the same basic auth as the metrics,
 * {@code container_netstat_build_info} and the standard {@code process_*} families, checked against the
 * agent's own {@code /proc/<pid>}; its log as JSON lines ({@code --log-format json}).
 */
class ExporterConventionsIT {
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path dir;

  @Test
  void theDaemonServesItsTelemetryPathALandingPageAndTheStandardFamilies() throws Exception {
    Environment.requireOrSkip(Files.isExecutable(Path.of("/usr/bin/htpasswd")),
        "needs /usr/bin/htpasswd (Debian package apache2-utils; .ci/run installs it)");
    AgentJar.Result hash = AgentJar.run(List.of("htpasswd", "-nbBC", "10", "prometheus", "scrape-secret"), Map.of());
    assertThat(hash.code()).as(hash.err()).isZero();
    Path config = Files.writeString(dir.resolve("web-config.yml"),
        "basic_auth_users:\n  prometheus: " + hash.out().strip().substring("prometheus:".length()) + "\n");
    int port = PrometheusProcess.freePort();
    Path proc = FixtureProc.standard(dir);
    ProcessBuilder pb = new ProcessBuilder(AgentJar.command(AgentJar.path(), "--sink", "prometheus",
        "--web.listen-address", "127.0.0.1:" + port, "--interval", "1s", "--resolver", "netns",
        "--proc-root", proc.toString(), "--no-filesystems", "--web.config.file", config.toString(),
        "--log-format", "json"));
    pb.environment().keySet().removeIf(k -> k.startsWith("CONTAINER_NETSTAT_"));
    pb.environment().put("CONTAINER_NETSTAT_WEB_TELEMETRY_PATH", "/container/metrics");
    Process agent = pb.start();
    agent.getOutputStream().close();
    CompletableFuture<String> err = AgentJar.read(agent.getErrorStream());
    AgentJar.read(agent.getInputStream());
    try {
      String url = "http://127.0.0.1:" + port;
      DaemonTest.await("the agent's /healthz", () -> status(url + "/healthz", true) == 200);

      HttpResponse<String> landing = get(url + "/", true);
      assertThat(landing.statusCode()).isEqualTo(200);
      assertThat(landing.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      assertThat(landing.body()).startsWith("<!DOCTYPE html>").contains("<h1>container-netstat</h1>")
          .contains("<a href=\"/container/metrics\">Metrics</a>").contains("<a href=\"/healthz\">")
          .contains("<pre>version=" + io.containernetstat.agent.cli.Version.projectVersion() + ", revision=")
          .contains("java_version=" + System.getProperty("java.version"));
      assertThat(status(url + "/", false)).as("the landing page without a password").isEqualTo(401);

      HttpResponse<String> metrics = get(url + "/container/metrics", true);
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("container_sockstat_TCP_inuse{")
          .containsPattern("(?m)^container_netstat_build_info\\{java_version=\"" + System.getProperty("java.version")
              + "\",revision=\"[^\"]+\",version=\"" + io.containernetstat.agent.cli.Version.projectVersion() + "\"\\} 1$");
      long pid = agent.pid();
      Map<String, Double> process = processFamilies(metrics.body());
      assertThat(process).as("the standard process families%n%s", metrics.body()).containsOnlyKeys(
          "process_cpu_seconds_total", "process_resident_memory_bytes", "process_virtual_memory_bytes",
          "process_start_time_seconds", "process_open_fds", "process_max_fds");
      long rssKb = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
          .filter(l -> l.startsWith("VmRSS:")).map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst()
          .orElseThrow();
      assertThat(process.get("process_resident_memory_bytes")).as("the agent's VmRSS %d kB", rssKb)
          .isBetween(rssKb * 1024 * 0.7, rssKb * 1024 * 1.3);
      double started = agent.info().startInstant().orElseThrow().toEpochMilli() / 1000.0;
      assertThat(process.get("process_start_time_seconds")).isBetween(started - 1, started + 1);
      long fds;
      try (java.util.stream.Stream<Path> open = Files.list(Path.of("/proc/" + pid + "/fd"))) {
        fds = open.count();
      }
      assertThat(process.get("process_open_fds")).as("the agent's %d descriptors", fds).isBetween(fds - 5.0, fds + 5.0);
      assertThat(process.get("process_max_fds")).isGreaterThanOrEqualTo(fds);
      assertThat(process.get("process_cpu_seconds_total")).isPositive();
      assertThat(status(url + "/container/metrics", false)).isEqualTo(401);
      assertThat(status(url + "/metrics", true)).as("the default path, not served").isEqualTo(404);

      agent.toHandle().destroy();
      assertThat(AgentJar.waitFor(agent, Duration.ofSeconds(10))).as("exit code within 10 s of SIGTERM").isZero();
      List<String> log = err.join().lines().toList();
      assertThat(log).as("start, stopping, stopped").hasSizeGreaterThanOrEqualTo(3);
      com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
      for (String line : log) {
        com.fasterxml.jackson.databind.JsonNode event = json.readTree(line);
        assertThat(event.fieldNames()).toIterable().as(line).startsWith("ts", "level", "logger", "msg");
      }
      assertThat(json.readTree(log.get(0)).get("msg").asText()).as("--log-format json: the start line")
          .contains("sinks prometheus on 127.0.0.1:" + port + "/container/metrics;");
      assertThat(json.readTree(log.get(log.size() - 1)).get("msg").asText()).startsWith("stopped in ");
    } finally {
      agent.destroyForcibly();
    }
  }

  /** {@return the process_* samples of a page, by name} */
  static Map<String, Double> processFamilies(String page) {
    Map<String, Double> out = new java.util.TreeMap<>();
    page.lines().filter(l -> l.startsWith("process_")).forEach(l -> {
      int space = l.lastIndexOf(' ');
      out.put(l.substring(0, space), Double.parseDouble(l.substring(space + 1)));
    });
    return out;
  }

  static HttpResponse<String> get(String url, boolean password) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (password) {
      b.header("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString("prometheus:scrape-secret".getBytes(StandardCharsets.UTF_8)));
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static int status(String url, boolean password) {
    try {
      return get(url, password).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }
}
