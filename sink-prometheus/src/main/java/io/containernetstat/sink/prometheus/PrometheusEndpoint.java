package io.containernetstat.sink.prometheus;

import com.sun.net.httpserver.HttpServer;
import io.containernetstat.sink.prometheus.internal.AuxiliaryHandler;
import io.containernetstat.sink.prometheus.internal.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An HTTP server for Prometheus: {@code /metrics} and {@code /healthz}; thread-safe, closeable.
 *
 * <p>{@code /metrics} is written by client_java's exposition writers: content negotiation (Prometheus text
 * 0.0.4, OpenMetrics 1.0.0, and the protobuf format, whose writer {@code prometheus-metrics-exposition-formats}
 * provides), gzip when the scraper accepts it, {@code ?debug=text|openmetrics|prometheus-protobuf} for
 * people, and {@code ?name[]=} filtering, as client_java's own server does; unlike it, the page is streamed
 * as it is rendered (chunked) rather than buffered whole first, so a scrape holds no copy of the page in
 * the heap. {@code /healthz} answers {@code 200 ok} without collecting, followed by
 * {@code last_collection_age_seconds <s>} when a collection is known. {@code /} is a short landing page;
 * every other path is 404. The server is the JDK's ({@code com.sun.net.httpserver}).
 *
 * <p>Requests are served by a small pool ({@value #DEFAULT_THREADS} threads by default): each thread
 * keeps a stack and a per-thread direct-buffer cache, and while rendering, the families of one collection.
 * Up to {@value #QUEUE} more requests wait in a queue; beyond that the server's dispatcher thread serves
 * the request itself, which stops it accepting more until it is done (back-pressure, no request is
 * dropped).
 */
public final class PrometheusEndpoint implements Closeable {
  /** Request threads unless told otherwise: Prometheus scrapes one at a time; a person with curl is the second. */
  public static final int DEFAULT_THREADS = 2;
  private static final int QUEUE = 32;

  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final String host;

  private PrometheusEndpoint(HttpServer server, ThreadPoolExecutor executor, String host) {
    this.server = server;
    this.executor = executor;
    this.host = host;
  }

  /**
   * Starts a server whose {@code /healthz} reports no collection age.
   *
   * @param host the address to listen on, for example {@code 0.0.0.0} or {@code 127.0.0.1}
   * @param port the port; 0 picks a free one (see {@link #port()})
   * @param registry what {@code /metrics} exports
   * @return the running server
   * @throws IOException if the address cannot be bound
   */
  public static PrometheusEndpoint start(String host, int port, PrometheusRegistry registry) throws IOException {
    return start(host, port, registry, Optional::empty);
  }

  /**
   * Starts a server.
   *
   * @param host the address to listen on, for example {@code 0.0.0.0} or {@code 127.0.0.1}
   * @param port the port; 0 picks a free one (see {@link #port()})
   * @param registry what {@code /metrics} exports
   * @param lastCollection when the last collection started, read without collecting (for example
   *     {@code () -> shared.last().map(Snapshot::timestamp)}); {@code /healthz} prints its age
   * @return the running server
   * @throws IOException if the address cannot be bound
   * @throws IllegalArgumentException if {@code port} is not in 0..65535
   */
  public static PrometheusEndpoint start(String host, int port, PrometheusRegistry registry,
      Supplier<Optional<Instant>> lastCollection) throws IOException {
    return start(host, port, registry, lastCollection, DEFAULT_THREADS);
  }

  /**
   * Starts a server with a given number of request threads.
   *
   * @param host the address to listen on, for example {@code 0.0.0.0} or {@code 127.0.0.1}
   * @param port the port; 0 picks a free one (see {@link #port()})
   * @param registry what {@code /metrics} exports
   * @param lastCollection when the last collection started, read without collecting; {@code /healthz}
   *     prints its age
   * @param threads how many requests are served at once (1..64); each concurrent {@code /metrics} holds
   *     its rendered page in the heap
   * @return the running server
   * @throws IOException if the address cannot be bound
   * @throws IllegalArgumentException if {@code port} is not in 0..65535 or {@code threads} not in 1..64
   */
  public static PrometheusEndpoint start(String host, int port, PrometheusRegistry registry,
      Supplier<Optional<Instant>> lastCollection, int threads) throws IOException {
    Objects.requireNonNull(host, "host == null");
    Objects.requireNonNull(registry, "registry == null");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port not in 0..65535: " + port);
    }
    if (threads < 1 || threads > 64) {
      throw new IllegalArgumentException("threads not in 1..64: " + threads);
    }
    Objects.requireNonNull(lastCollection, "lastCollection == null");
    // The handlers first: nothing is bound if they cannot be made.
    MetricsHandler metrics = new MetricsHandler(registry);
    AuxiliaryHandler auxiliary = new AuxiliaryHandler(lastCollection, Clock.systemUTC());
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new java.net.UnknownHostException("cannot listen on " + host + ": the name does not resolve");
    }
    ThreadPoolExecutor executor = executor(threads);
    HttpServer server = null;
    try {
      server = HttpServer.create(address, 0);
      server.setExecutor(executor);
      server.createContext("/metrics", metrics);
      server.createContext("/", auxiliary);
      server.start();
      return new PrometheusEndpoint(server, executor, host);
    } catch (IOException | RuntimeException | Error e) {
      if (server != null) {
        server.stop(0); // frees the port
      }
      executor.shutdownNow();
      throw e;
    }
  }

  private static ThreadPoolExecutor executor(int threads) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "prometheus-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    // Fixed size (core == max: a ThreadPoolExecutor only grows past core when the queue is full); when the
    // queue is full too, the dispatcher runs the exchange itself rather than dropping the connection.
    return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
        factory, new ThreadPoolExecutor.CallerRunsPolicy());
  }

  /** {@return the port the server listens on} */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@return the address the server was asked to listen on} */
  public String host() {
    return host;
  }

  /** Stops the server and frees its port; scrapes in progress are given no grace time. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
