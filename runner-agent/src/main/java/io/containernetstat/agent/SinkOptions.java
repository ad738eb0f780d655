package io.containernetstat.agent;

import io.containernetstat.agent.cli.Version;
import io.containernetstat.sink.openfalcon.OpenFalconOptions;
import io.containernetstat.sink.prometheus.PrometheusOptions;
import java.time.Duration;

/**
 * The sinks' options as the agent's settings give them: the daemon runs its sinks with them, and
 * {@code --once --format prometheus|openfalcon} prints what those sinks would send.
 */
final class SinkOptions {
  private SinkOptions() {}

  /** The Prometheus sink's, with the agent's build info ({@code container_netstat_build_info}). */
  static PrometheusOptions prometheus(Settings s) {
    return PrometheusOptions.defaults().withHostNetwork(s.includeHostNetwork()).withBuildInfo(Version.buildInfo());
  }

  /** The open-falcon settings; the step is the push interval, at least one second. */
  static OpenFalconOptions openFalcon(Settings s) {
    return OpenFalconOptions.builder()
        .url(s.falconUrl().toString())
        .endpoint(s.endpoint())
        .step(s.interval().compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : s.interval())
        .includeHostNetwork(s.includeHostNetwork())
        .build();
  }
}
