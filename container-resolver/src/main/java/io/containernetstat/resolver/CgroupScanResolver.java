package io.containernetstat.resolver;

import io.containernetstat.core.Container;
import io.containernetstat.core.internal.HostNetns;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.NetnsResolver;
import io.containernetstat.core.internal.ProcFormatException;
import io.containernetstat.core.Resolution;
import io.containernetstat.core.ResolverException;
import io.containernetstat.resolver.internal.CgroupLayout;
import io.containernetstat.resolver.internal.CgroupNames;
import io.containernetstat.resolver.internal.CgroupWalker;
import io.containernetstat.resolver.internal.ContainerMeta;
import io.containernetstat.resolver.internal.DiskMetadata;
import io.containernetstat.resolver.internal.KubernetesIdentity;
import io.containernetstat.resolver.internal.NetnsGrouper;
import io.containernetstat.resolver.internal.ProcFiles;
import io.containernetstat.resolver.internal.ProcessFailure;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds containers by walking a cgroup hierarchy, with no runtime API; not thread-safe (one caller at
 * a time, as {@link NetnsResolver} requires).
 *
 * <p>Containers are recognised by their cgroup directory name (Docker, containerd CRI, CRI-O and podman;
 * cgroupfs and systemd drivers; cgroup v1 and v2), their PIDs read from {@code cgroup.procs}, their
 * names and Kubernetes identity from the runtime's files on disk (containerd and CRI-O bundles, Docker's
 * {@code config.v2.json}).
 *
 * <p>Cost in steady state: one directory listing per pod, QoS level and top directory, and one
 * {@code pread} per container of the {@code /proc/<pid>/stat} file held open for the PID chosen
 * earlier, to check that it is still the same process (same start time). So it holds one file
 * descriptor per container, closed in the cycle that finds the container or its process gone, and by
 * {@link #close()}. A container's metadata is read once, when it is first seen, and forgotten when its
 * cgroup disappears; its PID, start time and namespace inode are read again only when that check fails.
 * When nothing changed, the previous {@link Resolution} is returned as is.
 *
 * <p>A container whose process's {@code stat} or {@code ns/net} link is malformed (or a FIFO, or too
 * large), or whose {@code cgroup.procs} is not a PID list, is one of {@link Resolution#failed()}, named
 * after the container, in every cycle until the file is right again: never skipped as if it had exited.
 */
public final class CgroupScanResolver implements NetnsResolver {
  /** The resolver's name in reports. */
  public static final String NAME = "cgroup";

  private final ResolverOptions options;
  private final ProcFiles proc;
  private final DiskMetadata disk;
  private final Map<String, Entry> entries = new HashMap<>();
  private CgroupLayout layout;
  private HostNetns host;
  private long cycle;
  private Resolution last;

  /**
   * Creates the resolver; nothing is read until {@link #resolve()}.
   *
   * @param options where to look
   */
  public CgroupScanResolver(ResolverOptions options) {
    this.options = options;
    this.proc = new ProcFiles(options.procRoot());
    this.disk = new DiskMetadata(options.containerdRoots(), options.crioRoots(), options.dockerDataRoot());
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * {@return the hierarchy scanned and why it was chosen, once {@link #resolve()} has found one}
   */
  public Optional<String> hierarchy() {
    return layout == null ? Optional.empty() : Optional.of(layout.description());
  }

  /**
   * Resolves the containers in the hierarchy now.
   *
   * @throws ResolverException if no cgroup hierarchy is found under the cgroup root, or if no
   *     container's namespace can be read (permission denied: run as root or with CAP_SYS_PTRACE)
   */
  @Override
  public Resolution resolve() throws ResolverException {
    if (layout == null) {
      layout = CgroupLayout.choose(options.cgroupRoot(), options.cgroupHierarchy(),
          ResolverOptions.DEFAULT_V1_HIERARCHIES);
      if (layout == null) {
        throw noHierarchy();
      }
    }
    long now = ++cycle;
    boolean[] changed = {false};
    CgroupWalker.walk(layout.dir().toFile(), (parent, name, kind, podUid, guess) -> {
      Entry e = entries.get(name);
      if (e == null) {
        e = new Entry(parent, name, kind, podUid, guess);
        entries.put(name, e);
        changed[0] = true;
      }
      e.seen = now;
    });

    List<String> warnings = new ArrayList<>(0);
    boolean hostChanged = false;
    if (host == null) {
      host = HostNetns.detect(proc.root()).orElse(null);
      hostChanged = host != null;
      if (host == null) {
        warnings.add("host network namespace unknown: neither pid 1 nor pid 2 (kthreadd) of "
            + proc.root().path() + " is readable; host-network containers are not flagged");
      }
    }
    int skipped = 0;
    int denied = 0;
    IOException lastDenied = null;
    List<NetnsGrouper.Member> members = new ArrayList<>(entries.size());
    List<NamespaceSnapshot> failed = new ArrayList<>(0);
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (e.seen != now) {
        e.drop();
        it.remove();
        changed[0] = true;
        continue;
      }
      try {
        if (e.member != null && proc.startTime(e.stat, e.statSource) == e.member.container().startTime()) {
          members.add(e.member);
          if (e.warning != null) {
            warnings.add(e.warning);
          }
          continue;
        }
        changed[0] = true;
        e.drop();
        if (!select(e)) {
          skipped++;
          continue;
        }
        members.add(e.member);
        if (e.warning != null) {
          warnings.add(e.warning);
        }
      } catch (AccessDeniedException ex) {
        denied++;
        lastDenied = ex;
      } catch (ProcessFailure ex) {
        failed.add(failure(e, ex));
      } catch (IOException | ProcFormatException ex) {
        // The held stat of the process chosen earlier, or the cgroup's process list (no process yet).
        failed.add(failure(e, ProcessFailure.of(e.member == null ? 0 : e.member.container().pid(), ex)));
      }
    }
    if (denied > 0) {
      if (members.isEmpty()) {
        throw new ResolverException("cannot read the network namespace of any of " + denied
            + " containers: " + lastDenied.getMessage() + " (run as root or with CAP_SYS_PTRACE)", lastDenied);
      }
      warnings.add(denied + " containers skipped: " + lastDenied.getMessage());
    }
    if (!changed[0] && !hostChanged && skipped == 0 && warnings.isEmpty() && failed.isEmpty() && last != null) {
      return last;
    }
    Resolution r = new Resolution(NAME, NetnsGrouper.group(members, host == null ? -1 : host.inode()),
        skipped, warnings, failed);
    last = skipped == 0 && warnings.isEmpty() && failed.isEmpty() ? r : null;
    return r;
  }

  /** The container as far as it is known, failed with why. */
  private NamespaceSnapshot failure(Entry e, ProcessFailure f) {
    if (e.member != null) {
      return f.toSnapshot(e.member.container(), e.member.netnsInode());
    }
    if (e.meta == null) {
      loadMeta(e);
    }
    return f.toSnapshot(member(e, f.pid(), -1, 0).container());
  }

  /**
   * Chooses a live PID of the container and reads its identity; loads the metadata the first time.
   *
   * @return false when the container has no live process any more (it exited)
   * @throws ProcessFailure if a process's stat or namespace link is there but cannot be read or is
   *     malformed
   */
  private boolean select(Entry e) throws IOException, ProcessFailure {
    long[] pids = pids(e.dir, 0);
    if (pids == null) {
      return false;
    }
    for (long pid : pids) {
      try {
        if (select(e, pid)) {
          return true;
        }
      } catch (AccessDeniedException ex) {
        throw ex;
      } catch (IOException | ProcFormatException ex) {
        throw ProcessFailure.of(pid, ex);
      }
    }
    return false;
  }

  /** Takes {@code pid} as the container's process if it still is one; false when it exited. */
  private boolean select(Entry e, long pid) throws IOException {
    // The PID came from cgroup.procs a moment ago: identify() makes sure it still is the container's.
    ProcFiles.Identity id = proc.identify(pid, e.id);
    if (id == null) {
      return false;
    }
    if (e.meta == null) {
      try {
        loadMeta(e);
      } catch (RuntimeException ex) {
        ProcFiles.closeQuietly(id.stat());
        throw ex;
      }
    }
    e.stat = id.stat();
    e.statSource = id.statSource();
    e.member = member(e, pid, id.startTime(), id.netnsInode());
    return true;
  }

  /**
   * The container's PIDs, lowest first. A container whose own cgroup is empty may run its processes in
   * child cgroups (systemd inside a container; cgroup v2 forbids processes in inner nodes).
   */
  private long[] pids(File dir, int depth) throws IOException {
    long[] pids = proc.cgroupProcs(new File(dir, "cgroup.procs").toPath());
    if (pids == null || pids.length > 0 || depth >= 2) {
      return pids;
    }
    File[] children = dir.listFiles(File::isDirectory);
    if (children == null) {
      return null;
    }
    for (File child : children) {
      long[] nested = pids(child, depth + 1);
      if (nested != null && nested.length > 0) {
        return nested;
      }
    }
    return pids;
  }

  private void loadMeta(Entry e) {
    try {
      e.meta = disk.lookup(e.id, e.kind);
    } catch (IOException ex) {
      e.meta = ContainerMeta.UNKNOWN;
      e.warning = "container " + e.id + ": metadata unreadable, names unknown: " + ex.getMessage();
    }
  }

  private static NetnsGrouper.Member member(Entry e, long pid, long startTime, long inode) {
    ContainerMeta meta = e.meta;
    KubernetesIdentity k8s = KubernetesIdentity.from(meta.labels(), e.podUid);
    String runtime = meta.runtime() != null ? meta.runtime() : e.runtimeGuess;
    String name = meta.name() != null ? meta.name() : e.id.substring(0, 12);
    Container c = new Container(e.id, name, meta.image(), runtime, pid, startTime, meta.labels(), k8s.pod(),
        k8s.podContainer(), k8s.sandbox());
    String mode = meta.networkMode();
    String joined = mode != null && mode.startsWith("container:") ? mode.substring("container:".length()) : null;
    return new NetnsGrouper.Member(c, inode, joined, "host".equals(mode));
  }

  /** Closes the stat files held for the containers. */
  @Override
  public void close() {
    for (Entry e : entries.values()) {
      e.drop();
    }
    entries.clear();
    last = null;
  }

  private ResolverException noHierarchy() {
    String which = options.cgroupHierarchy() == null
        ? "cgroup v2 (cgroup.controllers) or any of the v1 hierarchies " + ResolverOptions.DEFAULT_V1_HIERARCHIES
        : "the configured hierarchy '" + options.cgroupHierarchy() + "'";
    return new ResolverException("no cgroup hierarchy found under " + options.cgroupRoot() + ": looked for "
        + which + "; mount the host's /sys/fs/cgroup there or set the cgroup root");
  }

  /** What is known about one container cgroup, kept while the cgroup exists. */
  private static final class Entry {
    final File dir;
    final String id;
    final CgroupNames.Kind kind;
    final String podUid;
    final String runtimeGuess;
    ContainerMeta meta;
    String warning;
    /** The chosen process's stat file, held open: checking it each cycle costs one pread. */
    FileChannel stat;
    String statSource;
    NetnsGrouper.Member member;
    long seen;

    void drop() {
      ProcFiles.closeQuietly(stat);
      stat = null;
      member = null;
    }

    Entry(File parent, String name, CgroupNames.Kind kind, String podUid, String runtimeGuess) {
      this.dir = new File(parent, name);
      this.id = CgroupNames.containerId(name, kind);
      this.kind = kind;
      this.podUid = podUid;
      this.runtimeGuess = runtimeGuess == null ? "containerd" : runtimeGuess;
    }
  }
}
