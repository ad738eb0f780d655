package io.containernetstat.sink.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint with a web-config file, as operators run it: certificates made by openssl, password
 * hashes made by htpasswd (and exporter-toolkit's own test hash), requests made by curl.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TlsEndpointTest {
  @TempDir
  static Path dir;
  static TestPki pki;
  static String carolHash;

  PrometheusEndpoint endpoint;

  @BeforeAll
  static void certificates() throws Exception {
    pki = new TestPki(dir);
    Run htpasswd = run(Tools.require("htpasswd").toString(), "-nbBC", "10", "carol", "s3cret: with spaces");
    assertThat(htpasswd.code).as(htpasswd.out).isZero();
    carolHash = htpasswd.out.trim().substring("carol:".length());
  }

  @AfterEach
  void stop() {
    if (endpoint != null) {
      endpoint.close();
    }
  }

  void start(String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("web-config.yml"), yaml);
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new ContainerNetstatCollector(Fixtures::golden));
    endpoint = PrometheusEndpoint.start("127.0.0.1", 0, registry, () -> Optional.of(Instant.now()),
        EndpointOptions.defaults().withWebConfig(WebConfig.load(file)));
  }

  static final String TLS = "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n";
  static final String MTLS = TLS + "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n";

  String https(String path) {
    return "https://127.0.0.1:" + endpoint.port() + path;
  }

  @Test
  void httpsIsServedAndPlainHttpIsRefused() throws Exception {
    start(TLS);
    Run ok = curl("--cacert", pki.path("ca.crt").toString(), https("/metrics"));
    assertThat(ok.code).as(ok.out).isZero();
    assertThat(ok.out).contains("HTTP/1.1 200").contains("container_sockstat_TCP_inuse");
    Run plain = curl("http://127.0.0.1:" + endpoint.port() + "/metrics");
    assertThat(plain.out).contains("HTTP/1.1 400").contains("Client sent an HTTP request to an HTTPS server.")
        .doesNotContain("container_sockstat");
    Run untrusted = curl(https("/metrics")); // the system's CAs do not know the test CA
    assertThat(untrusted.code).isNotZero();
  }

  @Test
  void clientCertificatesAreRequiredAndVerified() throws Exception {
    start(MTLS);
    String ca = pki.path("ca.crt").toString();
    Run none = curl("--cacert", ca, https("/healthz"));
    assertThat(none.code).as("no client certificate: " + none.out).isNotZero();
    assertThat(none.out).doesNotContain("HTTP/1.1 200");
    Run good = curl("--cacert", ca, "--cert", pki.path("client.crt").toString(), "--key", pki.path("client.key").toString(),
        https("/healthz"));
    assertThat(good.code).as(good.out).isZero();
    assertThat(good.out).contains("HTTP/1.1 200").contains("ok");
    Run stranger = curl("--cacert", ca, "--cert", pki.path("stranger.crt").toString(), "--key",
        pki.path("stranger.key").toString(), https("/healthz"));
    assertThat(stranger.code).as("a certificate from another CA: " + stranger.out).isNotZero();
    assertThat(stranger.out).doesNotContain("HTTP/1.1 200");
  }

  @Test
  void clientAllowedSansRestrictWhichCertificatesGetIn() throws Exception {
    start(MTLS + "  client_allowed_sans: [\"scraper.example\"]\n");
    String ca = pki.path("ca.crt").toString();
    Run allowed = curl("--cacert", ca, "--cert", pki.path("client.crt").toString(), "--key",
        pki.path("client.key").toString(), https("/metrics"));
    assertThat(allowed.out).contains("HTTP/1.1 200");
    Run other = curl("--cacert", ca, "--cert", pki.path("nosan.crt").toString(), "--key", pki.path("nosan.key").toString(),
        https("/metrics"));
    assertThat(other.code).as(other.out).isNotZero();
    assertThat(other.out).doesNotContain("HTTP/1.1 200");
  }

  @Test
  void basicAuthGuardsEveryPathWithBcryptHashesFromHtpasswdAndGo() throws Exception {
    start(TLS + "basic_auth_users:\n  alice: " + WebConfigTest.ALICE + "\n  carol: " + carolHash + "\n");
    String ca = pki.path("ca.crt").toString();
    for (String path : List.of("/metrics", "/healthz", "/")) {
      Run anonymous = curl("--cacert", ca, https(path));
      assertThat(anonymous.out).as(path).contains("HTTP/1.1 401").containsIgnoringCase("www-authenticate: Basic")
          .doesNotContain("container_sockstat").doesNotContain("last_collection");
    }
    Run wrong = curl("--cacert", ca, "-u", "carol:wrong", https("/metrics"));
    assertThat(wrong.out).contains("HTTP/1.1 401");
    Run unknown = curl("--cacert", ca, "-u", "mallory:s3cret: with spaces", https("/metrics"));
    assertThat(unknown.out).contains("HTTP/1.1 401");
    Run carol = curl("--cacert", ca, "-u", "carol:s3cret: with spaces", https("/metrics"));
    assertThat(carol.out).contains("HTTP/1.1 200").contains("container_sockstat_TCP_inuse");
    Run alice = curl("--cacert", ca, "-u", "alice:alice123", https("/healthz"));
    assertThat(alice.out).contains("HTTP/1.1 200");
    Run again = curl("--cacert", ca, "-u", "alice:alice123", https("/healthz")); // from the cache
    assertThat(again.out).contains("HTTP/1.1 200");
  }

  @Test
  void basicAuthWorksOverPlainHttpAndExtraHeadersAreSent() throws Exception {
    start("basic_auth_users:\n  carol: " + carolHash + "\nhttp_server_config:\n  headers:\n"
        + "    X-Content-Type-Options: nosniff\n    Strict-Transport-Security: max-age=3600\n");
    String url = "http://127.0.0.1:" + endpoint.port() + "/metrics";
    assertThat(curl(url).out).contains("HTTP/1.1 401").containsIgnoringCase("x-content-type-options: nosniff");
    Run ok = curl("-u", "carol:s3cret: with spaces", url);
    assertThat(ok.out).contains("HTTP/1.1 200").containsIgnoringCase("strict-transport-security: max-age=3600");
  }

  @Test
  void theRateLimitAnswers429BeyondTheBurst() throws Exception {
    start("rate_limit:\n  interval: 1h\n  burst: 2\n");
    String url = "http://127.0.0.1:" + endpoint.port() + "/healthz";
    assertThat(curl(url).out).contains("HTTP/1.1 200");
    assertThat(curl(url).out).contains("HTTP/1.1 200");
    assertThat(curl(url).out).contains("HTTP/1.1 429");
  }

  @Test
  void minVersionRefusesOlderClients() throws Exception {
    start(TLS + "  min_version: TLS13\n");
    String ca = pki.path("ca.crt").toString();
    assertThat(curl("--cacert", ca, "--tls-max", "1.2", https("/healthz")).code).isNotZero();
    assertThat(curl("--cacert", ca, "--tlsv1.3", https("/healthz")).out).contains("HTTP/1.1 200");
  }

  @Test
  void aKeyInEachPemFormServes() throws Exception {
    for (String kind : List.of("rsa-pkcs1", "ec-sec1")) {
      pki.keyOfKind(kind);
      start("tls_server_config:\n  cert_file: " + kind + ".crt\n  key_file: " + kind + ".key\n");
      Run ok = curl("--cacert", pki.path("ca.crt").toString(), https("/healthz"));
      assertThat(ok.out).as(kind).contains("HTTP/1.1 200");
      endpoint.close();
      endpoint = null;
    }
  }

  /** A finished command: exit code and output (stdout and stderr together). */
  record Run(int code, String out) {}

  static Run curl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Tools.require("curl").toString(), "-sS", "-i", "--max-time", "20"));
    cmd.addAll(Arrays.asList(args));
    return run(cmd.toArray(new String[0]));
  }

  static Run run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    return new Run(p.exitValue(), out);
  }
}
