package io.containernetstat.sink.prometheus;

import io.containernetstat.sink.prometheus.internal.AuxiliaryHandler;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An HTTP server for Prometheus: {@code /metrics} and {@code /healthz}; thread-safe, closeable.
 *
 * <p>{@code /metrics} is client_java's own handler: content negotiation (Prometheus text 0.0.4,
 * OpenMetrics 1.0.0, and the protobuf format, whose writer {@code prometheus-metrics-exposition-formats}
 * comes with the exporter), gzip when the scraper accepts it, {@code ?debug=text|openmetrics|prometheus-protobuf}
 * for people, and {@code ?name[]=} filtering. {@code /healthz} answers {@code 200 ok} without collecting,
 * followed by {@code last_collection_age_seconds <s>} when a collection is known. {@code /} is a short
 * landing page; every other path is 404.
 */
public final class PrometheusEndpoint implements Closeable {
  private final HTTPServer server;
  private final String host;

  private PrometheusEndpoint(HTTPServer server, String host) {
    this.server = server;
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
    Objects.requireNonNull(host, "host == null");
    Objects.requireNonNull(registry, "registry == null");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port not in 0..65535: " + port);
    }
    HTTPServer server = HTTPServer.builder()
        .hostname(host)
        .port(port)
        .registry(registry)
        .metricsHandlerPath("/metrics")
        .registerHealthHandler(false)
        .defaultHandler(new AuxiliaryHandler(lastCollection, Clock.systemUTC()))
        .buildAndStart();
    return new PrometheusEndpoint(server, host);
  }

  /** {@return the port the server listens on} */
  public int port() {
    return server.getPort();
  }

  /** {@return the address the server was asked to listen on} */
  public String host() {
    return host;
  }

  /** Stops the server and frees its port; scrapes in progress are given no grace time. */
  @Override
  public void close() {
    server.close();
  }
}
