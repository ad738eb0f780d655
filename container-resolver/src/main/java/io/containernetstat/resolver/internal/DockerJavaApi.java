package io.containernetstat.resolver.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * {@link DockerApi} through docker-java with the zerodep transport; one instance per resolver.
 *
 * <p>Every call runs on a worker thread and the caller waits at most the call timeout. On a unix
 * socket docker-java's own connection and response timeouts do not bound a call (measured on
 * docker-java 3.7.0: a daemon that accepts and never answers kept {@code listContainersCmd} blocked
 * for more than 60 s), so on timeout the call is abandoned and its client closed, which closes the
 * socket and frees the worker; the next call builds a new client. The events stream runs on a client
 * of its own, whose idle stream must not be cut by a response timeout. Not API.
 */
public final class DockerJavaApi implements DockerApi {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final String host;
  private final Duration timeout;
  private final ExecutorService workers = Executors.newCachedThreadPool(daemonThreads());
  private DockerClient client;
  private DockerClient eventsClient;
  private ResultCallback.Adapter<Event> eventsCallback;

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
      c.pingCmd().exec();
      return null;
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
    String root = call("info", c -> c.infoCmd().exec().getDockerRootDir());
    return root == null || root.isBlank() ? null : root;
  }

  @Override
  public List<Summary> listRunning() throws DockerCallException {
    List<com.github.dockerjava.api.model.Container> list =
        call("list containers", c -> c.listContainersCmd().withShowAll(false).exec());
    List<Summary> out = new ArrayList<>(list.size());
    for (com.github.dockerjava.api.model.Container c : list) {
      String[] names = c.getNames();
      String name = names == null || names.length == 0 ? c.getId().substring(0, 12) : strip(names[0]);
      String mode = c.getHostConfig() == null ? null : c.getHostConfig().getNetworkMode();
      out.add(new Summary(c.getId(), name, nullToEmpty(c.getImage()), labels(c.getLabels()), mode));
    }
    return out;
  }

  @Override
  public Details inspect(String id) throws DockerCallException {
    InspectContainerResponse r;
    try {
      r = call("inspect container " + id, c -> c.inspectContainerCmd(id).exec());
    } catch (DockerCallException e) {
      if (e.getCause() instanceof NotFoundException) {
        return null;
      }
      throw e;
    }
    InspectContainerResponse.ContainerState state = r.getState();
    boolean running = state != null && Boolean.TRUE.equals(state.getRunning());
    Long pid = state == null ? null : state.getPidLong();
    ContainerConfig config = r.getConfig();
    String mode = r.getHostConfig() == null ? null : r.getHostConfig().getNetworkMode();
    return new Details(r.getId(), strip(r.getName()), config == null ? "" : nullToEmpty(config.getImage()),
        config == null ? Map.of() : labels(config.getLabels()), mode, running, pid == null ? 0 : pid,
        state == null ? null : state.getStartedAt());
  }

  @Override
  public synchronized void watchEvents(EventListener listener) throws DockerCallException {
    stopEvents();
    ResultCallback.Adapter<Event> callback = new ResultCallback.Adapter<>() {
      @Override
      public void onStart(Closeable stream) {
        super.onStart(stream);
        listener.started();
      }

      @Override
      public void onNext(Event event) {
        if (event.getId() != null) {
          listener.event(event.getAction() != null ? event.getAction() : String.valueOf(event.getStatus()),
              event.getId());
        }
      }

      @Override
      public void onError(Throwable error) {
        listener.failed(describe(error));
        closeQuietly(this);
      }

      @Override
      public void onComplete() {
        listener.failed("the daemon ended the events stream");
        closeQuietly(this);
      }
    };
    try {
      // A fresh client each time: a subscription to a daemon that never answered may still hold the
      // old one's socket, and closing that client is what frees its thread.
      DockerClient old = eventsClient;
      eventsClient = null;
      if (old != null) {
        workers.execute(() -> closeQuietly(old));
      }
      eventsClient = newClient(null);
      // Returns at once: docker-java reads the stream on a thread of its own.
      eventsClient.eventsCmd().withEventTypeFilter(EventType.CONTAINER).exec(callback);
      eventsCallback = callback;
    } catch (DockerCallException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new DockerCallException(DockerCallException.Kind.UNREACHABLE,
          "Docker daemon at " + host + ": cannot follow events: " + describe(e), e);
    }
  }

  private synchronized void stopEvents() {
    if (eventsCallback != null) {
      closeQuietly(eventsCallback);
      eventsCallback = null;
    }
  }

  @Override
  public synchronized void close() {
    stopEvents();
    DockerClient c = client;
    DockerClient e = eventsClient;
    client = null;
    eventsClient = null;
    closeQuietly(c);
    closeQuietly(e);
    workers.shutdownNow();
  }

  /** Runs one call on a worker, waiting at most the timeout. */
  private <T> T call(String what, Function<DockerClient, T> fn) throws DockerCallException {
    DockerClient c = client();
    Future<T> future;
    try {
      future = workers.submit((Callable<T>) () -> fn.apply(c));
    } catch (java.util.concurrent.RejectedExecutionException e) {
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
      if (cause instanceof DockerException) {
        // The daemon answered with an HTTP error: the connection is fine.
        throw new DockerCallException(DockerCallException.Kind.FAILED,
            "Docker daemon at " + host + " failed '" + what + "': " + describe(cause), cause);
      }
      discard(c);
      throw new DockerCallException(DockerCallException.Kind.UNREACHABLE,
          "Docker daemon at " + host + " is unreachable ('" + what + "'): " + describe(cause), cause);
    }
  }

  private synchronized DockerClient client() throws DockerCallException {
    if (client == null) {
      client = newClient(timeout);
    }
    return client;
  }

  /** Drops a client whose connection is stuck or broken; closing it runs off the caller's thread. */
  private synchronized void discard(DockerClient c) {
    if (client == c) {
      client = null;
    }
    try {
      workers.execute(() -> closeQuietly(c));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      closeQuietly(c);
    }
  }

  /**
   * Builds a client; docker-java reads {@code DOCKER_TLS_VERIFY} and {@code DOCKER_CERT_PATH} from the
   * environment (or system properties) for a {@code tcp://} host.
   *
   * @throws DockerCallException (UNREACHABLE) if the configuration cannot be used: unreadable certificates,
   *     or TLS asked for without Bouncy Castle on the class path (docker-java parses the PEM files with
   *     it; the agent's jar leaves it out)
   */
  private DockerClient newClient(Duration responseTimeout) throws DockerCallException {
    try {
      DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
          .withDockerHost(host)
          .build();
      ZerodepDockerHttpClient.Builder http = new ZerodepDockerHttpClient.Builder()
          .dockerHost(URI.create(host))
          .sslConfig(config.getSSLConfig() != null ? config.getSSLConfig() : NoTlsConfig.INSTANCE)
          .maxConnections(4)
          .connectionTimeout(timeout);
      if (responseTimeout != null) {
        http.responseTimeout(responseTimeout);
      }
      DockerHttpClient httpClient = http.build();
      return DockerClientImpl.getInstance(config, httpClient);
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

  private static Map<String, String> labels(Map<String, String> labels) {
    if (labels == null || labels.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new java.util.HashMap<>(labels.size());
    labels.forEach((k, v) -> {
      if (k != null && v != null) {
        out.put(k, v);
      }
    });
    return out;
  }

  private static String strip(String name) {
    if (name == null) {
      return "";
    }
    return name.startsWith("/") ? name.substring(1) : name;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
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

  private static void closeQuietly(Closeable c) {
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
