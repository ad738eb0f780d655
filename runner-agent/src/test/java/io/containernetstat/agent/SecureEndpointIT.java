package io.containernetstat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.containernetstat.core.kernel.Environment;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as a daemon behind a web-config file, as a security review would try it: HTTPS with
 * certificates made by openssl, client certificates required, a user whose bcrypt hash htpasswd made;
 * curl with and without each credential; 100 connections that send half a request while curl scrapes;
 * and a real Prometheus that scrapes it over HTTPS with its client certificate and password.
 */
class SecureEndpointIT {
  @TempDir
  Path dir;

  @Test
  void aTlsAndPasswordGuardedDaemonServesOnlyItsScraperAndWithstandsSlowloris() throws Exception {
    for (String tool : List.of("openssl", "curl", "htpasswd")) {
      Environment.requireOrSkip(Files.isExecutable(Path.of("/usr/bin", tool)),
          "needs /usr/bin/" + tool + " (Debian packages openssl, curl, apache2-utils; .ci/run installs them)");
    }
    Path root = AgentJar.path().getParent().getParent().getParent();
    Path pki = dir.resolve("pki");
    assertThat(run("bash", root.resolve("scripts/test-env/make-test-pki.sh").toString(), pki.toString()).code())
        .isZero();
    AgentJar.Result hash = run("htpasswd", "-nbBC", "10", "prometheus", "scrape-secret");
    assertThat(hash.code()).as(hash.err()).isZero();
    Path config = Files.writeString(dir.resolve("web-config.yml"), "tls_server_config:\n"
        + "  cert_file: pki/server.crt\n  key_file: pki/server.key\n"
        + "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: pki/ca.crt\n"
        + "basic_auth_users:\n  prometheus: " + hash.out().strip().substring("prometheus:".length()) + "\n");
    int port = PrometheusProcess.freePort();
    Path proc = FixtureProc.standard(dir);
    Process agent = new ProcessBuilder(AgentJar.command(AgentJar.path(), "--sink", "prometheus",
        "--listen", "127.0.0.1:" + port, "--interval", "1s", "--resolver", "netns", "--proc-root", proc.toString(),
        "--no-filesystems", "--web.config.file", config.toString())).start();
    agent.getOutputStream().close();
    CompletableFuture<String> err = AgentJar.read(agent.getErrorStream());
    AgentJar.read(agent.getInputStream());
    List<Socket> slowloris = new ArrayList<>();
    try {
      String url = "https://127.0.0.1:" + port;
      List<String> tls = List.of("--cacert", pki.resolve("ca.crt").toString(),
          "--cert", pki.resolve("client.crt").toString(), "--key", pki.resolve("client.key").toString());
      DaemonTest.await("the agent over HTTPS", () -> curl(tls, "-u", "prometheus:scrape-secret", url + "/healthz")
          .out().contains("HTTP/1.1 200"));

      assertThat(curl(tls, "-u", "prometheus:scrape-secret", url + "/metrics").out())
          .contains("HTTP/1.1 200").contains("container_sockstat_TCP_inuse{");
      assertThat(curl(tls, url + "/metrics").out()).contains("HTTP/1.1 401")
          .containsIgnoringCase("www-authenticate: Basic").doesNotContain("container_sockstat");
      assertThat(curl(tls, "-u", "prometheus:guess", url + "/healthz").out()).contains("HTTP/1.1 401");
      AgentJar.Result noCert = curl(List.of("--cacert", pki.resolve("ca.crt").toString()),
          "-u", "prometheus:scrape-secret", url + "/metrics");
      assertThat(noCert.code()).as("no client certificate").isNotZero();
      assertThat(curl(List.of(), "http://127.0.0.1:" + port + "/metrics").out()).contains("HTTP/1.1 400")
          .contains("Client sent an HTTP request to an HTTPS server.");

      for (int i = 0; i < 100; i++) {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        OutputStream out = s.getOutputStream();
        out.write(new byte[] {0x16, 0x03, 0x01}); // a TLS record that never completes
        out.flush();
        slowloris.add(s);
      }
      long t0 = System.nanoTime();
      AgentJar.Result scrape = curl(tls, "-u", "prometheus:scrape-secret", url + "/metrics");
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertThat(scrape.out()).as("a scrape under 100 slowloris connections").contains("HTTP/1.1 200");
      System.out.println("SecureEndpointIT: HTTPS scrape under 100 slowloris connections answered in " + millis + " ms");

      if (Files.isExecutable(PrometheusProcess.BINARY)) {
        try (PrometheusProcess prometheus = new PrometheusProcess(dir, "    scheme: https\n"
            + "    basic_auth:\n      username: prometheus\n      password: scrape-secret\n"
            + "    tls_config:\n      ca_file: " + pki.resolve("ca.crt") + "\n      cert_file: " + pki.resolve("client.crt")
            + "\n      key_file: " + pki.resolve("client.key") + "\n      server_name: localhost\n"
            + "    static_configs:\n      - targets: ['127.0.0.1:" + port + "']\n")) {
          JsonNode up = prometheus.awaitQuery("up{job=\"container-netstat\"} == 1");
          assertThat(up).as("Prometheus scraped the agent over HTTPS with a client certificate and a password; "
              + "agent stderr:\n" + err.getNow("(running)")).isNotNull();
          assertThat(prometheus.awaitQuery("count(container_sockstat_TCP_inuse)")).isNotNull();
        }
      } else {
        Environment.requireOrSkip(false, "needs " + PrometheusProcess.BINARY + " (Debian package prometheus)");
      }
    } finally {
      for (Socket s : slowloris) {
        s.close();
      }
      AgentJar.stop(agent);
    }
    // hostile connections and refused credentials are answered, not logged
    assertThat(err.join()).doesNotContain("Exception").doesNotContain(" ERROR ")
        .doesNotContainPattern("WARN (?!1 network namespace\\(s\\) failed \\(malformed\\): broken)");
  }

  static AgentJar.Result curl(List<String> tls, String... args) {
    List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "-i", "--max-time", "10"));
    cmd.addAll(tls);
    cmd.addAll(List.of(args));
    try {
      return run(cmd.toArray(new String[0]));
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  static AgentJar.Result run(String... command) throws IOException, InterruptedException {
    AgentJar.Result r = AgentJar.run(List.of(command), java.util.Map.of());
    return new AgentJar.Result(r.code(), r.out() + r.err(), r.err());
  }
}
