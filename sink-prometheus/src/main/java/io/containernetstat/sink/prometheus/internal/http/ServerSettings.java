package io.containernetstat.sink.prometheus.internal.http;

import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.Map;

/**
 * What the HTTP server needs to know besides its router; immutable. Not API.
 *
 * @param maxConnections connections open at once; more are closed as they are accepted
 * @param headerTimeout time for the TLS handshake, the request line and the headers
 * @param writeTimeout time for an answer to be written once started
 * @param idleTimeout time a kept-alive connection may wait for its next request
 * @param ssl the TLS context, or null for plain HTTP
 * @param preferServerCipherSuites with TLS, whether the server's order of cipher suites wins
 * @param headers headers added to every answer
 */
public record ServerSettings(int maxConnections, Duration headerTimeout, Duration writeTimeout,
    Duration idleTimeout, SslContext ssl, boolean preferServerCipherSuites, Map<String, String> headers) {
  /** Copies. */
  public ServerSettings {
    headers = Map.copyOf(headers);
  }

  long headerTimeoutNanos() {
    return headerTimeout.toNanos();
  }

  long writeTimeoutNanos() {
    return writeTimeout.toNanos();
  }

  long idleTimeoutNanos() {
    return idleTimeout.toNanos();
  }
}
