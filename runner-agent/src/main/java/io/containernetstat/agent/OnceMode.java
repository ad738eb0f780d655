package io.containernetstat.agent;

import io.containernetstat.core.Collector;
import io.containernetstat.core.Snapshot;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code --once}: collect, print one report, exit. */
final class OnceMode {
  private static final Logger LOG = LoggerFactory.getLogger("container-netstat");

  private final Settings settings;
  private final PrintStream out;
  private final PrintStream err;

  OnceMode(Settings settings, PrintStream out, PrintStream err) {
    this.settings = settings;
    this.out = out;
    this.err = err;
  }

  /** {@return the exit code: 0 when the collection ran, 1 when nothing could be read} */
  int run() {
    NamespaceLimit limit = Wiring.namespaceLimit(settings);
    try (Collector collector = Wiring.collector(settings, Wiring.resolver(settings), limit)) {
      Snapshot first = collector.collect();
      String failure = Failures.nothingRead(first);
      if (failure != null) {
        // The reason quotes resolver and file messages, which may hold names from the host.
        err.println("container-netstat: " + io.containernetstat.agent.log.TerminalText.escape(failure));
        return AgentCommand.EXIT_FAILED;
      }
      for (String warning : first.warnings()) {
        LOG.warn("{}", warning);
      }
      if (first.notCollected() > 0) {
        LOG.warn("{}", limit.warning(first.notCollected(),
            first.notCollected() + first.namespaces().size()));
      }
      CycleStats cycles = null;
      if (settings.cycles() > 0) {
        long[] nanos = new long[settings.cycles()];
        for (int i = 0; i < nanos.length; i++) {
          nanos[i] = collector.collect().durationNanos();
        }
        cycles = CycleStats.of(nanos);
      }
      print(new Report(settings.endpoint(), first, cycles, settings.includeHostNetwork()));
      return AgentCommand.EXIT_OK;
    }
  }

  private void print(Report report) {
    try {
      switch (settings.format()) {
        case JSON:
          JsonReport.write(report, out);
          break;
        case PROMETHEUS:
          SinkFormats.prometheus(report, settings, out);
          break;
        case OPENFALCON:
          SinkFormats.openfalcon(report, settings, out);
          break;
        case TABLE:
        default:
          TableReport.write(report, out);
          break;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report", e);
    }
    out.flush();
  }
}
