package io.containernetstat.sink.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real certificates and keys made by {@code openssl} in a test's directory: those of
 * {@code scripts/test-env/make-test-pki.sh} (a CA, a server certificate for {@code 127.0.0.1} signed by
 * it, client certificates from it and from a second CA), and keys in each PEM form exporter-toolkit reads.
 */
final class TestPki {
  final Path dir;

  TestPki(Path dir) throws Exception {
    this.dir = dir;
    Tools.require("openssl");
    Path script = Path.of(System.getProperty("user.dir")).resolveSibling("scripts/test-env/make-test-pki.sh");
    Process p = new ProcessBuilder("bash", script.toString(), dir.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("make-test-pki.sh finished").isTrue();
    assertThat(p.exitValue()).as("%s: %s", script, out).isZero();
  }

  private void sign(String name, String ca, String ext) throws Exception {
    Files.writeString(dir.resolve(name + ".ext"), ext + "\n");
    openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key", "-CAcreateserial",
        "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext");
  }

  /** Makes a key pair of another kind: {@code rsa-pkcs1}, {@code ec-sec1}, {@code ed25519}; returns its base name. */
  String keyOfKind(String kind) throws Exception {
    switch (kind) {
      case "rsa-pkcs1":
        openssl("genrsa", "-traditional", "-out", kind + ".key", "2048");
        break;
      case "ec-sec1":
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", kind + ".key"); // EC PARAMETERS block first
        break;
      case "ed25519":
        openssl("genpkey", "-algorithm", "ed25519", "-out", kind + ".key");
        break;
      case "encrypted":
        openssl("genpkey", "-algorithm", "rsa", "-pkeyopt", "rsa_keygen_bits:2048", "-aes256", "-pass", "pass:x",
            "-out", kind + ".key");
        return kind;
      default:
        throw new IllegalArgumentException(kind);
    }
    openssl("req", "-new", "-key", kind + ".key", "-out", kind + ".csr", "-subj", "/CN=localhost");
    sign(kind, "ca", "subjectAltName=IP:127.0.0.1");
    return kind;
  }

  String text(String file) throws IOException {
    return Files.readString(dir.resolve(file));
  }

  Path path(String file) {
    return dir.resolve(file);
  }

  void openssl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Tools.require("openssl").toString());
    cmd.addAll(Arrays.asList(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("openssl %s finished", args[0]).isTrue();
    assertThat(p.exitValue()).as("openssl %s: %s", String.join(" ", args), out).isZero();
  }
}
