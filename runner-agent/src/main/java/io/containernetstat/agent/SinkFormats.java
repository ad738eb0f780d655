package io.containernetstat.agent;

import io.containernetstat.sink.openfalcon.OpenFalconMapper;
import io.containernetstat.sink.openfalcon.OpenFalconOptions;
import io.containernetstat.sink.openfalcon.internal.FalconJson;
import io.containernetstat.sink.prometheus.PrometheusOptions;
import io.containernetstat.sink.prometheus.PrometheusText;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/** The sinks' settings as the agent's options give them, and their renderings for {@code --once}. */
final class SinkFormats {
  private SinkFormats() {}

  static PrometheusOptions prometheusOptions(Settings s) {
    return PrometheusOptions.defaults().withHostNetwork(s.includeHostNetwork());
  }

  /** The open-falcon settings; the step is the push interval, at least one second. */
  static OpenFalconOptions openFalconOptions(Settings s) {
    return OpenFalconOptions.builder()
        .url(s.falconUrl().toString())
        .endpoint(s.endpoint())
        .step(s.interval().compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : s.interval())
        .includeHostNetwork(s.includeHostNetwork())
        .build();
  }

  /** {@code --format prometheus}: what a scrape of the daemon's /metrics would return for this collection. */
  static void prometheus(Report report, Settings s, OutputStream out) throws IOException {
    PrometheusText.write(report.snapshot(), out, prometheusOptions(s));
  }

  /** {@code --format openfalcon}: the JSON array the daemon would push for this collection. */
  static void openfalcon(Report report, Settings s, OutputStream out) throws IOException {
    OpenFalconMapper mapper = new OpenFalconMapper(openFalconOptions(s));
    java.util.List<io.containernetstat.sink.openfalcon.FalconItem> items =
        new java.util.ArrayList<>(mapper.map(report.snapshot()));
    items.addAll(mapper.agentItems(report.snapshot()));
    out.write(FalconJson.write(items));
    out.write('\n');
  }
}
