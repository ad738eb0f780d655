package io.containernetstat.sink.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading exporter-toolkit web-config files, with certificates and keys made by openssl: what loads,
 * and for each way a file can be wrong, an error naming the file and the key.
 */
class WebConfigTest {
  /** exporter-toolkit's test users (web/testdata/web_config_users.good.yml); alice's password is alice123. */
  static final String ALICE = "$2y$12$1DpfPeqF9HzHJt.EWswy1exHluGfbhnn3yXhR7Xes6m3WJqFg0Wby";

  @TempDir
  static Path dir;
  static TestPki pki;

  @BeforeAll
  static void certificates() throws Exception {
    pki = new TestPki(dir);
  }

  static Path file(String name, String yaml) throws Exception {
    return Files.writeString(dir.resolve(name), yaml);
  }

  @Test
  void anEmptyFileIsPlainHttpWithoutAuthentication() throws Exception {
    WebConfig c = WebConfig.load(file("empty.yml", ""));
    assertThat(c.tls()).isFalse();
    assertThat(c.users()).isEmpty();
    assertThat(c.source()).hasValue(dir.resolve("empty.yml"));
    assertThat(WebConfig.load(file("comment.yml", "# nothing\n")).tls()).isFalse();
  }

  @Test
  void tlsWithRelativePathsAndUsersLoads() throws Exception {
    WebConfig c = WebConfig.load(file("tls.yml", "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
        + "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n"
        + "  min_version: TLS13\nbasic_auth_users:\n  alice: " + ALICE + "\n  bob: " + ALICE + "\n"
        + "http_server_config:\n  http2: false\n  headers:\n    X-Frame-Options: deny\n"
        + "rate_limit:\n  interval: 1s\n  burst: 10\n"));
    assertThat(c.tls()).isTrue();
    assertThat(c.clientAuthType()).isEqualTo("RequireAndVerifyClientCert");
    assertThat(c.users()).containsExactly("alice", "bob");
    assertThat(c.toString()).doesNotContain("$2y$").doesNotContain("PRIVATE");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rsa-pkcs1", "ec-sec1", "ed25519"})
  void keysInEachPemFormLoad(String kind) throws Exception {
    pki.keyOfKind(kind);
    WebConfig c = WebConfig.load(file(kind + ".yml", "tls_server_config:\n  cert_file: " + kind + ".crt\n"
        + "  key_file: " + kind + ".key\n"));
    assertThat(c.tls()).isTrue();
  }

  @Test
  void inlineCertificateAndKeyLoad() throws Exception {
    String yaml = "tls_server_config:\n  cert: |\n" + indent(pki.text("server.crt")) + "  key: |\n"
        + indent(pki.text("server.key"));
    assertThat(WebConfig.load(file("inline.yml", yaml)).tls()).isTrue();
  }

  static String indent(String pem) {
    return pem.lines().map(l -> "    " + l + "\n").reduce("", String::concat);
  }

  static Stream<Arguments> broken() {
    String tls = "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n";
    return Stream.of(
        Arguments.of("tls_server_confg:\n  cert_file: x\n", "tls_server_confg", "unknown key"),
        Arguments.of(tls + "  cert_fil: x\n", "tls_server_config.cert_fil", "unknown key"),
        Arguments.of("basic_auth_users:\n  a: " + ALICE + "\n  a: " + ALICE + "\n", "", "Duplicate field 'a'"),
        Arguments.of("tls_server_config: [\n", "", "not valid YAML"),
        Arguments.of("tls_server_config: yes\n", "tls_server_config", "expected a mapping"),
        Arguments.of("tls_server_config:\n  cert_file: nope.crt\n  key_file: server.key\n",
            "tls_server_config.cert_file", "no such file"),
        Arguments.of("tls_server_config:\n  cert_file: server.crt\n", "tls_server_config", "missing one of key or key_file"),
        Arguments.of("tls_server_config:\n  key_file: server.key\n", "tls_server_config", "missing one of cert or cert_file"),
        Arguments.of("tls_server_config:\n  cert_file: server.crt\n  key_file: client.key\n",
            "tls_server_config.key_file", "not the one of the certificate"),
        Arguments.of("tls_server_config:\n  cert_file: server.key\n  key_file: server.key\n",
            "tls_server_config.cert_file", "no PEM CERTIFICATE block"),
        Arguments.of("tls_server_config:\n  cert_file: server.crt\n  key_file: server.crt\n",
            "tls_server_config.key_file", "no PEM PRIVATE KEY block"),
        Arguments.of("tls_server_config:\n  cert_file: server.crt\n  key_file: encrypted.key\n",
            "tls_server_config.key_file", "encrypted"),
        Arguments.of(tls + "  cert: x\n", "tls_server_config", "give cert or cert_file, not both"),
        Arguments.of(tls + "  client_auth_type: Sometimes\n", "tls_server_config.client_auth_type", "is not one of"),
        Arguments.of(tls + "  client_ca_file: ca.crt\n", "tls_server_config.client_auth_type", "client CAs are given"),
        Arguments.of(tls + "  client_auth_type: RequireAndVerifyClientCert\n", "tls_server_config.client_ca_file",
            "give the CAs"),
        Arguments.of(tls + "  min_version: TLS14\n", "tls_server_config.min_version", "is not one of"),
        Arguments.of(tls + "  min_version: TLS13\n  max_version: TLS12\n", "tls_server_config.min_version",
            "above max_version"),
        Arguments.of(tls + "  cipher_suites: [TLS_RSA_WITH_ROT13]\n", "tls_server_config.cipher_suites",
            "unknown cipher suite 'TLS_RSA_WITH_ROT13'"),
        Arguments.of(tls + "  curve_preferences: [X25519]\n", "tls_server_config.curve_preferences", "not supported"),
        Arguments.of(tls + "  prefer_server_cipher_suites: maybe\n", "tls_server_config.prefer_server_cipher_suites",
            "expected true or false"),
        Arguments.of("basic_auth_users:\n  alice: password\n", "basic_auth_users.alice", "not a bcrypt hash"),
        Arguments.of("basic_auth_users:\n  alice: \"$2y$03$1DpfPeqF9HzHJt.EWswy1exHluGfbhnn3yXhR7Xes6m3WJqFg0Wby\"\n",
            "basic_auth_users.alice", "cost 3 is not in 4..31"),
        Arguments.of("basic_auth_users: [alice]\n", "basic_auth_users", "expected a mapping"),
        Arguments.of("http_server_config:\n  headers:\n    X-Powered-By: me\n", "http_server_config.headers.X-Powered-By",
            "cannot be set"),
        Arguments.of("http_server_config:\n  headers:\n    X-Frame-Options: allow\n",
            "http_server_config.headers.X-Frame-Options", "is not one of deny, sameorigin"),
        Arguments.of("rate_limit:\n  interval: soon\n", "rate_limit.interval", "not a duration"),
        Arguments.of("rate_limit:\n  interval: 1s\n  burst: -1\n", "rate_limit.burst", "not in 0.."));
  }

  @ParameterizedTest
  @MethodSource("broken")
  void aBrokenFileNamesTheFileAndTheKey(String yaml, String key, String problem) throws Exception {
    if (yaml.contains("encrypted.key")) {
      pki.keyOfKind("encrypted");
    }
    Path f = file("broken.yml", yaml);
    assertThatThrownBy(() -> WebConfig.load(f))
        .isInstanceOfSatisfying(WebConfigException.class, e -> {
          assertThat(e.file()).isEqualTo(f);
          assertThat(e.key()).isEqualTo(key);
          assertThat(e.getMessage()).startsWith(f + ": " + (key.isEmpty() ? "" : key + ": ")).contains(problem);
        });
  }

  @Test
  void aMissingOversizedOrSpecialFileIsRefusedWithoutReadingIt() throws Exception {
    assertThatThrownBy(() -> WebConfig.load(dir.resolve("absent.yml"))).hasMessageContaining("absent.yml: no such file");
    assertThatThrownBy(() -> WebConfig.load(dir)).hasMessageContaining("not a regular file");
    Path big = dir.resolve("big.yml");
    try (var out = Files.newOutputStream(big)) {
      out.write(("#" + "x".repeat(1 << 20) + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    assertThatThrownBy(() -> WebConfig.load(big)).hasMessageContaining("larger than 1048576 bytes");
  }
}
