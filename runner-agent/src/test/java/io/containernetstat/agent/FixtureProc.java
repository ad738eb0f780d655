package io.containernetstat.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds fixture proc trees from the real samples under {@code src/test/resources/procfs-samples/} (see
 * the NOTICE there): {@code proc/<pid>/{stat,comm,cgroup,ns/net,net/...}}, enough for the netns
 * resolver and the collector. The {@code ns/net} links dangle ({@code net:[N]}), as the resolver only
 * reads their target.
 */
final class FixtureProc {
  static final long HOST_NETNS = 4026531840L;
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
   * @param sample the sample directory its net files come from, or null for no {@code net/} at all
   * @param files which of the sample's files it has
   */
  static void process(Path proc, long pid, String comm, long startTime, long netns, String cgroup, String sample,
      List<String> files) {
    Path dir = proc.resolve(Long.toString(pid));
    write(dir.resolve("stat"), pid + " (" + comm + ") S 1 " + pid + " " + pid + " 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 "
        + startTime + " 1000000 100 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n");
    write(dir.resolve("comm"), comm + "\n");
    write(dir.resolve("cgroup"), cgroup + "\n");
    try {
      Files.createDirectories(dir.resolve("ns"));
      Files.createSymbolicLink(dir.resolve("ns/net"), Path.of("net:[" + netns + "]"));
      if (sample != null) {
        Files.createDirectories(dir.resolve("net"));
        for (String f : files) {
          Files.write(dir.resolve("net").resolve(f), sample(sample + "/" + f));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] sample(String path) {
    try (InputStream in = FixtureProc.class.getResourceAsStream("/procfs-samples/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource /procfs-samples/" + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
