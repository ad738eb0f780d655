package io.containernetstat.resolver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks a Docker daemon on a unix socket for its data root with one HTTP/1.0 {@code GET /info}, without
 * docker-java; stateless. The cgroup scan asks this once: docker-java's client would cost it about
 * half a second and 14 MB of resident memory to load (measured on the test host), for one field.
 *
 * <p>The request runs on a thread of its own and is abandoned, its socket closed, after the timeout;
 * a daemon that accepts and never answers costs the timeout once. The answer is read up to
 * {@link #MAX_ANSWER} bytes. Not API.
 */
public final class DockerSocketInfo {
  /** The most bytes read of the answer; {@code /info} is a few kilobytes. */
  static final int MAX_ANSWER = 1 << 20;

  private DockerSocketInfo() {}

  /**
   * Reads {@code DockerRootDir} from the daemon's {@code /info}.
   *
   * @param host {@code unix:///var/run/docker.sock}
   * @param timeout the bound on the whole call
   * @return the data root as a path on the daemon's host, or null when the answer does not hold one
   * @throws DockerCallException if the socket is missing or refused (UNREACHABLE), the daemon does not
   *     answer in time (TIMEOUT), or answers with an error or something else than JSON (FAILED)
   */
  public static String dataRoot(String host, Duration timeout) throws DockerCallException {
    Path socket = Path.of(host.substring("unix://".length()));
    if (!Files.exists(socket)) {
      throw new DockerCallException(DockerCallException.Kind.UNREACHABLE,
          "Docker daemon at " + host + " is unreachable: no such socket", null);
    }
    SocketChannel channel;
    try {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    } catch (IOException e) {
      throw new DockerCallException(DockerCallException.Kind.UNREACHABLE,
          "Docker daemon at " + host + ": cannot open a unix socket: " + e.getMessage(), e);
    }
    CompletableFuture<byte[]> answer = CompletableFuture.supplyAsync(() -> exchange(channel, socket),
        r -> daemonThread(r).start());
    try {
      return parse(host, answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      throw new DockerCallException(DockerCallException.Kind.TIMEOUT,
          "Docker daemon at " + host + " did not answer 'info' within " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DockerCallException(DockerCallException.Kind.TIMEOUT, "interrupted while asking " + host, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause().getCause() != null ? e.getCause().getCause() : e.getCause();
      throw new DockerCallException(DockerCallException.Kind.UNREACHABLE,
          "Docker daemon at " + host + " is unreachable ('info'): " + cause.getMessage(), cause);
    } finally {
      // unblocks the exchange when it is still waiting
      closeQuietly(channel);
    }
  }

  private static byte[] exchange(SocketChannel channel, Path socket) {
    try {
      channel.connect(UnixDomainSocketAddress.of(socket));
      ByteBuffer request = ByteBuffer.wrap("GET /info HTTP/1.0\r\nHost: docker\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      while (request.hasRemaining()) {
        channel.write(request);
      }
      ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
      // HTTP/1.0: the daemon closes the connection after the answer
      while (channel.read(buf) >= 0) {
        if (!buf.hasRemaining()) {
          if (buf.capacity() >= MAX_ANSWER) {
            break;
          }
          buf = ByteBuffer.allocate(buf.capacity() * 2).put(buf.flip());
        }
      }
      return Arrays.copyOf(buf.array(), buf.position());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** {@return {@code DockerRootDir} of an HTTP answer holding {@code /info}'s JSON, or null when absent} */
  static String parse(String host, byte[] answer) throws DockerCallException {
    String head = new String(answer, 0, Math.min(answer.length, 64), StandardCharsets.US_ASCII);
    int end = indexOf(answer, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    if (!head.startsWith("HTTP/1.") || end < 0) {
      throw failed(host, "not an HTTP answer");
    }
    String status = head.substring(0, Math.max(head.indexOf('\r'), 0));
    if (!status.matches("HTTP/1\\.[01] 200( .*)?")) {
      throw failed(host, status);
    }
    JsonNode info;
    try {
      info = DiskMetadata.parse(Arrays.copyOfRange(answer, end + 4, answer.length), Path.of("/info"));
    } catch (IOException e) {
      throw failed(host, e.getMessage());
    }
    return DiskMetadata.text(info.get("DockerRootDir"));
  }

  private static DockerCallException failed(String host, String why) {
    return new DockerCallException(DockerCallException.Kind.FAILED,
        "Docker daemon at " + host + " failed 'info': " + why, null);
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= data.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static Thread daemonThread(Runnable r) {
    Thread t = new Thread(r, "container-resolver-docker-info");
    t.setDaemon(true);
    return t;
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing more to release
    }
  }
}
