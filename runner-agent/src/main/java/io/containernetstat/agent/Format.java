package io.containernetstat.agent;

import io.containernetstat.agent.cli.Choice;
import io.containernetstat.agent.report.JsonFormat;
import io.containernetstat.agent.report.OpenFalconFormat;
import io.containernetstat.agent.report.PrometheusFormat;
import io.containernetstat.agent.report.ReportFormat;
import io.containernetstat.agent.report.TableFormat;

/**
 * What {@code --once} prints, by the name {@code --format} gives it. Each constant makes its
 * {@link ReportFormat}; the sink formats get the options their sink would run with. A new format is an
 * implementation of {@link ReportFormat}, a constant here and its case in {@link #create} (the compiler
 * asks for it).
 */
enum Format implements Choice {
  TABLE, JSON, PROMETHEUS, OPENFALCON;

  /** {@return the format, configured by {@code settings}} */
  ReportFormat create(Settings settings) {
    return switch (this) {
      case TABLE -> new TableFormat();
      case JSON -> new JsonFormat(settings.containerLabels());
      case PROMETHEUS -> new PrometheusFormat(SinkOptions.prometheus(settings));
      case OPENFALCON -> new OpenFalconFormat(SinkOptions.openFalcon(settings));
    };
  }
}
