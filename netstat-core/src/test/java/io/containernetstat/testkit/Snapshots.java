package io.containernetstat.testkit;

import io.containernetstat.core.Container;
import io.containernetstat.core.Container.Pod;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.ProcNetFile;
import io.containernetstat.core.Snapshot;
import io.containernetstat.core.filesystem.ContainerFilesystems.FilesystemStat;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
        s.files(), s.namespaces(), s.gone(), s.resolverError(), s.warnings(), s.filesystems());
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
