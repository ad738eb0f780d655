package io.containernetstat.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.containernetstat.resolver.internal.DockerCallException;
import io.containernetstat.resolver.internal.DockerJavaApi;
import io.containernetstat.resolver.internal.DockerSocketInfo;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Docker's data root asked over its unix socket with one plain HTTP request, against scripted daemons and the real one. */
@Timeout(60)
class DockerSocketInfoTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir Path tmp;

  /**
   * Serves one connection with {@code answer} and closes it.
   *
   * @return the request read
   */
  private CompletableFuture<String> answerOnce(Path socket, String answer) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    return CompletableFuture.supplyAsync(() -> {
      try (server; SocketChannel c = server.accept()) {
        ByteBuffer in = ByteBuffer.allocate(4096);
        String request = "";
        while (!request.contains("\r\n\r\n") && c.read(in) >= 0) {
          request = new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
        }
        ByteBuffer out = ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
          c.write(out);
        }
        return request;
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  private static String host(Path socket) {
    return "unix://" + socket;
  }

  @Test
  void readsDockerRootDirFromOneHttp10InfoRequest() throws Exception {
    Path socket = tmp.resolve("docker.sock");
    CompletableFuture<String> request = answerOnce(socket, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        + "Api-Version: 1.47\r\n\r\n{\"ID\":\"x\",\"Containers\":3,\"DockerRootDir\":\"/data/docker\",\"Labels\":[]}\n");
    assertThat(DockerSocketInfo.dataRoot(host(socket), TIMEOUT)).isEqualTo("/data/docker");
    assertThat(request.get(10, TimeUnit.SECONDS)).startsWith("GET /info HTTP/1.0\r\n").contains("Host: docker\r\n");
  }

  @Test
  void anAnswerWithoutTheFieldIsNull() throws Exception {
    Path socket = tmp.resolve("docker.sock");
    answerOnce(socket, "HTTP/1.0 200 OK\r\n\r\n{\"ID\":\"x\"}");
    assertThat(DockerSocketInfo.dataRoot(host(socket), TIMEOUT)).isNull();
  }

  @Test
  void anErrorStatusOrAnythingButJsonFails() throws Exception {
    Map<String, String> answers = Map.of(
        "HTTP/1.1 500 Internal Server Error\r\n\r\n{\"message\":\"boom\"}", "failed 'info': HTTP/1.1 500 Internal Server Error",
        "HTTP/1.1 200 OK\r\n\r\n<html>", "failed 'info': /info: malformed JSON",
        "SSH-2.0-OpenSSH_9.2\r\n", "failed 'info': not an HTTP answer",
        "", "failed 'info': not an HTTP answer");
    int i = 0;
    for (Map.Entry<String, String> a : answers.entrySet()) {
      Path socket = tmp.resolve("docker-" + i++ + ".sock");
      answerOnce(socket, a.getKey());
      assertThatThrownBy(() -> DockerSocketInfo.dataRoot(host(socket), TIMEOUT)).as(a.getKey())
          .isInstanceOfSatisfying(DockerCallException.class,
              e -> assertThat(e.kind()).isEqualTo(DockerCallException.Kind.FAILED))
          .hasMessageContaining("Docker daemon at " + host(socket) + " " + a.getValue());
    }
  }

  @Test
  void aMissingSocketIsUnreachable() {
    Path socket = tmp.resolve("none.sock");
    assertThatThrownBy(() -> DockerSocketInfo.dataRoot(host(socket), TIMEOUT))
        .isInstanceOfSatisfying(DockerCallException.class,
            e -> assertThat(e.kind()).isEqualTo(DockerCallException.Kind.UNREACHABLE))
        .hasMessage("Docker daemon at " + host(socket) + " is unreachable: no such socket");
  }

  @Test
  void aDaemonThatNeverAnswersTimesOutAndItsConnectionIsClosed() throws Exception {
    try (HangingDaemon daemon = new HangingDaemon(tmp.resolve("hang.sock"))) {
      assertThatThrownBy(() -> DockerSocketInfo.dataRoot(daemon.host(), Duration.ofMillis(300)))
          .isInstanceOfSatisfying(DockerCallException.class,
              e -> assertThat(e.kind()).isEqualTo(DockerCallException.Kind.TIMEOUT))
          .hasMessage("Docker daemon at " + daemon.host() + " did not answer 'info' within 300 ms");
      assertThat(daemon.accepted).hasValue(1);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (daemon.openConnections() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(daemon.openConnections()).as("the abandoned call's socket is closed").isZero();
    }
  }

  @Test
  void theRealDaemonStatesWhatDockerInfoSaysThroughEitherClient() {
    E2E.Result info = E2E.run(E2E.docker("info", "-f", "{{.DockerRootDir}}"));
    String dockerHost = E2E.env().get("DOCKER_HOST");
    E2E.require(info.ok(), "docker does not answer at " + dockerHost + ": " + info.err().strip());
    String host = dockerHost == null || dockerHost.isEmpty() ? ResolverOptions.DEFAULT_DOCKER_HOST : dockerHost;
    E2E.require(host.startsWith("unix://"), "DOCKER_HOST is not a unix socket: " + host);
    try (DockerJavaApi api = new DockerJavaApi(host, TIMEOUT)) {
      assertThat(DockerSocketInfo.dataRoot(host, TIMEOUT)).isEqualTo(info.out().strip());
      assertThat(api.dataRoot()).as("docker-java's info, used for tcp:// daemons").isEqualTo(info.out().strip());
    } catch (DockerCallException e) {
      throw new AssertionError(e);
    }
  }
}
