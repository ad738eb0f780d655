package io.containernetstat.resolver.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link DockerApi} on docker-java's zerodep HTTP client, calling the Engine API's endpoints directly and
 * reading their answers with {@link DockerJson}; one instance per resolver.
 *
 * <p>docker-java's command layer ({@code DockerClientImpl}) is not used: its models, their Jackson
 * deserializers and the reflection behind them held about 3 MB of live heap, which at the agent's
 * {@code -Xmx10m} left a daemon with 30 containers collecting in back-to-back full GCs. Only the
 * transport is loaded, and the configuration classes when the daemon is reached over {@code tcp://}.
 *
 * <p>Every call runs on a worker thread and the caller waits at most the call timeout. On a unix
 * socket docker-java's own connection and response timeouts do not bound a call (measured on
 * docker-java 3.7.0: a daemon that accepts and never answers kept a call blocked for more than 60 s), so
 * on timeout the call is abandoned and its client closed, which closes the socket and frees the worker;
 * the next call builds a new client. The events stream runs on a client of its own ({@link EventsStream}).
 * Not API.
 */
public final class DockerJavaApi implements DockerApi {
  private static final AtomicInteger THREADS = new AtomicInteger();
  /** The most read of an error answer: the daemon's messages are one line. */
  private static final int ERROR_BODY_MAX = 64 * 1024;

  private final String host;
  private final Duration timeout;
  private final ExecutorService workers = Executors.newCachedThreadPool(daemonThreads());
  private DockerHttpClient client;
  private EventsStream events;

  /** One call's work on a client; runs on a worker. */
  private interface Call<T> {
    T apply(DockerHttpClient client) throws IOException, DockerStatusException;
  }

  /**
   * Creates the API; nothing is connected until the first call.
   *
   * @param host {@code unix:///var/run/docker.sock} or {@code tcp://host:port}
   * @param timeout the bound on each call
   */
  public DockerJavaApi(String host, Duration timeout) {
    this.host = host;
    this.timeout = timeout;
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public void ping() throws DockerCallException {
    call("ping", c -> {
      try (DockerHttpClient.Response r = ok(c.execute(get("/_ping")))) {
        return null;
      }
    });
  }

  /**
   * Asks the daemon where it keeps its data ({@code DockerRootDir} of {@code docker info}), as a path
   * on the daemon's host.
   *
   * @return the path, or null when the daemon does not say
   * @throws DockerCallException if the daemon does not answer within the timeout, or fails
   */
  public String dataRoot() throws DockerCallException {
    String root = call("info", c -> {
      try (DockerHttpClient.Response r = ok(c.execute(get("/info")))) {
        return DockerJson.dockerRootDir(r.getBody());
      }
    });
    return root == null || root.isBlank() ? null : root;
  }

  @Override
  public List<Summary> listRunning() throws DockerCallException {
    return call("list containers", c -> {
      try (DockerHttpClient.Response r = ok(c.execute(get("/containers/json")))) {
        return DockerJson.containers(r.getBody());
      }
    });
  }

  @Override
  public Details inspect(String id) throws DockerCallException {
    String path = "/containers/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/json";
    return call("inspect container " + id, c -> {
      try (DockerHttpClient.Response r = c.execute(get(path))) {
        if (r.getStatusCode() == 404) {
          return null;
        }
        ok(r);
        return DockerJson.container(r.getBody());
      }
    });
  }

  @Override
  public synchronized void watchEvents(EventListener listener) throws DockerCallException {
    stopEvents();
    try {
      // A fresh client each time: a subscription to a daemon that never answered may still hold the
      // old one's socket, and closing that client is what frees its thread.
      EventsStream stream = new EventsStream(newClient(null), listener);
      workers.execute(stream);
      events = stream;
    } catch (RejectedExecutionException e) {
      throw new DockerCallException(DockerCallException.Kind.FAILED, "the Docker API of " + host + " is closed", e);
    }
  }

  private synchronized void stopEvents() {
    if (events != null) {
      EventsStream old = events;
      events = null;
      try {
        workers.execute(old::close);
      } catch (RejectedExecutionException e) {
        old.close();
      }
    }
  }

  @Override
  public synchronized void close() {
    EventsStream e = events;
    events = null;
    if (e != null) {
      e.close();
    }
    DockerHttpClient c = client;
    client = null;
    closeQuietly(c);
    workers.shutdownNow();
  }

  /** A GET request for an Engine API path (no version prefix: the daemon's own API version). */
  static DockerHttpClient.Request get(String path) {
    return DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET).path(path).build();
  }

  /** Returns a 2xx answer; closes any other and throws with the daemon's message. */
  private static DockerHttpClient.Response ok(DockerHttpClient.Response r) throws DockerStatusException {
    if (r.getStatusCode() / 100 == 2) {
      return r;
    }
    try {
      throw statusError(r);
    } finally {
      r.close();
    }
  }

  /** The error an answer with a non-2xx status stands for, with at most 64 KB of its body read. */
  static DockerStatusException statusError(DockerHttpClient.Response r) {
    byte[] buf = new byte[ERROR_BODY_MAX];
    int n = 0;
    try (InputStream in = r.getBody()) {
      if (in != null) {
        for (int k; n < buf.length && (k = in.read(buf, n, buf.length - n)) > 0; ) {
          n += k;
        }
      }
    } catch (IOException | RuntimeException e) {
      // What was read says what there is to say.
    }
    return new DockerStatusException(r.getStatusCode(), DockerJson.message(buf, n));
  }

  /** Runs one call on a worker, waiting at most the timeout. */
  private <T> T call(String what, Call<T> fn) throws DockerCallException {
    DockerHttpClient c = client();
    Future<T> future;
    try {
      future = workers.submit((Callable<T>) () -> fn.apply(c));
    } catch (RejectedExecutionException e) {
      throw new DockerCallException(DockerCallException.Kind.FAILED, "the Docker API of " + host + " is closed", e);
    }
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      discard(c);
      throw new DockerCallException(DockerCallException.Kind.TIMEOUT,
          "Docker daemon at " + host + " did not answer '" + what + "' within " + timeout.toMillis()
              + " ms (the call was abandoned)", e);
    } catch (InterruptedException e) {
      future.cancel(true);
      discard(c);
      Thread.currentThread().interrupt();
      throw new DockerCallException(DockerCallException.Kind.TIMEOUT,
          "interrupted while waiting for '" + what + "' from " + host, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof DockerStatusException) {
        // The daemon answered with an HTTP error: the connection is fine.
        throw new DockerCallException(DockerCallException.Kind.FAILED,
            "Docker daemon at " + host + " failed '" + what + "': " + cause.getMessage(), cause);
      }
      discard(c);
      if (cause instanceof JsonProcessingException) {
        // It answered, but not with what the Engine API gives: not a Docker daemon, or a broken answer.
        throw new DockerCallException(DockerCallException.Kind.FAILED,
            "Docker daemon at " + host + " gave a malformed answer to '" + what + "': " + describe(cause), cause);
      }
      throw new DockerCallException(DockerCallException.Kind.UNREACHABLE,
          "Docker daemon at " + host + " is unreachable ('" + what + "'): " + describe(cause), cause);
    }
  }

  private synchronized DockerHttpClient client() throws DockerCallException {
    if (client == null) {
      client = newClient(timeout);
    }
    return client;
  }

  /** Drops a client whose connection is stuck or broken; closing it runs off the caller's thread. */
  private synchronized void discard(DockerHttpClient c) {
    if (client == c) {
      client = null;
    }
    try {
      workers.execute(() -> closeQuietly(c));
    } catch (RejectedExecutionException e) {
      closeQuietly(c);
    }
  }

  /**
   * Builds a client. For a {@code tcp://} host docker-java's configuration reads {@code DOCKER_TLS_VERIFY}
   * and {@code DOCKER_CERT_PATH} from the environment (or system properties); a unix socket never
   * speaks TLS, and its client gets a context that trusts nothing ({@link NoTlsConfig}).
   *
   * @throws DockerCallException (UNREACHABLE) if the configuration cannot be used: unreadable certificates,
   *     or TLS asked for without Bouncy Castle on the class path (docker-java parses the PEM files with
   *     it; the agent's jar leaves it out)
   */
  private DockerHttpClient newClient(Duration responseTimeout) throws DockerCallException {
    try {
      URI uri = URI.create(host);
      ZerodepDockerHttpClient.Builder http = new ZerodepDockerHttpClient.Builder()
          .dockerHost(uri)
          .sslConfig(sslConfig(uri))
          .maxConnections(4)
          .connectionTimeout(timeout);
      if (responseTimeout != null) {
        http.responseTimeout(responseTimeout);
      }
      return http.build();
    } catch (NoClassDefFoundError e) {
      // UNREACHABLE, not FAILED: no daemon answered, and FAILED would read as a per-container error
      if (String.valueOf(e.getMessage()).contains("bouncycastle")) {
        throw new DockerCallException(DockerCallException.Kind.UNREACHABLE, "Docker daemon at " + host
            + ": TLS is configured (DOCKER_TLS_VERIFY/DOCKER_CERT_PATH) but Bouncy Castle, which reads the"
            + " certificates, is not on the class path (missing " + e.getMessage() + "); the agent's jar"
            + " leaves it out: reach the daemon through its unix socket, or add org.bouncycastle:bcpkix-jdk18on",
            e);
      }
      throw new DockerCallException(DockerCallException.Kind.UNREACHABLE,
          "Docker daemon at " + host + ": cannot make a client, a class is missing: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new DockerCallException(DockerCallException.Kind.UNREACHABLE,
          "Docker daemon at " + host + ": cannot configure the client: " + describe(e), e);
    }
  }

  /**
   * The client's TLS settings. docker-java's client speaks HTTPS to a {@code tcp://} host exactly when it
   * is given TLS settings, so such a host without {@code DOCKER_TLS_VERIFY} gets none (plain HTTP, as
   * {@code docker -H tcp://...} speaks; the client then builds the JDK's default context, about 1.5 MB of
   * heap, unused). A unix socket never speaks TLS: it gets a context that trusts nothing
   * ({@link NoTlsConfig}), which costs nothing.
   */
  private SSLConfig sslConfig(URI uri) {
    if ("tcp".equals(uri.getScheme()) || "https".equals(uri.getScheme())) {
      return DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build().getSSLConfig();
    }
    return NoTlsConfig.INSTANCE;
  }

  /** The most specific message in a cause chain, for one readable line. */
  static String describe(Throwable t) {
    String message = null;
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c.getMessage() != null && !c.getMessage().isBlank()) {
        message = c.getClass().getSimpleName() + ": " + c.getMessage().strip();
      }
    }
    return message != null ? message : t.getClass().getName();
  }

  /** Closes a connection or client, ignoring that it is already broken; null is nothing to do. */
  static void closeQuietly(Closeable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (IOException | RuntimeException e) {
      // Closing a connection that is already broken: nothing more to do.
    }
  }

  private static ThreadFactory daemonThreads() {
    return r -> {
      Thread t = new Thread(r, "container-resolver-docker-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
