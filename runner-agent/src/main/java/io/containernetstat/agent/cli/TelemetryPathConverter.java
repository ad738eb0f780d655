package io.containernetstat.agent.cli;

import io.containernetstat.sink.prometheus.EndpointOptions;

/**
 * {@code --web.telemetry-path}: a path of its own for the metrics, as
 * {@link EndpointOptions#checkMetricsPath} accepts it.
 */
public final class TelemetryPathConverter extends ParsingConverter<String> {
  /** Made by picocli, from the option's {@code converter} attribute. */
  public TelemetryPathConverter() {}

  @Override
  protected String parse(String text) {
    EndpointOptions.checkMetricsPath(text);
    return text;
  }
}
