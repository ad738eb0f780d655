package io.containernetstat.agent;

import io.containernetstat.agent.log.TerminalText;
import io.containernetstat.agent.report.CycleStats;
import io.containernetstat.agent.report.Report;
import io.containernetstat.core.Collector;
import io.containernetstat.core.NetnsResolver;
import io.containernetstat.core.Snapshot;
import io.containernetstat.resolver.AutoResolver;
import io.containernetstat.resolver.ResolverKind;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code --once}: collect, print one report in the format {@code --format} names, exit. */
final class OnceMode {
  private static final Logger LOG = LoggerFactory.getLogger("container-netstat");

  private OnceMode() {}

  /** {@return the exit code: 0 when the collection ran, 1 when nothing could be read} */
  static int run(Settings settings, PrintStream out, PrintStream err) {
    NamespaceLimit limit = Wiring.namespaceLimit(settings);
    NetnsResolver resolver = Wiring.resolver(settings);
    try (Collector collector = Wiring.collector(settings, resolver, limit)) {
      Snapshot first = collector.collect();
      if (resolver instanceof AutoResolver auto && auto.chosen() != ResolverKind.AUTO) {
        // Once, before any other line: what the report covers depends on it (every process's namespace
        // when no runtime was found), and so does what a failure below means.
        LOG.info("resolver: {}", Wiring.resolverChoice(resolver));
      }
      String failure = Failures.nothingRead(first);
      if (failure != null) {
        // The reason quotes resolver and file messages, which may hold names from the host.
        err.println("container-netstat: " + TerminalText.escape(failure));
        return AgentCommand.EXIT_FAILED;
      }
      for (String warning : first.warnings()) {
        LOG.warn("{}", warning);
      }
      if (first.notCollected() > 0) {
        LOG.warn("{}", limit.warning(first.notCollected(),
            first.notCollected() + first.namespaces().size()));
      }
      CycleStats cycles = settings.cycles() > 0 ? timeCycles(collector, settings.cycles()) : null;
      Report report = new Report(settings.endpoint(), first, cycles, settings.includeHostNetwork());
      try {
        settings.format().create(settings).write(report, out);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the report", e);
      }
      out.flush();
      return AgentCommand.EXIT_OK;
    }
  }

  /** {@code --cycles N}: N more collections, timed. */
  private static CycleStats timeCycles(Collector collector, int count) {
    long[] nanos = new long[count];
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = collector.collect().durationNanos();
    }
    return CycleStats.of(nanos);
  }
}
