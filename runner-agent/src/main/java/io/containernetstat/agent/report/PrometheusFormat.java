package io.containernetstat.agent.report;

import io.containernetstat.sink.prometheus.PrometheusOptions;
import io.containernetstat.sink.prometheus.PrometheusText;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Objects;

/**
 * {@code --once --format prometheus}: what a scrape of the daemon's {@code /metrics} would return for this
 * collection, in the Prometheus text format. Immutable.
 */
public final class PrometheusFormat implements ReportFormat {
  private final PrometheusOptions options;

  /**
   * Makes the format.
   *
   * @param options the sink's options, as the daemon would have them
   */
  public PrometheusFormat(PrometheusOptions options) {
    this.options = Objects.requireNonNull(options, "options == null");
  }

  @Override
  public void write(Report report, PrintStream out) throws IOException {
    PrometheusText.write(report.snapshot(), out, options);
  }
}
