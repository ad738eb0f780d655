package io.containernetstat.sink.prometheus;

import io.containernetstat.sink.prometheus.internal.ProcSelf;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A client_java {@link MultiCollector} of the standard {@code process_*} families of this JVM, read from
 * {@code /proc/self} on each scrape, with client_golang's names and help: {@code process_cpu_seconds_total},
 * {@code process_resident_memory_bytes}, {@code process_virtual_memory_bytes},
 * {@code process_start_time_seconds}, {@code process_open_fds}, {@code process_max_fds}; thread-safe.
 *
 * <p>Why not client_java's {@code ProcessMetrics} ({@code prometheus-metrics-instrumentation-jvm}, not a
 * dependency here): it asks {@code java.lang.management}'s MXBeans, which the agent does not otherwise load:
 * asking the operating-system and runtime beans once loads about 270 more classes than reading procfs does
 * (measured with {@code -Xlog:class+load} on JDK 17), where three small procfs reads per scrape suffice. A scrape
 * reads {@code /proc/self/stat} and {@code /proc/self/limits} into one reused buffer and lists
 * {@code /proc/self/fd}; page size, clock tick and start time are read once. A figure that cannot be read
 * leaves its family out of that scrape (never a 0). Linux only: elsewhere every family is absent.
 * <pre>{@code
 * registry.register(new ProcessCollector());
 * }</pre>
 */
public final class ProcessCollector implements MultiCollector {
  private final ProcSelf proc;

  /** Reads this process's own {@code /proc/self}. */
  public ProcessCollector() {
    this(Path.of("/proc"));
  }

  /**
   * Reads {@code <procRoot>/self} (and {@code <procRoot>/stat} once, for the boot time).
   *
   * @param procRoot where procfs is mounted: {@code /proc}, or a test's tree
   */
  public ProcessCollector(Path procRoot) {
    this.proc = new ProcSelf(Objects.requireNonNull(procRoot, "procRoot == null"));
  }

  @Override
  public MetricSnapshots collect() {
    ProcSelf.Figures f;
    synchronized (proc) {
      f = proc.read();
    }
    List<MetricSnapshot> out = new ArrayList<>(6);
    if (!Double.isNaN(f.cpuSeconds())) {
      out.add(new CounterSnapshot(new MetricMetadata("process_cpu_seconds",
          "Total user and system CPU time spent in seconds.", Unit.SECONDS),
          List.of(new CounterDataPointSnapshot(f.cpuSeconds(), Labels.EMPTY, null, 0L))));
    }
    gauge(out, "process_resident_memory_bytes", Unit.BYTES, "Resident memory size in bytes.", known(f.residentBytes()));
    gauge(out, "process_virtual_memory_bytes", Unit.BYTES, "Virtual memory size in bytes.", known(f.virtualBytes()));
    gauge(out, "process_start_time_seconds", Unit.SECONDS, "Start time of the process since unix epoch in seconds.",
        f.startTimeSeconds());
    gauge(out, "process_open_fds", null, "Number of open file descriptors.", known(f.openFds()));
    gauge(out, "process_max_fds", null, "Maximum number of open file descriptors.",
        f.maxFds() == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : known(f.maxFds()));
    return new MetricSnapshots(out);
  }

  /** {@return a figure as a sample value; NaN, for no series, when it could not be read} */
  private static double known(long value) {
    return value < 0 ? Double.NaN : value;
  }

  private static void gauge(List<MetricSnapshot> out, String name, Unit unit, String help, double value) {
    if (!Double.isNaN(value)) {
      out.add(new GaugeSnapshot(new MetricMetadata(name, help, unit),
          List.of(new GaugeDataPointSnapshot(value, Labels.EMPTY, null))));
    }
  }
}
