package io.containernetstat.agent;

import io.containernetstat.agent.cli.Choice;
import io.containernetstat.agent.report.JsonFormat;
import io.containernetstat.agent.report.OpenFalconFormat;
import io.containernetstat.agent.report.PrometheusFormat;
import io.containernetstat.agent.report.ReportFormat;
import io.containernetstat.agent.report.TableFormat;
import java.util.function.Function;

/**
 * What {@code --once} prints, by the name {@code --format} gives it: each constant makes its
 * {@link ReportFormat} from the settings (the sink formats with the options their sink would run with).
 * A new format is an implementation of {@link ReportFormat} and a constant here.
 */
enum Format implements Choice {
  TABLE(s -> new TableFormat()),
  JSON(s -> new JsonFormat()),
  PROMETHEUS(s -> new PrometheusFormat(SinkOptions.prometheus(s))),
  OPENFALCON(s -> new OpenFalconFormat(SinkOptions.openFalcon(s)));

  private final Function<Settings, ReportFormat> factory;

  Format(Function<Settings, ReportFormat> factory) {
    this.factory = factory;
  }

  /** {@return the format, configured by {@code settings}} */
  ReportFormat create(Settings settings) {
    return factory.apply(settings);
  }
}
