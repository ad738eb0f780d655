package io.containernetstat.sink.prometheus;

import static io.containernetstat.testkit.ProcfsSamples.LIVE;

import io.containernetstat.core.Failure;
import io.containernetstat.core.Container;
import io.containernetstat.core.Counters;
import io.containernetstat.core.filesystem.ContainerFilesystems;
import io.containernetstat.core.filesystem.ContainerFilesystems.FilesystemStat;
import io.containernetstat.core.Snapshot.HostNetns;
import io.containernetstat.core.Snapshot.HostWide;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.NetnsStats;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.Container.Pod;
import io.containernetstat.core.ProcNetFile;
import io.containernetstat.core.Snapshot;
import io.containernetstat.core.sockets.Listener;
import io.containernetstat.core.sockets.NamespaceSockets;
import io.containernetstat.core.sockets.SocketStats;
import io.containernetstat.core.sockets.SocketStats.EstablishedHash;
import io.containernetstat.core.sockets.SocketStats.LeftOut;
import io.containernetstat.testkit.ProcfsSamples;
import io.containernetstat.testkit.Snapshots;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Snapshots built by hand from the real kernel samples (netstat-core's, through the test kit's
 * {@link ProcfsSamples}), parsed with netstat-core's parsers.
 */
final class Fixtures {
  /** A pod name with every character that needs escaping, and some that do not. */
  static final String WEIRD_POD = "we\"ird\\pod\nñame-日本";
  static final String WEIRD_NAMESPACE = "team-é";
  static final String WEIRD_IMAGE = "registry.example.com/app:\"v1\"";

  static final Instant TIMESTAMP = Instant.parse("2026-01-02T03:04:05.678Z");

  static final String SANDBOX_ID = "3f2a9c0d" + "1".repeat(56);
  static final String REDIS_ID = "b7e4d1a2" + "2".repeat(56);
  static final String EXPORTER_ID = "c9d0e1f2" + "3".repeat(56);
  static final String LEGACY_ID = "d4c3b2a1" + "4".repeat(56);
  static final String WEIRD_SANDBOX_ID = "e5f6a7b8" + "5".repeat(56);

  private Fixtures() {}

  /** The live 6.18 capture: every file. */
  static NetnsStats live() {
    return ProcfsSamples.liveStats(EnumSet.allOf(ProcNetFile.class), EnumSet.allOf(ProcNetFile.class));
  }

  /** The live 6.18 capture as IPv6-disabled kernels show it: no sockstat6, no snmp6. */
  static NetnsStats liveWithoutIpv6() {
    return ProcfsSamples.liveStats(EnumSet.allOf(ProcNetFile.class),
        EnumSet.of(ProcNetFile.SOCKSTAT, ProcNetFile.SNMP, ProcNetFile.NETSTAT, ProcNetFile.DEV));
  }

  /** The prometheus/procfs fixtures: sockstat(6) from /proc/net, the rest from /proc/26231/net. */
  static NetnsStats procfsFixture() {
    return ProcfsSamples.fixtureStats(EnumSet.allOf(ProcNetFile.class), EnumSet.allOf(ProcNetFile.class));
  }

  static NetnsStats stats(Set<ProcNetFile> requested, Map<ProcNetFile, Counters> present) {
    return NetnsStats.of(requested, present);
  }

  static Container container(String id, String name, String image, long pid, Pod pod, String podContainer,
      boolean sandbox) {
    return Snapshots.dockerContainer(id, name, image, pid, 1000 + pid, pod, podContainer, sandbox);
  }

  /** A pod: its sandbox owns the namespace that its 3 containers share. */
  static NetnsTarget webPod() {
    Pod pod = new Pod("shop", "web-0", "6f1c2d3e-0000-4000-8000-000000000001");
    List<Container> containers = List.of(
        container(SANDBOX_ID, "k8s_POD_web-0_shop_6f1c2d3e_0", "registry.k8s.io/pause:3.9", 1001, pod, null, true),
        container("a1" + "0".repeat(62), "k8s_nginx_web-0_shop_6f1c2d3e_0", "nginx:1.27", 1002, pod, "nginx", false),
        container("a2" + "0".repeat(62), "k8s_metrics_web-0_shop_6f1c2d3e_0", "nginx-exporter:1.1", 1003, pod,
            "metrics", false),
        container("a3" + "0".repeat(62), "k8s_logs_web-0_shop_6f1c2d3e_0", "fluent-bit:3.0", 1004, pod, "logs",
            false));
    return new NetnsTarget(4026532301L, 1001, 2001, false, SANDBOX_ID, pod, containers);
  }

  /** A plain container, joined by another with {@code --network container:redis}. */
  static NetnsTarget redis() {
    List<Container> containers = List.of(
        container(REDIS_ID, "redis", "redis:7.2", 2001, null, null, false),
        container(EXPORTER_ID, "redis-exporter", "oliver006/redis_exporter:v1.62.0", 2002, null, null, false));
    return new NetnsTarget(4026532402L, 2001, 3001, false, REDIS_ID, null, containers);
  }

  /** The host's own namespace, where a host-network pod lives. */
  static NetnsTarget hostNetwork() {
    Pod pod = new Pod("monitoring", "node-exporter-x7k2p", "7a7a7a7a-0000-4000-8000-000000000003");
    List<Container> containers = List.of(
        container("f0" + "0".repeat(62), "k8s_node-exporter_node-exporter-x7k2p_monitoring_7a7a7a7a_0",
            "quay.io/prometheus/node-exporter:v1.8.2", 3001, pod, "node-exporter", false));
    return new NetnsTarget(4026531840L, 3001, 4001, true, null, pod, containers);
  }

  static NetnsTarget legacy() {
    return new NetnsTarget(4026532503L, 4004, 5001, false, LEGACY_ID, null,
        List.of(container(LEGACY_ID, "legacy-app", "legacy:0.9", 4004, null, null, false)));
  }

  /** A pod whose name and namespace need escaping, on a kernel without IPv6. */
  static NetnsTarget weirdPod() {
    Pod pod = new Pod(WEIRD_NAMESPACE, WEIRD_POD, "8b8b8b8b-0000-4000-8000-000000000005");
    List<Container> containers = List.of(
        container(WEIRD_SANDBOX_ID, "k8s_POD_weird", WEIRD_IMAGE, 5001, pod, null, true),
        container("e6" + "0".repeat(62), "k8s_app_weird", WEIRD_IMAGE, 5002, pod, "app \"main\"", false));
    return new NetnsTarget(4026532604L, 5001, 6001, false, WEIRD_SANDBOX_ID, pod, containers);
  }

  /** A namespace the netns scan found with no container in it. */
  static NetnsTarget bare() {
    return new NetnsTarget(4026532705L, 6006, 7001, false, null, null, List.of());
  }

  /** The host disk (ext4 on /dev/vda1, 252 GiB) as a container's overlay root sees it. */
  static FilesystemStat overlayRoot(long freeBytes) {
    return Snapshots.overlayRoot(freeBytes);
  }

  static FilesystemStat shm() {
    return new FilesystemStat("/dev/shm", "tmpfs", "shm", "0:53", false, 67_108_864, 67_100_672, 67_100_672,
        3_007_385, 3_007_383, null, null);
  }

  /**
   * The filesystems of the golden snapshot, per container (the probe skips pod sandboxes): the pod's
   * three containers (a read-only config volume, a dead NFS server's mount), the plain container and its
   * joiner (a btrfs volume without an inode limit), the host-network pod's container (its filesystems are
   * exported though its namespace is not), the weird pod's container (a mount point to escape), and the
   * legacy container whose mount table could not be read.
   */
  static List<ContainerFilesystems> filesystems() {
    NetnsTarget web = webPod();
    NetnsTarget redis = redis();
    return List.of(
        new ContainerFilesystems(web.containers().get(1), List.of(
            overlayRoot(120_000_000_000L), shm(),
            new FilesystemStat("/usr/share/nginx/html", "ext4", "/dev/vda1", "254:1", true, 270_549_118_976L,
                120_000_000_000L, 106_472_546_304L, 16_777_216, 15_998_012, null, null)), null, null),
        new ContainerFilesystems(web.containers().get(2), List.of(overlayRoot(120_000_000_000L)), null, null),
        new ContainerFilesystems(web.containers().get(3), List.of(
            overlayRoot(120_000_000_000L),
            new FilesystemStat("/var/log/app", "nfs4", "nfs.example.com:/export/logs", "0:61", false,
                0, 0, 0, 0, 0, Failure.TIMED_OUT, "statvfs did not return within 2000 ms (a hung network filesystem?); abandoned, "
                    + "and not called again until it returns")), null, null),
        new ContainerFilesystems(redis.containers().get(0), List.of(
            overlayRoot(119_999_000_000L),
            new FilesystemStat("/data", "btrfs", "/dev/vdb", "0:45", false, 107_374_182_400L, 96_636_764_160L,
                96_636_764_160L, 0, 0, null, null)), null, null),
        new ContainerFilesystems(redis.containers().get(1), List.of(overlayRoot(119_999_000_000L)), null, null),
        new ContainerFilesystems(hostNetwork().containers().get(0), List.of(
            overlayRoot(119_999_000_000L),
            new FilesystemStat("/host/root", "ext4", "/dev/vda1", "254:1", true, 270_549_118_976L,
                119_999_000_000L, 106_471_546_304L, 16_777_216, 15_998_012, null, null)), null, null),
        new ContainerFilesystems(weirdPod().containers().get(1), List.of(
            new FilesystemStat("/data \"x\"\\y", "tmpfs", "tmpfs", "0:70", false, 8_388_608, 8_388_608,
                8_388_608, 1024, 1023, null, null)), null, null),
        new ContainerFilesystems(legacy().containers().get(0), List.of(), Failure.READ_ERROR, "cannot read /proc/4004/mountinfo: permission denied (/proc/4004/mountinfo): reading another user's "
                + "/proc/<pid>/root needs root or CAP_SYS_PTRACE"));
  }

  /**
   * The snapshot of the golden files: a pod with 3 containers (and its sandbox), a plain container
   * shared with a second one, the host's namespace, a failed namespace, a pod with labels to escape on a
   * kernel without IPv6, and a namespace without containers; and the containers' filesystems
   * ({@link #filesystems()}).
   */
  static Snapshot golden() {
    NetnsStats live = live();
    List<NamespaceSnapshot> namespaces = List.of(
        NamespaceSnapshot.read(webPod(), live),
        NamespaceSnapshot.read(redis(), procfsFixture()),
        NamespaceSnapshot.read(hostNetwork(), procfsFixture()),
        NamespaceSnapshot.failed(legacy(), Failure.PERMISSION_DENIED,
            "/proc/4004/net/snmp: permission denied (reading other processes' namespaces needs root or CAP_SYS_PTRACE)"),
        NamespaceSnapshot.read(weirdPod(), liveWithoutIpv6()),
        NamespaceSnapshot.read(bare(), NetnsStats.of(EnumSet.allOf(ProcNetFile.class), Map.of(
            ProcNetFile.SOCKSTAT, ProcfsSamples.parse(LIVE + "sockstat"),
            ProcNetFile.SNMP, ProcfsSamples.parse(LIVE + "snmp")))));
    return new Snapshot(TIMESTAMP, "docker", 2_500_000L, 12_345_678L,
        new HostNetns(4026531840L, 1, "pid 1 (init)"),
        HostWide.of(ProcfsSamples.parse(LIVE + "sockstat")),
        EnumSet.allOf(ProcNetFile.class), namespaces, 2, null,
        List.of("docker events stream reconnected"), filesystems());
  }

  /** A snapshot of the given namespaces, everything else fixed. */
  static Snapshot snapshot(Instant timestamp, List<NamespaceSnapshot> namespaces) {
    return Snapshots.of(timestamp, 1_000_000L, 2_000_000L, EnumSet.allOf(ProcNetFile.class), namespaces);
  }

  /** The time {@link #goldenWithSockets()} spent dumping sockets. */
  static final long SOCKET_NANOS = 3_456_789L;

  /**
   * The golden snapshot with sockets, each entry on its namespace's own target object (as the collector
   * gives them): the pod's states dump ({@link Snapshots#webSockets()}), the plain container's listeners
   * ({@link Snapshots#listenOnly()}), the host's namespace (exported only with the host-network option),
   * the weird pod's failed dump, and {@link #reusePort()} in the namespace without containers. The failed
   * namespace has none: sockets are dumped only where the counters were read.
   */
  static Snapshot goldenWithSockets() {
    Snapshot s = golden();
    List<NamespaceSnapshot> ns = s.namespaces();
    return Snapshots.withSockets(s, List.of(
        NamespaceSockets.dumped(ns.get(0).target(), Snapshots.webSockets()),
        NamespaceSockets.dumped(ns.get(1).target(), Snapshots.listenOnly()),
        NamespaceSockets.dumped(ns.get(2).target(), Snapshots.webSockets()),
        NamespaceSockets.failed(ns.get(4).target(), Failure.PERMISSION_DENIED,
            "sock_diag of the network namespace of process 5001: permission denied (needs CAP_SYS_ADMIN)"),
        NamespaceSockets.dumped(ns.get(5).target(), reusePort())), SOCKET_NANOS);
  }

  /**
   * A listeners-only dump of a server with two {@code SO_REUSEPORT} sockets on {@code 0.0.0.0:80} (1 of 511
   * and 2 of 511 waiting), {@code 0.0.0.0:443} and {@code [::]:443} (0 of 511 each), none left out, the
   * established hash's scope unknown.
   */
  static SocketStats reusePort() {
    return new SocketStats(Map.of(), Optional.empty(), List.of(new Listener("0.0.0.0", 80, 1, 511),
        new Listener("0.0.0.0", 80, 2, 511), new Listener("0.0.0.0", 443, 0, 511), new Listener("::", 443, 0, 511)),
        LeftOut.NONE, EstablishedHash.UNKNOWN);
  }
}
