package io.containernetstat.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.containernetstat.core.ResolverException;
import io.containernetstat.resolver.internal.DockerCallException;
import io.containernetstat.resolver.internal.DockerJavaApi;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Docker call is bounded by the caller: against a unix socket that accepts and never answers
 * (where docker-java's own timeouts do not apply), and against a socket that does not exist.
 */
@Timeout(60)
class DockerTimeoutTest {
  private static final Duration TIMEOUT = Duration.ofMillis(400);

  @TempDir Path tmp;

  @Test
  void aCallToADaemonThatNeverAnswersIsAbandonedWithinTheTimeout() throws Exception {
    try (HangingDaemon daemon = new HangingDaemon(tmp.resolve("hang.sock"));
        DockerJavaApi api = new DockerJavaApi(daemon.host(), TIMEOUT)) {
      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        DockerCallException e = catchThrowableOfType(DockerCallException.class, api::listRunning);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(e).as("call %d", i).isNotNull();
        assertThat(e.kind()).isEqualTo(DockerCallException.Kind.TIMEOUT);
        assertThat(e).hasMessageContaining(daemon.socket.toString()).hasMessageContaining("did not answer");
        assertThat(millis).as("call %d took %d ms", i, millis).isBetween(TIMEOUT.toMillis() - 50, 2_000L);
      }
      assertThat(daemon.accepted.get()).as("the daemon saw the calls").isGreaterThanOrEqualTo(3);
      // Abandoned calls do not pile up: their clients are closed, which closes their sockets.
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (daemon.openConnections() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(daemon.openConnections()).as("connections of abandoned calls still open").isZero();
    }
  }

  /**
   * The premise, kept as a check: docker-java's own connection and response timeouts do not bound a
   * call on a unix socket. If this starts failing, docker-java fixed it and the caller-side bound could
   * be revisited (it stays harmless).
   */
  @Test
  void dockerJavasOwnTimeoutsDoNotBoundACallOnAUnixSocket() throws Exception {
    try (HangingDaemon daemon = new HangingDaemon(tmp.resolve("hang.sock"))) {
      var http = new com.github.dockerjava.zerodep.ZerodepDockerHttpClient.Builder()
          .dockerHost(java.net.URI.create(daemon.host()))
          .connectionTimeout(TIMEOUT)
          .responseTimeout(TIMEOUT)
          .build();
      var request = com.github.dockerjava.transport.DockerHttpClient.Request.builder()
          .method(com.github.dockerjava.transport.DockerHttpClient.Request.Method.GET)
          .path("/containers/json").build();
      var call = java.util.concurrent.CompletableFuture.runAsync(() -> http.execute(request).close());
      try {
        Thread.sleep(TIMEOUT.toMillis() * 5);
        assertThat(call).as("docker-java returned on its own within 5x its response timeout").isNotDone();
      } finally {
        http.close();
      }
    }
  }

  @Test
  void theDockerResolverGivesOneClearErrorWithinTheTimeout() throws Exception {
    try (HangingDaemon daemon = new HangingDaemon(tmp.resolve("hang.sock"))) {
      ResolverOptions options = ResolverOptions.builder().dockerHost(daemon.host()).callTimeout(TIMEOUT).build();
      try (DockerResolver resolver = new DockerResolver(options)) {
        long start = System.nanoTime();
        assertThatThrownBy(resolver::resolve)
            .isInstanceOf(ResolverException.class)
            .hasMessageContaining("Docker daemon at " + daemon.host() + " did not answer")
            .hasMessageContaining("Check that dockerd is running");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000L);

        // In back-off: the next cycles fail at once, without waiting on the daemon again.
        start = System.nanoTime();
        assertThatThrownBy(resolver::resolve).isInstanceOf(ResolverException.class);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(100L);
      }
    }
  }

  @Test
  void aMissingSocketIsOneClearError() {
    String host = "unix://" + tmp.resolve("missing.sock");
    ResolverOptions options = ResolverOptions.builder().dockerHost(host).callTimeout(TIMEOUT).build();
    try (DockerResolver resolver = new DockerResolver(options)) {
      assertThatThrownBy(resolver::resolve)
          .isInstanceOf(ResolverException.class)
          .hasMessageStartingWith("Docker daemon at " + host + " is unreachable")
          .hasMessageContaining("No such file or directory")
          .hasMessageContaining("Check that dockerd is running, that " + host + " is its address");
    }
  }
}
