package io.containernetstat.agent.report;

import io.containernetstat.sink.openfalcon.OpenFalconMapper;
import io.containernetstat.sink.openfalcon.OpenFalconOptions;
import io.containernetstat.sink.openfalcon.internal.FalconJson;
import java.io.IOException;
import java.io.PrintStream;

/**
 * {@code --once --format openfalcon}: the JSON array the daemon would push for this collection (the
 * containers' items, then the agent's own), and a newline. Immutable.
 */
public final class OpenFalconFormat implements ReportFormat {
  private final OpenFalconMapper mapper;

  /**
   * Makes the format.
   *
   * @param options the sink's options, as the daemon would have them (endpoint, step, tags)
   */
  public OpenFalconFormat(OpenFalconOptions options) {
    this.mapper = new OpenFalconMapper(options);
  }

  @Override
  public void write(Report report, PrintStream out) throws IOException {
    out.write(FalconJson.write(mapper.pushItems(report.snapshot())));
    out.write('\n');
  }
}
