package io.containernetstat.sink.prometheus;

import io.containernetstat.sink.prometheus.internal.AuxiliaryHandler;
import io.containernetstat.sink.prometheus.internal.MetricsHandler;
import io.containernetstat.sink.prometheus.internal.Routes;
import io.containernetstat.sink.prometheus.internal.http.HttpServer;
import io.containernetstat.sink.prometheus.internal.http.ServerSettings;
import io.containernetstat.sink.prometheus.internal.web.BasicAuth;
import io.containernetstat.sink.prometheus.internal.web.TlsContexts;
import io.containernetstat.sink.prometheus.internal.web.TokenBucket;
import io.containernetstat.sink.prometheus.internal.web.WebSettings;
import io.netty.handler.ssl.SslContext;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
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
 * {@code last_collection_age_seconds <s>} when a collection is known. {@code /} is a landing page in
 * HTML, as exporter-toolkit's: the name, the version ({@link EndpointOptions#buildInfo()}) and links to the
 * metrics and {@code /healthz}; every other path is 404. The metrics' path is
 * {@link EndpointOptions#metricsPath()}, {@code /metrics} by default.
 *
 * <p>No client can starve it (see {@link EndpointOptions}): connections are read by one event-loop
 * thread that never blocks, a request head must arrive within the header timeout, at most so many
 * connections are open, a response must be read within the write timeout, and one thread does nothing
 * but accept. Pages are rendered by a small pool ({@value EndpointOptions#DEFAULT_THREADS} threads by
 * default), in the order requests arrived; {@code /healthz} and other short answers do not wait for it.
 * A {@link WebConfig} adds TLS (plain HTTP is then refused), client certificates, basic authentication
 * (for every path, {@code /healthz} too), extra headers and a rate limit. The server is Netty's.
 */
public final class PrometheusEndpoint implements Closeable {
  /** Request threads unless told otherwise: Prometheus scrapes one at a time; a person with curl is the second. */
  public static final int DEFAULT_THREADS = EndpointOptions.DEFAULT_THREADS;

  private final HttpServer server;
  private final ThreadPoolExecutor renderers;
  private final BasicAuth auth;
  private final String host;

  private PrometheusEndpoint(HttpServer server, ThreadPoolExecutor renderers, BasicAuth auth, String host) {
    this.server = server;
    this.renderers = renderers;
    this.auth = auth;
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
   * Starts a server with {@link EndpointOptions#defaults()}.
   *
   * @param host the address to listen on, for example {@code 0.0.0.0} or {@code 127.0.0.1}
   * @param port the port; 0 picks a free one (see {@link #port()})
   * @param registry what {@code /metrics} exports
   * @param lastCollection when the last collection started, read without collecting and without blocking
   *     (for example {@code () -> shared.last().map(Snapshot::timestamp)}); {@code /healthz} prints its age
   * @return the running server
   * @throws IOException if the address cannot be bound
   * @throws IllegalArgumentException if {@code port} is not in 0..65535
   */
  public static PrometheusEndpoint start(String host, int port, PrometheusRegistry registry,
      Supplier<Optional<Instant>> lastCollection) throws IOException {
    return start(host, port, registry, lastCollection, EndpointOptions.defaults());
  }

  /**
   * Starts a server with a given number of request threads and the other defaults.
   *
   * @param host the address to listen on
   * @param port the port; 0 picks a free one
   * @param registry what {@code /metrics} exports
   * @param lastCollection when the last collection started, read without collecting and without blocking
   * @param threads how many pages are rendered at once (1..64)
   * @return the running server
   * @throws IOException if the address cannot be bound
   * @throws IllegalArgumentException if {@code port} is not in 0..65535 or {@code threads} not in 1..64
   */
  public static PrometheusEndpoint start(String host, int port, PrometheusRegistry registry,
      Supplier<Optional<Instant>> lastCollection, int threads) throws IOException {
    return start(host, port, registry, lastCollection, EndpointOptions.defaults().withThreads(threads));
  }

  /**
   * Starts a server.
   *
   * @param host the address to listen on, for example {@code 0.0.0.0}, {@code ::} or {@code 127.0.0.1}
   * @param port the port; 0 picks a free one (see {@link #port()})
   * @param registry what {@code /metrics} exports
   * @param lastCollection when the last collection started, read without collecting and without blocking
   *     (it is called on the server's event loop); {@code /healthz} prints its age
   * @param options timeouts, limits, request threads, TLS and authentication
   * @return the running server
   * @throws IOException if the address cannot be bound, or the TLS settings are refused by the JDK
   * @throws IllegalArgumentException if {@code port} is not in 0..65535
   */
  public static PrometheusEndpoint start(String host, int port, PrometheusRegistry registry,
      Supplier<Optional<Instant>> lastCollection, EndpointOptions options) throws IOException {
    Objects.requireNonNull(host, "host == null");
    Objects.requireNonNull(registry, "registry == null");
    Objects.requireNonNull(lastCollection, "lastCollection == null");
    Objects.requireNonNull(options, "options == null");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port not in 0..65535: " + port);
    }
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new java.net.UnknownHostException("cannot listen on " + host + ": the name does not resolve");
    }
    WebSettings web = options.webConfig().settings();
    SslContext ssl = null;
    if (web.tls() != null) {
      try {
        ssl = TlsContexts.server(web.tls());
      } catch (GeneralSecurityException e) {
        throw new IOException("TLS settings of " + options.webConfig().source().orElse(null)
            + " refused: " + e.getMessage(), e);
      }
    }
    ServerSettings settings = new ServerSettings(options.maxConnections(), options.headerTimeout(),
        options.writeTimeout(), options.idleTimeout(), ssl,
        web.tls() != null && web.tls().preferServerCipherSuites(), web.headers());
    // The handlers first: nothing is bound if they cannot be made.
    MetricsHandler metrics = new MetricsHandler(registry);
    AuxiliaryHandler auxiliary = new AuxiliaryHandler(lastCollection, Clock.systemUTC(), options.metricsPath(),
        options.buildInfo());
    // one request in flight per connection: the queue can hold every open connection's
    ThreadPoolExecutor renderers = renderers(options.threads(), options.maxConnections());
    BasicAuth auth = web.users().isEmpty() ? null : new BasicAuth(web.users());
    TokenBucket limit = web.rateLimit() == null ? null : new TokenBucket(web.rateLimit(), System::nanoTime);
    try {
      HttpServer server = HttpServer.start(address, settings,
          new Routes(metrics, options.metricsPath(), auxiliary, auth, limit, renderers));
      return new PrometheusEndpoint(server, renderers, auth, host);
    } catch (IOException | RuntimeException | Error e) {
      renderers.shutdownNow();
      if (auth != null) {
        auth.close();
      }
      throw e;
    }
  }

  private static ThreadPoolExecutor renderers(int threads, int queue) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "prometheus-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), factory,
        new ThreadPoolExecutor.AbortPolicy());
  }

  /** {@return the port the server listens on} */
  public int port() {
    return server.port();
  }

  /** {@return the address the server was asked to listen on} */
  public String host() {
    return host;
  }

  /** Stops the server and frees its port; scrapes in progress are cut off. */
  @Override
  public void close() {
    server.close();
    renderers.shutdownNow();
    if (auth != null) {
      auth.close();
    }
  }
}
