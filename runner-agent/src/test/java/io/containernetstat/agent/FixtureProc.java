package io.containernetstat.agent;

import static io.containernetstat.testkit.ProcfsSamples.LIVE;

import io.containernetstat.core.ProcNetFile;
import io.containernetstat.testkit.ProcTree;
import io.containernetstat.testkit.ProcfsSamples;
import java.nio.file.Path;
import java.util.List;

/**
 * The runner's fixture proc trees, built with the test kit's {@link ProcTree} from netstat-core's kernel
 * samples ({@link ProcfsSamples}): {@code proc/<pid>/{stat,comm,cgroup,ns/net,net/...}}, enough for the
 * netns resolver and the collector. The {@code ns/net} links dangle ({@code net:[N]}), as the resolver
 * only reads their target.
 */
final class FixtureProc {
  static final long HOST_NETNS = ProcTree.HOST_NETNS;
  static final long LIVE_NETNS = 4026555797L;
  static final long NO_IPV6_NETNS = 4026532300L;
  static final long BROKEN_NETNS = 4026532400L;

  static final List<String> ALL_FILES = List.of("sockstat", "sockstat6", "snmp", "snmp6", "netstat", "dev");

  private FixtureProc() {}

  /**
   * The standard tree:
   * <ul>
   *   <li>pid 1 {@code systemd} and pid 2 {@code kthreadd} in the host namespace (prometheus/procfs's
   *       files);</li>
   *   <li>pids 2917 {@code python3} and 2918 {@code sleep} sharing the live capture's namespace;</li>
   *   <li>pid 3100 {@code nginx} in a namespace without IPv6 (no sockstat6, no snmp6);</li>
   *   <li>pid 3200 {@code broken} whose sockstat is malformed.</li>
   * </ul>
   *
   * @param dir an empty directory
   * @return the proc root
   */
  static Path standard(Path dir) {
    Path proc = dir.resolve("proc");
    process(proc, 1, "systemd", 1, HOST_NETNS, "0::/init.scope", "procfs-fixtures", ALL_FILES);
    process(proc, 2, "kthreadd", 2, HOST_NETNS, "0::/", null, List.of());
    process(proc, 2917, "python3", 5000, LIVE_NETNS, "0::/user.slice/session-1.scope", "live", ALL_FILES);
    process(proc, 2918, "sleep", 5001, LIVE_NETNS, "0::/user.slice/session-1.scope", null, List.of());
    process(proc, 3100, "nginx", 6000, NO_IPV6_NETNS, "0::/system.slice/nginx.service", "live",
        List.of("sockstat", "snmp", "netstat", "dev"));
    process(proc, 3200, "broken", 7000, BROKEN_NETNS, "0::/system.slice/broken.service", "live", List.of("snmp"));
    write(proc.resolve("3200/net/sockstat"), "sockets: used 3\nTCP: inuse five orphan 0 tw 0 alloc 1 mem 0\n");
    return proc;
  }

  /**
   * A tree whose only namespace besides the host's cannot be read: nothing can be read at all when the
   * host's own namespace is also broken.
   */
  static Path allBroken(Path dir) {
    Path proc = dir.resolve("proc");
    process(proc, 1, "systemd", 1, HOST_NETNS, "0::/init.scope", "live", List.of("snmp"));
    write(proc.resolve("1/net/sockstat"), "garbage\n");
    process(proc, 3200, "broken", 7000, BROKEN_NETNS, "0::/", "live", List.of("snmp"));
    write(proc.resolve("3200/net/sockstat"), "TCP: inuse\n");
    return proc;
  }

  /**
   * Adds one process.
   *
   * @param sample the samples its net files come from, {@code live} (the live capture) or
   *     {@code procfs-fixtures} (prometheus/procfs: sockstat and sockstat6 of {@code /proc/net}, the rest
   *     of {@code /proc/26231/net}), or null for no {@code net/} at all
   * @param files which of the sample's files it has
   */
  static void process(Path proc, long pid, String comm, long startTime, long netns, String cgroup, String sample,
      List<String> files) {
    ProcTree tree = ProcTree.at(proc).stat(pid, comm, startTime).write(pid + "/comm", comm + "\n")
        .write(pid + "/cgroup", cgroup + "\n").netnsLink(pid, netns);
    if (sample != null) {
      tree.netFiles(pid, "", List.of());
      for (String f : files) {
        tree.write(pid + "/net/" + f, ProcfsSamples.bytes(samplePath(sample, f)));
      }
    }
  }

  private static String samplePath(String sample, String file) {
    return switch (sample) {
      case "live" -> LIVE + file;
      case "procfs-fixtures" -> ProcfsSamples.fixture(ProcNetFile.ofFileName(file));
      default -> throw new IllegalArgumentException("no sample set " + sample);
    };
  }

  static void write(Path file, String text) {
    ProcTree.at(file.getParent()).write(file.getFileName().toString(), text);
  }
}
