package io.containernetstat.sink.openfalcon;


import io.containernetstat.core.Failure;
import io.containernetstat.core.Container;
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
import io.containernetstat.core.sockets.NamespaceSockets;
import io.containernetstat.testkit.ProcfsSamples;
import io.containernetstat.testkit.Snapshots;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Snapshots built from the real kernel samples (netstat-core's, through the test kit's
 * {@link ProcfsSamples}), with namespaces, pods and containers made by hand.
 */
final class TestSnapshots {
  /** 2026-01-02T03:04:05Z. */
  static final Instant TIME = Instant.parse("2026-01-02T03:04:05Z");
  static final long HOST_INODE = 4026531840L;
  static final long POD_INODE = 4026532177L;
  static final long PLAIN_INODE = 4026532300L;
  static final long FAILED_INODE = 4026532400L;
  /** The tags of {@link #pod()}'s namespace. */
  static final String POD_TAGS = "namespace=shop_prod,pod=web-7d9f8b6c4-x2x9z";
  /** The tags of {@link #weirdPlainContainer()}'s namespace. */
  static final String PLAIN_TAGS =
      "container=my_app_v2____ber_x_y,id=3f4e5d6c7b8a,image=registry_example_com_5000_team_app_1_2";
  static final String PLAIN_ID = "3f4e5d6c7b8a99887766554433221100ffeeddccbbaa00112233445566778899";

  static final Set<ProcNetFile> ALL_FILES = EnumSet.of(
      ProcNetFile.SOCKSTAT, ProcNetFile.SOCKSTAT6, ProcNetFile.SNMP, ProcNetFile.SNMP6, ProcNetFile.NETSTAT);

  private TestSnapshots() {}

  /** The live capture: 6 established, 1 TIME_WAIT, TCP 5 + TCP6 3 in use, UDP 2 + UDP6 1, 12 sockets. */
  static NetnsStats liveStats() {
    return ProcfsSamples.liveStats(ALL_FILES, ALL_FILES);
  }

  /** The procfs fixtures with IPv6 disabled: sockstat6 and snmp6 requested but absent, no netstat. */
  static NetnsStats fixtureStatsWithoutIpv6() {
    return ProcfsSamples.fixtureStats(ALL_FILES, EnumSet.of(ProcNetFile.SOCKSTAT, ProcNetFile.SNMP));
  }

  static NetnsStats hostStats() {
    return ProcfsSamples.fixtureStats(ALL_FILES, ALL_FILES);
  }

  static Container container(String id, String name, String image, Pod pod, String podContainer, boolean sandbox) {
    return Snapshots.dockerContainer(id, name, image, 100, 1, pod, podContainer, sandbox);
  }

  /** A pod whose three containers (sandbox, app, sidecar) share one namespace; its k8s namespace has a dot. */
  static NetnsTarget pod() {
    Pod pod = new Pod("shop.prod", "web-7d9f8b6c4-x2x9z", "0b7c5a6e-1111-2222-3333-444455556666");
    String sandbox = "aa".repeat(32);
    return new NetnsTarget(POD_INODE, 2001, 11, false, sandbox, pod, List.of(
        container(sandbox, "k8s_POD_web-7d9f8b6c4-x2x9z_shop.prod_0b7c5a6e_0", "registry.k8s.io/pause:3.9", pod,
            null, true),
        container("bb".repeat(32), "k8s_web_web-7d9f8b6c4-x2x9z_shop.prod_0b7c5a6e_0", "shop/web:1.4.2", pod, "web",
            false),
        container("cc".repeat(32), "k8s_envoy_web-7d9f8b6c4-x2x9z_shop.prod_0b7c5a6e_0", "envoyproxy/envoy:v1.30",
            pod, "envoy", false)));
  }

  /** A plain Docker container whose name holds every character falcon cannot take. */
  static NetnsTarget weirdPlainContainer() {
    return new NetnsTarget(PLAIN_INODE, 3001, 12, false, PLAIN_ID, null, List.of(
        container(PLAIN_ID, "/my app\"v2'>\n\u00fcber,x=y", "registry.example.com:5000/team/app:1.2", null, null,
            false)));
  }

  static NetnsTarget hostNetworkTarget() {
    return new NetnsTarget(HOST_INODE, 1, 1, true, "dd".repeat(32), null, List.of(
        container("dd".repeat(32), "/node-exporter", "prom/node-exporter:v1.8.0", null, null, false)));
  }

  static NetnsTarget failedTarget() {
    return new NetnsTarget(FAILED_INODE, 4242, 13, false, "ee".repeat(32), null, List.of(
        container("ee".repeat(32), "/broken", "busybox", null, null, false)));
  }

  /** The host disk (252 GiB ext4) as a container's overlay root sees it: 44.4% used as df rounds it up. */
  static FilesystemStat overlayRoot() {
    return Snapshots.overlayRoot(120_000_000_000L);
  }

  /**
   * The filesystems of the reference snapshot, per container (the pod's sandbox is not probed): the
   * pod's app container (a read-only config volume with a dotted path, an emptyDir) and sidecar (its
   * shm), the weird plain container (btrfs without inode count, a FUSE mount without blocks or inodes, a
   * dead NFS mount), the host-network container (pushed though its namespace is not), and the failed
   * namespace's container, whose mount table could not be read.
   */
  static List<ContainerFilesystems> filesystems() {
    NetnsTarget pod = pod();
    return List.of(
        new ContainerFilesystems(pod.containers().get(1), List.of(
            overlayRoot(),
            new FilesystemStat("/etc/web.d", "ext4", "/dev/vda1", "254:1", true, 270_549_118_976L,
                120_000_000_000L, 106_472_546_304L, 16_777_216, 15_998_012, null, null),
            new FilesystemStat("/var/cache/web", "xfs", "/dev/vdc", "253:32", false, 1_073_741_824L,
                805_306_368L, 805_306_368L, 524_288, 524_285, null, null)), null, null),
        new ContainerFilesystems(pod.containers().get(2), List.of(
            overlayRoot(),
            new FilesystemStat("/dev/shm", "tmpfs", "shm", "0:60", false, 67_108_864, 67_108_864, 67_108_864,
                3_007_385, 3_007_384, null, null)), null, null),
        new ContainerFilesystems(weirdPlainContainer().containers().get(0), List.of(
            overlayRoot(),
            new FilesystemStat("/srv/data base", "btrfs", "/dev/vdb", "0:45", false, 107_374_182_400L,
                96_636_764_160L, 96_636_764_160L, 0, 0, null, null),
            new FilesystemStat("/mnt/remote", "fuse.sshfs", "user@host:/", "0:90", false, 0, 0, 0, 0, 0, null, null),
            new FilesystemStat("/mnt/nfs", "nfs4", "nfs.example.com:/export", "0:61", false, 0, 0, 0, 0, 0, Failure.TIMED_OUT, "statvfs did not return within 2000 ms (a hung network filesystem?)")), null, null),
        new ContainerFilesystems(hostNetworkTarget().containers().get(0), List.of(overlayRoot()), null, null),
        new ContainerFilesystems(failedTarget().containers().get(0), List.of(), Failure.READ_ERROR, "cannot read /proc/4242/mountinfo: permission denied"));
  }

  /**
   * The reference snapshot: the host namespace, a pod of three containers, a plain container with a
   * weird name and no IPv6, and a namespace whose read failed; and the containers' filesystems
   * ({@link #filesystems()}).
   */
  static Snapshot reference(Instant timestamp) {
    NetnsStats host = hostStats();
    return new Snapshot(timestamp, "docker", 1_000_000, 5_000_000,
        new HostNetns(HOST_INODE, 1, "pid 1 (init)"),
        HostWide.of(host.file(ProcNetFile.SOCKSTAT).orElseThrow()),
        ALL_FILES,
        List.of(
            NamespaceSnapshot.read(hostNetworkTarget(), host),
            NamespaceSnapshot.read(pod(), liveStats()),
            NamespaceSnapshot.read(weirdPlainContainer(), fixtureStatsWithoutIpv6()),
            NamespaceSnapshot.failed(failedTarget(), Failure.PERMISSION_DENIED, "/proc/4242/net/snmp: Permission denied")),
        0, null, List.of(), filesystems());
  }

  static Snapshot reference() {
    return reference(TIME);
  }

  /** The socket dump's time in {@link #referenceWithSockets}: 2.345678 ms, pushed as 3. */
  static final long SOCKET_NANOS = 2_345_678;

  /**
   * The reference snapshot with sockets: a states dump of the host's namespace and of the pod
   * ({@link Snapshots#webSockets()}: two addresses on port 8080, one listener left out), a listeners-only
   * dump of the plain container ({@link Snapshots#listenOnly()}); the failed namespace has no entry, as
   * the probe dumps only namespaces that were read.
   */
  static Snapshot referenceWithSockets(Instant timestamp) {
    return Snapshots.withSockets(reference(timestamp), List.of(
        NamespaceSockets.dumped(hostNetworkTarget(), Snapshots.webSockets()),
        NamespaceSockets.dumped(pod(), Snapshots.webSockets()),
        NamespaceSockets.dumped(weirdPlainContainer(), Snapshots.listenOnly())), SOCKET_NANOS);
  }

  /** A snapshot of {@code n} namespaces, each a plain container with the live capture's figures. */
  static Snapshot many(int n, Instant timestamp) {
    NetnsStats stats = liveStats();
    List<NamespaceSnapshot> namespaces = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = String.format("%064x", i + 1);
      namespaces.add(NamespaceSnapshot.read(new NetnsTarget(4026540000L + i, 5000 + i, 1, false, id, null,
          List.of(container(id, "/app-" + i, "app:1", null, null, false))), stats));
    }
    return Snapshots.of(timestamp, ALL_FILES, namespaces);
  }

  /** {@return {@code snapshot} mapped with {@code options}} */
  static List<FalconItem> map(OpenFalconOptions.Builder options, Snapshot snapshot) {
    return new OpenFalconMapper(options.build()).map(snapshot);
  }

  /** Options for tests: fixed endpoint, default everything else. */
  static OpenFalconOptions.Builder options() {
    return OpenFalconOptions.builder().endpoint("node-1.example");
  }
}
