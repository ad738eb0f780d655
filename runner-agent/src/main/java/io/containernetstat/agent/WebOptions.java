package io.containernetstat.agent;

import io.containernetstat.agent.cli.DurationConverter;
import io.containernetstat.agent.cli.TelemetryPathConverter;
import io.containernetstat.sink.prometheus.EndpointOptions;
import io.containernetstat.sink.prometheus.WebConfig;
import io.containernetstat.sink.prometheus.WebConfigException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The options of the Prometheus endpoint: the metrics' path, the web-config file (TLS, basic auth) and the
 * timeouts and limits that keep clients from holding it. A picocli mixin of {@link AgentCommand}; one
 * instance per run, not thread-safe.
 */
final class WebOptions {
  @Option(names = {"--web-config-file", "--web.config.file"}, paramLabel = "FILE",
      description = "An exporter-toolkit web-config file: TLS certificate and key, client CA and "
          + "client_auth_type, basic_auth_users with bcrypt hashes (as node_exporter's --web.config.file).")
  Path configFile;

  @Option(names = {"--web-telemetry-path", "--web.telemetry-path"}, paramLabel = "PATH",
      defaultValue = EndpointOptions.DEFAULT_METRICS_PATH, converter = TelemetryPathConverter.class,
      description = "The path the metrics are served at; not / (the landing page) nor /healthz (as "
          + "node_exporter's --web.telemetry-path; default: ${DEFAULT-VALUE}).")
  String telemetryPath;

  @Option(names = "--web-header-timeout", paramLabel = "DURATION", defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Time a client has for the TLS handshake, request line and headers (default: ${DEFAULT-VALUE}).")
  Duration headerTimeout;

  @Option(names = "--web-write-timeout", paramLabel = "DURATION", defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Time a client has to read a whole response (default: ${DEFAULT-VALUE}).")
  Duration writeTimeout;

  @Option(names = "--web-idle-timeout", paramLabel = "DURATION", defaultValue = "120s",
      converter = DurationConverter.class,
      description = "How long a kept-alive connection may wait for its next request (default: ${DEFAULT-VALUE}).")
  Duration idleTimeout;

  @Option(names = "--web-max-connections", paramLabel = "N", defaultValue = "256",
      description = "Connections open at once; more are refused at once (default: ${DEFAULT-VALUE}).")
  int maxConnections;

  /**
   * {@return the endpoint's options, the web-config file read and checked}
   *
   * @throws IllegalArgumentException naming the option, if a value is out of range or the file is unusable
   */
  EndpointOptions endpointOptions() {
    EndpointOptions options = EndpointOptions.defaults().withMetricsPath(telemetryPath);
    options = checked("--web-header-timeout", options, o -> o.withHeaderTimeout(headerTimeout));
    options = checked("--web-write-timeout", options, o -> o.withWriteTimeout(writeTimeout));
    options = checked("--web-idle-timeout", options, o -> o.withIdleTimeout(idleTimeout));
    options = checked("--web-max-connections", options, o -> o.withMaxConnections(maxConnections));
    if (configFile == null) {
      return options;
    }
    try {
      return options.withWebConfig(WebConfig.load(configFile));
    } catch (WebConfigException e) {
      throw new IllegalArgumentException("--web-config-file " + e.getMessage(), e);
    }
  }

  private static EndpointOptions checked(String option, EndpointOptions options,
      java.util.function.UnaryOperator<EndpointOptions> change) {
    try {
      return change.apply(options);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }
  }
}
