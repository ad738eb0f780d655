package io.containernetstat.sink.prometheus;

import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link PrometheusEndpoint} guards itself against clients: timeouts, limits, TLS and
 * authentication; immutable and thread-safe.
 *
 * <p>Start from {@link #defaults()} and change one setting at a time:
 * <pre>{@code
 * EndpointOptions options = EndpointOptions.defaults()
 *     .withWebConfig(WebConfig.load(Path.of("/etc/container-netstat/web-config.yml")))
 *     .withHeaderTimeout(Duration.ofSeconds(3));
 * }</pre>
 *
 * <p>What each guard is for: a connection that does not send a whole request head within the
 * {@linkplain #headerTimeout() header timeout} (the TLS handshake included) is closed, so a client that
 * trickles a request ("slowloris") holds a few hundred bytes of memory for a few seconds and no thread; at
 * most {@linkplain #maxConnections() max connections} are open at once and the excess is closed at
 * once; a response that the client does not read within the {@linkplain #writeTimeout() write timeout}
 * is cut off, so a slow reader holds a request thread for that long at most; a kept-alive connection
 * that sends nothing for the {@linkplain #idleTimeout() idle timeout} is closed.
 *
 * @param threads how many pages are rendered at once, 1..64; each concurrent {@code /metrics} holds the
 *     families of one collection in the heap while it renders them; the other requests wait in order
 * @param maxConnections how many connections may be open at once, 1..65536; one more is closed as soon
 *     as it is accepted (plain HTTP clients first get {@code 503})
 * @param headerTimeout the time a connection has, from being accepted or from the first byte of a
 *     kept-alive connection's next request, to finish its TLS handshake and send its request line and
 *     headers; positive, at most an hour
 * @param writeTimeout the time a response has to be written and read by the client, from its first
 *     byte; a response still being written then is cut off (the client sees a broken response, never a
 *     short one); positive, at most an hour
 * @param idleTimeout how long a kept-alive connection may stay silent between requests before it is
 *     closed; positive, at most an hour
 * @param webConfig TLS, client certificates, basic authentication, extra headers and rate limiting, as
 *     read from an exporter-toolkit web-config file ({@link WebConfig#none()} for plain HTTP)
 * @param metricsPath where the metrics are served, {@value #DEFAULT_METRICS_PATH} by default
 *     (node_exporter's {@code --web.telemetry-path}): starts with {@code /}, and is neither {@code /} (the
 *     landing page) nor {@code /healthz}
 * @param buildInfo the version and revision the landing page at {@code /} shows, or null for none
 */
public record EndpointOptions(int threads, int maxConnections, Duration headerTimeout, Duration writeTimeout,
    Duration idleTimeout, WebConfig webConfig, String metricsPath, BuildInfo buildInfo) {
  /** Request threads unless told otherwise: Prometheus scrapes one at a time; a person with curl is the second. */
  public static final int DEFAULT_THREADS = 2;
  /** Connections open at once unless told otherwise: room for 100 stalled clients and many scrapers. */
  public static final int DEFAULT_MAX_CONNECTIONS = 256;
  /** Time for the TLS handshake, the request line and the headers unless told otherwise. */
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(5);
  /**
   * Time for a whole response to be written unless told otherwise: Prometheus' own scrape timeout is
   * 10 s by default, after which it has stopped reading anyway; this leaves room for longer ones.
   */
  public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
  /**
   * How long a kept-alive connection may wait for its next request unless told otherwise: longer than
   * the usual scrape intervals (15 s to 60 s), so a scraper keeps its connection.
   */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);
  /** Where the metrics are served unless told otherwise, as by every exporter. */
  public static final String DEFAULT_METRICS_PATH = "/metrics";
  /** The health check's path, which the metrics cannot take. */
  public static final String HEALTH_PATH = "/healthz";

  private static final EndpointOptions DEFAULTS = new EndpointOptions(DEFAULT_THREADS, DEFAULT_MAX_CONNECTIONS,
      DEFAULT_HEADER_TIMEOUT, DEFAULT_WRITE_TIMEOUT, DEFAULT_IDLE_TIMEOUT, WebConfig.none(), DEFAULT_METRICS_PATH,
      null);

  /**
   * The options before the metrics path and the build info existed: metrics at {@value #DEFAULT_METRICS_PATH},
   * a landing page without a version.
   *
   * @param threads how many pages are rendered at once
   * @param maxConnections how many connections may be open at once
   * @param headerTimeout the time for the TLS handshake, the request line and the headers
   * @param writeTimeout the time a response has to be written
   * @param idleTimeout how long a kept-alive connection may stay silent
   * @param webConfig TLS, client certificates, basic authentication, headers, rate limit
   * @throws IllegalArgumentException naming the setting out of its range
   */
  public EndpointOptions(int threads, int maxConnections, Duration headerTimeout, Duration writeTimeout,
      Duration idleTimeout, WebConfig webConfig) {
    this(threads, maxConnections, headerTimeout, writeTimeout, idleTimeout, webConfig, DEFAULT_METRICS_PATH, null);
  }

  /**
   * Validates.
   *
   * @throws IllegalArgumentException naming the setting out of its range
   */
  public EndpointOptions {
    if (threads < 1 || threads > 64) {
      throw new IllegalArgumentException("threads not in 1..64: " + threads);
    }
    if (maxConnections < 1 || maxConnections > 65536) {
      throw new IllegalArgumentException("maxConnections not in 1..65536: " + maxConnections);
    }
    check(headerTimeout, "headerTimeout");
    check(writeTimeout, "writeTimeout");
    check(idleTimeout, "idleTimeout");
    Objects.requireNonNull(webConfig, "webConfig == null");
    checkMetricsPath(metricsPath);
  }

  /**
   * Checks a metrics path as {@link #withMetricsPath} does.
   *
   * @param path the path
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static void checkMetricsPath(String path) {
    Objects.requireNonNull(path, "metricsPath == null");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("'" + path + "' does not start with '/'");
    }
    if (path.equals("/")) {
      throw new IllegalArgumentException("'/' is the landing page; give the metrics a path of their own");
    }
    if (path.equals(HEALTH_PATH) || path.equals(HEALTH_PATH + "/")) {
      throw new IllegalArgumentException("'" + path + "' is the health check's path");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c <= ' ' || c >= 0x7f || c == '?' || c == '#' || c == '%' || c == '"' || c == '<' || c == '>' || c == '\\') {
        throw new IllegalArgumentException("'" + path + "' has a character a URL path cannot hold as such: "
            + "write it plain (letters, digits, '/', '-', '_', '.', '~')");
      }
    }
  }

  /**
   * {@return the defaults: {@value #DEFAULT_THREADS} request threads, {@value #DEFAULT_MAX_CONNECTIONS}
   * connections, a 5 s header timeout, a 30 s write timeout, a 120 s idle timeout, plain HTTP without
   * authentication, metrics at {@code /metrics}, a landing page without a version}
   */
  public static EndpointOptions defaults() {
    return DEFAULTS;
  }

  /**
   * {@return these options with {@link #threads()} changed}
   *
   * @param threads the new value
   * @throws IllegalArgumentException if not in 1..64
   */
  public EndpointOptions withThreads(int threads) {
    return new EndpointOptions(threads, maxConnections, headerTimeout, writeTimeout, idleTimeout, webConfig,
        metricsPath, buildInfo);
  }

  /**
   * {@return these options with {@link #maxConnections()} changed}
   *
   * @param maxConnections the new value
   * @throws IllegalArgumentException if not in 1..65536
   */
  public EndpointOptions withMaxConnections(int maxConnections) {
    return new EndpointOptions(threads, maxConnections, headerTimeout, writeTimeout, idleTimeout, webConfig,
        metricsPath, buildInfo);
  }

  /**
   * {@return these options with {@link #headerTimeout()} changed}
   *
   * @param timeout the new value
   * @throws IllegalArgumentException if not in (0, 1h]
   */
  public EndpointOptions withHeaderTimeout(Duration timeout) {
    return new EndpointOptions(threads, maxConnections, timeout, writeTimeout, idleTimeout, webConfig,
        metricsPath, buildInfo);
  }

  /**
   * {@return these options with {@link #writeTimeout()} changed}
   *
   * @param timeout the new value
   * @throws IllegalArgumentException if not in (0, 1h]
   */
  public EndpointOptions withWriteTimeout(Duration timeout) {
    return new EndpointOptions(threads, maxConnections, headerTimeout, timeout, idleTimeout, webConfig,
        metricsPath, buildInfo);
  }

  /**
   * {@return these options with {@link #idleTimeout()} changed}
   *
   * @param timeout the new value
   * @throws IllegalArgumentException if not in (0, 1h]
   */
  public EndpointOptions withIdleTimeout(Duration timeout) {
    return new EndpointOptions(threads, maxConnections, headerTimeout, writeTimeout, timeout, webConfig,
        metricsPath, buildInfo);
  }

  /**
   * {@return these options with {@link #webConfig()} changed}
   *
   * @param webConfig from {@link WebConfig#load(java.nio.file.Path)}, or {@link WebConfig#none()}
   */
  public EndpointOptions withWebConfig(WebConfig webConfig) {
    return new EndpointOptions(threads, maxConnections, headerTimeout, writeTimeout, idleTimeout, webConfig,
        metricsPath, buildInfo);
  }

  /**
   * {@return these options with {@link #metricsPath()} changed}
   *
   * @param path where the metrics are served, for example {@code /metrics} or {@code /container/metrics}
   * @throws IllegalArgumentException if it does not start with {@code /}, is {@code /} or {@code /healthz},
   *     or holds characters a URL path would have to escape
   */
  public EndpointOptions withMetricsPath(String path) {
    return new EndpointOptions(threads, maxConnections, headerTimeout, writeTimeout, idleTimeout, webConfig, path,
        buildInfo);
  }

  /**
   * {@return these options with {@link #buildInfo()} changed}
   *
   * @param info the version and revision the landing page shows, or null for none
   */
  public EndpointOptions withBuildInfo(BuildInfo info) {
    return new EndpointOptions(threads, maxConnections, headerTimeout, writeTimeout, idleTimeout, webConfig,
        metricsPath, info);
  }

  private static void check(Duration timeout, String name) {
    Objects.requireNonNull(timeout, name + " == null");
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(name + " not in (0, 1h]: " + timeout);
    }
  }
}
