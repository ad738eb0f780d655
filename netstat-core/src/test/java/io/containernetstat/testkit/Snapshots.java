package io.containernetstat.testkit;

import io.containernetstat.core.Container;
import io.containernetstat.core.Container.Pod;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.ProcNetFile;
import io.containernetstat.core.Snapshot;
import io.containernetstat.core.filesystem.ContainerFilesystems.FilesystemStat;
import io.containernetstat.core.sockets.Listener;
import io.containernetstat.core.sockets.NamespaceSockets;
import io.containernetstat.core.sockets.SocketStats;
import io.containernetstat.core.sockets.SocketStats.EstablishedHash;
import io.containernetstat.core.sockets.SocketStats.LeftOut;
import io.containernetstat.core.sockets.TcpState;
import io.containernetstat.core.sockets.UdpStats;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Hand-made model values the sinks' tests share: snapshots of given namespaces, Docker containers, and
 * the host disk as a container's overlay root sees it. Each module keeps its own scenes (pods, names to
 * escape) next to its golden files.
 */
public final class Snapshots {
  private Snapshots() {}

  /**
   * A snapshot of {@code namespaces} from the {@code docker} resolver: no host namespace, no host-wide
   * figures, nothing gone, no warnings, no filesystems.
   *
   * @return the snapshot
   */
  public static Snapshot of(Instant timestamp, long resolveNanos, long durationNanos, Set<ProcNetFile> files,
      List<NamespaceSnapshot> namespaces) {
    return new Snapshot(timestamp, "docker", resolveNanos, durationNanos, null, null, files, namespaces, 0, null,
        List.of(), List.of());
  }

  /** {@return {@link #of(Instant, long, long, Set, List)} with no time spent} */
  public static Snapshot of(Instant timestamp, Set<ProcNetFile> files, List<NamespaceSnapshot> namespaces) {
    return of(timestamp, 0, 0, files, namespaces);
  }

  /** {@return a new instance equal to {@code s} with another timestamp} */
  public static Snapshot at(Snapshot s, Instant timestamp) {
    return new Snapshot(timestamp, s.resolver(), s.resolveNanos(), s.durationNanos(), s.hostNetns(), s.hostWide(),
        s.files(), s.namespaces(), s.gone(), s.notCollected(), s.resolverError(), s.warnings(), s.filesystems(),
        s.sockets(), s.socketNanos());
  }

  /** {@return a new instance equal to {@code s} with these sockets and the time their dump took} */
  public static Snapshot withSockets(Snapshot s, List<NamespaceSockets> sockets, long socketNanos) {
    return new Snapshot(s.timestamp(), s.resolver(), s.resolveNanos(), s.durationNanos(), s.hostNetns(),
        s.hostWide(), s.files(), s.namespaces(), s.gone(), s.notCollected(), s.resolverError(), s.warnings(),
        s.filesystems(), sockets, socketNanos);
  }

  /**
   * A states dump of a web application's namespace: 4 ESTABLISHED, 3 CLOSE_WAIT, 2 TIME_WAIT, 1 SYN_SENT
   * and 3 listeners ({@code 0.0.0.0:8080} with 3 of 5 waiting, {@code [::]:8080} 0 of 128,
   * {@code 0.0.0.0:9090} 0 of 4096) plus 1 left out (2 of 10), 2 unconnected and 1 connected UDP sockets
   * with 768 bytes queued to read, 512 to send and 5 drops; shared established hash.
   *
   * @return the stats
   */
  public static SocketStats webSockets() {
    Map<TcpState, Long> states = new EnumMap<>(TcpState.class);
    for (TcpState state : TcpState.values()) {
      states.put(state, 0L);
    }
    states.put(TcpState.ESTABLISHED, 4L);
    states.put(TcpState.CLOSE_WAIT, 3L);
    states.put(TcpState.TIME_WAIT, 2L);
    states.put(TcpState.SYN_SENT, 1L);
    states.put(TcpState.LISTEN, 4L);
    return new SocketStats(states, Optional.of(new UdpStats(2, 1, 768, 512, 5)),
        List.of(new Listener("0.0.0.0", 8080, 3, 5), new Listener("::", 8080, 0, 128),
            new Listener("0.0.0.0", 9090, 0, 4096)),
        new LeftOut(1, 2, 10), EstablishedHash.SHARED);
  }

  /** {@return a listeners-only dump: {@code 0.0.0.0:5432} with 0 of 244 waiting, the namespace's own hash} */
  public static SocketStats listenOnly() {
    return new SocketStats(Map.of(), Optional.empty(), List.of(new Listener("0.0.0.0", 5432, 0, 244)),
        LeftOut.NONE, EstablishedHash.OWN);
  }

  /** {@return a Docker container without labels} */
  public static Container dockerContainer(String id, String name, String image, long pid, long startTime, Pod pod,
      String podContainer, boolean sandbox) {
    return new Container(id, name, image, "docker", pid, startTime, Map.of(), pod, podContainer, sandbox);
  }

  /**
   * The host disk (ext4 on /dev/vda1, 252 GiB) as a container's overlay root sees it.
   *
   * @param freeBytes the free bytes (13,527,453,696 of them reserved for root)
   * @return the filesystem
   */
  public static FilesystemStat overlayRoot(long freeBytes) {
    return new FilesystemStat("/", "overlay", "overlay", "0:52", false, 270_549_118_976L, freeBytes,
        freeBytes - 13_527_453_696L, 16_777_216, 15_998_012, null, null);
  }
}
