package io.containernetstat.fsstat;

import io.containernetstat.core.Container;
import io.containernetstat.core.ContainerFilesystems;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.Processes;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures what one probe costs at 300 containers; a measurement, not a test: it runs only with
 * {@code -Dfsstat.measure=true} and prints its figures.
 *
 * <pre>
 * mvn -B -q -pl fsstat-core test -Dtest=ProbeCostMeasurement -Dfsstat.measure=true -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * The fixture: 300 proc entries, each with the {@code docker-volumes} capture as its mountinfo, given
 * its own overlay root, {@code /dev/shm} and {@code /scratch} devices and its own {@code /etc/hosts}
 * files, and sharing the bind-mounted directory and the named volume; {@code root} links to a directory
 * on the real disk, so every {@code statvfs} is a real one through JNA. Per probe: 300 mountinfo reads,
 * 902 {@code statvfs} (3 own filesystems per container + 2 shared). With
 * {@code -Dfsstat.measure.docker=true} it measures running containers instead: those matching
 * {@code -Dfsstat.measure.dockerFilter} (a {@code docker ps --filter}, default
 * {@code label=container-netstat-test=1}).
 */
@EnabledIfSystemProperty(named = "fsstat.measure", matches = "true")
class ProbeCostMeasurement {
  private static final int CONTAINERS = Integer.getInteger("fsstat.measure.containers", 300);
  private static final int WARMUP = 200;
  private static final int ROUNDS = 300;

  @TempDir Path tmp;

  @Test
  void measure() throws Exception {
    List<NetnsTarget> namespaces;
    ProcRoot root;
    String what;
    if (Boolean.getBoolean("fsstat.measure.docker")) {
      root = ProcRoot.DEFAULT;
      namespaces = dockerContainers();
      what = namespaces.size() + " running Docker containers";
    } else {
      FakeProc proc = new FakeProc(tmp);
      root = proc.root;
      namespaces = fixture(proc);
      what = CONTAINERS + " fixture containers (docker-volumes mountinfo, real statvfs)";
    }
    for (int config = 0; config < 4; config++) {
      int parallelism = config % 2 == 0 ? 2 : 1;
      java.time.Duration maxAge = config < 2 ? java.time.Duration.ZERO : java.time.Duration.ofHours(1);
      try (StatvfsFilesystemProbe probe = StatvfsFilesystemProbe.builder().procRoot(root)
          .parallelism(parallelism).mountTableMaxAge(maxAge).build()) {
        long t0 = System.nanoTime();
        List<ContainerFilesystems> first = probe.probe(namespaces);
        long cold = System.nanoTime() - t0;
        for (int i = 0; i < WARMUP; i++) {
          probe.probe(namespaces);
        }
        StatvfsFilesystemProbe.Stats before = probe.stats();
        com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocBefore = threads.getCurrentThreadAllocatedBytes();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long[] nanos = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
          long s = System.nanoTime();
          probe.probe(namespaces);
          nanos[i] = System.nanoTime() - s;
        }
        long alloc = (threads.getCurrentThreadAllocatedBytes() - allocBefore) / ROUNDS;
        long cpu = (threads.getCurrentThreadCpuTime() - cpuBefore) / ROUNDS;
        StatvfsFilesystemProbe.Stats after = probe.stats();
        Arrays.sort(nanos);
        int filesystems = first.stream().mapToInt(c -> c.filesystems().size()).sum();
        System.out.printf("%s, parallelism %d, mountTableMaxAge %s: %d containers, %d filesystems "
                + "reported; per steady probe %.1f statvfs, %.1f mountinfo reads, %.1f parses%n",
            what, parallelism, maxAge, first.size(), filesystems,
            (after.statvfsCalls() - before.statvfsCalls()) / (double) ROUNDS,
            (after.mountinfoReads() - before.mountinfoReads()) / (double) ROUNDS,
            (after.mountinfoParses() - before.mountinfoParses()) / (double) ROUNDS);
        System.out.printf("  first probe (parse everything, stat the binds): %.2f ms%n", cold / 1e6);
        System.out.printf("  steady probe: median %.2f ms, p90 %.2f ms, p99 %.2f ms, mean %.2f ms; "
                + "probe thread CPU %.2f ms, allocated %d KB%n",
            nanos[ROUNDS / 2] / 1e6, nanos[ROUNDS * 9 / 10] / 1e6, nanos[ROUNDS * 99 / 100] / 1e6,
            Arrays.stream(nanos).average().orElse(0) / 1e6, cpu / 1e6, alloc / 1024);
      }
    }
  }

  private static List<NetnsTarget> fixture(FakeProc proc) {
    String template = new String(Fixtures.bytes(Fixtures.DOCKER_VOLUMES), StandardCharsets.UTF_8);
    List<NetnsTarget> out = new ArrayList<>();
    for (int i = 0; i < CONTAINERS; i++) {
      long pid = 10_000 + i;
      String table = template
          .replace(" 0:39 ", " 0:" + (1000 + i) + " ")
          .replace(" 0:47 ", " 0:" + (2000 + i) + " ")
          .replace(" 0:48 ", " 0:" + (3000 + i) + " ")
          .replace("23616695f2e8", String.format("%012d", i));
      Container c = proc.add("c" + i, pid, 1000 + i, table.getBytes(StandardCharsets.UTF_8));
      out.add(new NetnsTarget(4026530000L + i, pid, c.startTime(), false, c.id(), null, List.of(c)));
    }
    return out;
  }

  private static List<NetnsTarget> dockerContainers() throws Exception {
    String filter = System.getProperty("fsstat.measure.dockerFilter", "label=container-netstat-test=1");
    Process p = new ProcessBuilder("sh", "-c", "docker ps -q --filter '" + filter
        + "' | xargs -r docker inspect -f '{{.Id}} {{.State.Pid}}'").start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    List<NetnsTarget> targets = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.trim().split(" ");
      long pid = Long.parseLong(f[1]);
      long start = Processes.startTime(ProcRoot.DEFAULT, pid).orElseThrow();
      Container c = new Container(f[0], f[0].substring(0, 12), "busybox", "docker", pid, start, Map.of(),
          null, null, false);
      targets.add(new NetnsTarget(0, pid, start, false, c.id(), null, List.of(c)));
    }
    return targets;
  }
}
