package io.containernetstat.fsstat;

import io.containernetstat.core.Container;
import io.containernetstat.core.filesystem.ContainerFilesystems;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.internal.Processes;
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
 * {@code label=container-netstat-test=1}). Only that way is polling measured (files in a temporary
 * directory never signal). 300 containers take about 40 s and 3.6 GB to start, for example:
 * <pre>
 * seq 1 300 | xargs -P 4 -I{} docker run -d --label container-netstat-test=1 --label fsstat-measure=1 \
 *     --name fsstat-measure-{} --network none --tmpfs /scratch:size=16m busybox:latest sleep 86400
 * mvn ... -Dfsstat.measure.docker=true -Dfsstat.measure.dockerFilter=label=fsstat-measure=1
 * docker ps -aq --filter label=fsstat-measure=1 | xargs -r docker rm -f
 * </pre>
 *
 * <p>Three configurations are measured interleaved (one probe of each in turn, so that they share the
 * machine's load): read and compare every table on every probe (the behaviour before polling),
 * {@code poll} on held mountinfo descriptors (the default; on the fixture it falls back to read and
 * compare, since files in a temporary directory never signal), and read and compare with
 * {@code mountTableMaxAge} of one hour. {@code -Dfsstat.measure.parallelism} sets the statvfs
 * parallelism (default 2).
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
    int parallelism = Integer.getInteger("fsstat.measure.parallelism", 2);
    // The configurations run interleaved, one probe each in turn, so that they share whatever else the
    // machine is doing; only the thread's own CPU and allocation are per configuration by nature.
    String[] names = {"read and compare every probe (mountTableMaxAge 0)", "poll (where possible)",
        "read and compare, mountTableMaxAge 1 h"};
    StatvfsFilesystemProbe[] probes = {
        StatvfsFilesystemProbe.builder().procRoot(root).parallelism(parallelism).pollMountinfo(false).build(),
        StatvfsFilesystemProbe.builder().procRoot(root).parallelism(parallelism).build(),
        StatvfsFilesystemProbe.builder().procRoot(root).parallelism(parallelism).pollMountinfo(false)
            .mountTableMaxAge(java.time.Duration.ofHours(1)).build()};
    int k = probes.length;
    try {
      long[] cold = new long[k];
      int[] containers = new int[k];
      int[] filesystems = new int[k];
      for (int p = 0; p < k; p++) {
        long t0 = System.nanoTime();
        List<ContainerFilesystems> first = probes[p].probe(namespaces);
        cold[p] = System.nanoTime() - t0;
        containers[p] = first.size();
        filesystems[p] = first.stream().mapToInt(c -> c.filesystems().size()).sum();
      }
      for (int i = 0; i < WARMUP; i++) {
        for (StatvfsFilesystemProbe probe : probes) {
          probe.probe(namespaces);
        }
      }
      StatvfsFilesystemProbe.Stats[] before = new StatvfsFilesystemProbe.Stats[k];
      for (int p = 0; p < k; p++) {
        before[p] = probes[p].stats();
      }
      com.sun.management.ThreadMXBean threads =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long[][] nanos = new long[k][ROUNDS];
      long[] alloc = new long[k];
      long[] cpu = new long[k];
      for (int i = 0; i < ROUNDS; i++) {
        for (int j = 0; j < k; j++) {
          int p = (i + j) % k; // rotate who goes first
          long a = threads.getCurrentThreadAllocatedBytes();
          long c = threads.getCurrentThreadCpuTime();
          long s = System.nanoTime();
          probes[p].probe(namespaces);
          nanos[p][i] = System.nanoTime() - s;
          cpu[p] += threads.getCurrentThreadCpuTime() - c;
          alloc[p] += threads.getCurrentThreadAllocatedBytes() - a;
        }
      }
      System.out.printf("%s, parallelism %d, %d rounds interleaved after %d warm-up rounds%n",
          what, parallelism, ROUNDS, WARMUP);
      for (int p = 0; p < k; p++) {
        StatvfsFilesystemProbe.Stats after = probes[p].stats();
        long[] n = nanos[p];
        Arrays.sort(n);
        System.out.printf("- %s [%s]: %d containers, %d filesystems reported; per steady probe %.1f statvfs, "
                + "%.1f mountinfo reads, %.1f parses, %.1f polls, %d held%n",
            names[p], probes[p].changeDetection(), containers[p], filesystems[p],
            (after.statvfsCalls() - before[p].statvfsCalls()) / (double) ROUNDS,
            (after.mountinfoReads() - before[p].mountinfoReads()) / (double) ROUNDS,
            (after.mountinfoParses() - before[p].mountinfoParses()) / (double) ROUNDS,
            (after.mountinfoPolls() - before[p].mountinfoPolls()) / (double) ROUNDS,
            after.watchedMountTables());
        System.out.printf("  first probe (read and parse everything, stat the binds): %.2f ms%n", cold[p] / 1e6);
        System.out.printf("  steady probe: median %.2f ms, p90 %.2f ms, p99 %.2f ms, mean %.2f ms; "
                + "probe thread CPU %.2f ms, allocated %d KB%n",
            n[ROUNDS / 2] / 1e6, n[ROUNDS * 9 / 10] / 1e6, n[ROUNDS * 99 / 100] / 1e6,
            Arrays.stream(n).average().orElse(0) / 1e6, cpu[p] / (double) ROUNDS / 1e6,
            alloc[p] / ROUNDS / 1024);
      }
    } finally {
      for (StatvfsFilesystemProbe probe : probes) {
        probe.close();
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
