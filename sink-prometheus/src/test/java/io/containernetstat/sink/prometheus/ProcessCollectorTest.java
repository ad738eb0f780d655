package io.containernetstat.sink.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.management.UnixOperatingSystemMXBean;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standard process families, from a fixture tree with known figures and from this JVM's own procfs. */
class ProcessCollectorTest {
  /** A JVM's stat line, its command holding a space and parentheses as a process may name itself. */
  static final String STAT = "4242 (my (odd) java) S 1 4242 4242 0 -1 4194560 9402 0 3 0 157 23 0 0 20 0 26 0 "
      + "1729345 2904354816 11264 18446744073709551615 94079487000576 94079487002048 140726012345344 0 0 0 0 "
      + "16781312 16386 0 0 0 17 1 0 0 0 0 0 94079487012312 94079487013024 94079510233088 140726012350112 "
      + "140726012350171 140726012350171 140726012350443 0\n";
  static final String LIMITS = "Limit                     Soft Limit           Hard Limit           Units     \n"
      + "Max cpu time              unlimited            unlimited            seconds   \n"
      + "Max open files            65536                524288               files     \n"
      + "Max locked memory         8388608              8388608              bytes     \n";

  @TempDir
  Path dir;

  /**
   * Builds {@code <dir>/self/{stat,limits,auxv,fd/0..4}} and {@code <dir>/stat}: 157 + 23 ticks of CPU at
   * 100 per second, 11264 pages of 4096 bytes, started 1729345 ticks after a boot at 1795700000.
   */
  static Path tree(Path dir, String stat, String limits) throws IOException {
    Path self = Files.createDirectories(dir.resolve("self/fd"));
    Files.writeString(dir.resolve("self/stat"), stat);
    Files.writeString(dir.resolve("stat"), "cpu  1 2 3 4\ncpu0 1 2 3 4\nintr 5 6 7\nctxt 8\nbtime 1795700000\n"
        + "processes 9\n");
    if (limits != null) {
      Files.writeString(dir.resolve("self/limits"), limits);
    }
    ByteBuffer auxv = ByteBuffer.allocate(16 * 4).order(ByteOrder.nativeOrder());
    auxv.putLong(33).putLong(0x7fff0000L).putLong(6).putLong(4096).putLong(17).putLong(100).putLong(0).putLong(0);
    Files.write(dir.resolve("self/auxv"), auxv.array());
    for (int fd = 0; fd < 5; fd++) {
      Files.writeString(self.resolve(Integer.toString(fd)), "");
    }
    return dir;
  }

  @Test
  void figuresComeFromStatLimitsAuxvAndTheDescriptorList() throws IOException {
    Map<String, Double> values = values(new ProcessCollector(tree(dir, STAT, LIMITS)).collect());
    assertThat(values).containsOnlyKeys("process_cpu_seconds", "process_resident_memory_bytes",
        "process_virtual_memory_bytes", "process_start_time_seconds", "process_open_fds", "process_max_fds");
    assertThat(values.get("process_cpu_seconds")).as("(157 + 23) ticks / 100").isEqualTo(1.8);
    assertThat(values.get("process_resident_memory_bytes")).as("11264 pages").isEqualTo(11264.0 * 4096);
    assertThat(values.get("process_virtual_memory_bytes")).isEqualTo(2904354816.0);
    assertThat(values.get("process_start_time_seconds")).as("btime + starttime / 100")
        .isCloseTo(1795700000 + 17293.45, within(1e-6));
    assertThat(values.get("process_open_fds")).isEqualTo(5.0);
    assertThat(values.get("process_max_fds")).as("the soft limit").isEqualTo(65536.0);
  }

  @Test
  void whatCannotBeReadIsAbsentNeverZero() throws IOException {
    Map<String, Double> values = values(new ProcessCollector(tree(dir, "garbage without a command\n", null)).collect());
    assertThat(values).as("stat malformed, limits missing: only the descriptor count is known")
        .containsOnlyKeys("process_open_fds");
  }

  @Test
  void anUnlimitedDescriptorLimitIsInfinite() throws IOException {
    String unlimited = LIMITS.replace("65536                524288", "unlimited            unlimited");
    assertThat(values(new ProcessCollector(tree(dir, STAT, unlimited)).collect()).get("process_max_fds"))
        .isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void thisJvmsOwnFiguresAgreeWithTheJdks() throws Exception {
    ProcessCollector collector = new ProcessCollector();
    UnixOperatingSystemMXBean os = (UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long jdkOpen = os.getOpenFileDescriptorCount();
    Map<String, Double> values = values(collector.collect());
    assertThat(values.get("process_open_fds")).as("open fds, the JDK's count %d", jdkOpen)
        .isCloseTo((double) jdkOpen, within(3.0));
    assertThat(values.get("process_max_fds")).isEqualTo((double) os.getMaxFileDescriptorCount());
    double cpu = os.getProcessCpuTime() / 1e9;
    assertThat(values.get("process_cpu_seconds")).as("CPU seconds, the JDK's %s", cpu).isCloseTo(cpu, within(0.5));
    Instant started = ProcessHandle.current().info().startInstant().orElseThrow();
    assertThat(values.get("process_start_time_seconds")).as("start time, the JDK's %s", started)
        .isCloseTo(started.toEpochMilli() / 1000.0, within(1.0));
    long vmRssKb = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
        .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElseThrow();
    assertThat(values.get("process_resident_memory_bytes")).as("resident, VmRSS %d kB", vmRssKb)
        .isCloseTo(vmRssKb * 1024.0, within(vmRssKb * 1024.0 * 0.2));
    assertThat(values.get("process_virtual_memory_bytes")).isGreaterThan(values.get("process_resident_memory_bytes"));
  }

  static Map<String, Double> values(MetricSnapshots snapshots) {
    Map<String, Double> out = new TreeMap<>();
    for (MetricSnapshot s : snapshots) {
      DataPointSnapshot point = s.getDataPoints().get(0);
      out.put(s.getMetadata().getPrometheusName(), point instanceof CounterSnapshot.CounterDataPointSnapshot
          ? ((CounterSnapshot.CounterDataPointSnapshot) point).getValue()
          : ((GaugeSnapshot.GaugeDataPointSnapshot) point).getValue());
    }
    return out;
  }
}
