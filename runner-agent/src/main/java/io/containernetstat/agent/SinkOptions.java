package io.containernetstat.agent;

import io.containernetstat.agent.cli.Version;
import io.containernetstat.core.LabelSelection;
import io.containernetstat.sink.openfalcon.OpenFalconOptions;
import io.containernetstat.sink.prometheus.PrometheusOptions;
import java.time.Duration;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sinks' options as the agent's settings give them: the daemon runs its sinks with them, and
 * {@code --once --format prometheus|openfalcon} prints what those sinks would send.
 */
final class SinkOptions {
  private static final Logger LOG = LoggerFactory.getLogger("container-netstat");

  private SinkOptions() {}

  /**
   * {@return the selection {@code --container-labels} asks for, or none without it}; the first cut by its
   * limits is logged as a warning, once per run
   *
   * @param keys the regex matched against whole keys, or null
   */
  static LabelSelection containerLabels(Pattern keys) {
    return keys == null ? LabelSelection.none()
        : LabelSelection.matching(keys).onFirstCut(cut -> LOG.warn("--container-labels: {}", cut));
  }

  /** The Prometheus sink's, with the agent's build info ({@code container_netstat_build_info}). */
  static PrometheusOptions prometheus(Settings s) {
    return PrometheusOptions.defaults().withHostNetwork(s.includeHostNetwork()).withBuildInfo(Version.buildInfo())
        .withNetstatFields(s.netstatFields().pattern()).withContainerLabels(s.containerLabels());
  }

  /** The open-falcon settings; the step is the push interval, at least one second. */
  static OpenFalconOptions openFalcon(Settings s) {
    return OpenFalconOptions.builder()
        .url(s.falconUrl().toString())
        .endpoint(s.endpoint())
        .step(s.interval().compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : s.interval())
        .includeHostNetwork(s.includeHostNetwork())
        .fields(foundAnywhere(s.netstatFields()))
        .containerLabels(s.containerLabels())
        .build();
  }

  /**
   * {@code --netstat-fields} selects a field when the regex is found in its key, as node_exporter and the
   * Prometheus sink match; the open-falcon sink matches its regex against the whole key, so it is given
   * the same selection as {@code .*(?:regex).*} (keys hold no line breaks for {@code .} to miss).
   */
  static String foundAnywhere(Pattern regex) {
    return ".*(?:" + regex.pattern() + ").*";
  }
}
