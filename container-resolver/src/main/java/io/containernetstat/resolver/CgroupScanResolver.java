package io.containernetstat.resolver;

import io.containernetstat.core.internal.HostNetnsDetection;
import io.containernetstat.core.Container;
import io.containernetstat.core.Snapshot.HostNetns;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.NetnsResolver;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.internal.ProcFormatException;
import io.containernetstat.core.Resolution;
import io.containernetstat.core.ResolverException;
import io.containernetstat.resolver.internal.CgroupLayout;
import io.containernetstat.resolver.internal.CgroupNames;
import io.containernetstat.resolver.internal.CgroupWalker;
import io.containernetstat.resolver.internal.ContainerMeta;
import io.containernetstat.resolver.internal.DiskMetadata;
import io.containernetstat.resolver.internal.DockerDataRoot;
import io.containernetstat.resolver.internal.HeldProcess;
import io.containernetstat.resolver.internal.KubernetesIdentity;
import io.containernetstat.resolver.internal.NetnsGrouper;
import io.containernetstat.resolver.internal.ProcFiles;
import io.containernetstat.resolver.internal.ProcessFailure;
import io.containernetstat.resolver.internal.ResolutionCycle;
import java.io.File;
import java.io.IOException;
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
 * {@code config.v2.json}, podman's state database and {@code containers.json}). A podman pod is one
 * namespace owned by its infra container, with a {@link Container.Pod} of namespace {@code ""}, podman's
 * pod name and the pod id as its uid.
 *
 * <p>Cost in steady state: one directory listing per QoS level and top directory, one {@code stat} per
 * pod (a pod's directory is listed again only when its subdirectory count changed or one of its
 * containers lost its process: see {@code CgroupWalker}), and one {@code pread} per container of the
 * {@code /proc/<pid>/stat} file held open for the PID chosen earlier, to check that it is still the
 * same process (same start time), read once whether the walk or the check asks. So it holds one file
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
  private final DockerDataRoot.Daemon daemon;
  /** Built on the first scan, once Docker's data root is chosen. */
  private DiskMetadata disk;
  private DockerDataRoot dockerRoot;
  private final Map<String, Entry> entries = new HashMap<>();
  private final CgroupWalker walker = new CgroupWalker();
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
    this(options, DockerDataRoot.daemon(options));
  }

  /** For tests: with any daemon to ask for Docker's data root. */
  CgroupScanResolver(ResolverOptions options, DockerDataRoot.Daemon daemon) {
    this.options = options;
    this.proc = new ProcFiles(options.procRoot());
    this.daemon = daemon;
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
   * {@return Docker's data root read for names and where it came from (given, the daemon's, or the
   * default), once {@link #resolve()} has chosen it}
   */
  public Optional<String> dockerDataRoot() {
    return dockerRoot == null ? Optional.empty() : Optional.of(dockerRoot.description());
  }

  /**
   * Resolves the containers in the hierarchy now. The first call chooses Docker's data root
   * ({@link ResolverOptions#dockerDataRootFromDaemon()}: one Docker call at most) and warns, in its
   * resolution only, when the root given or stated is not a directory here.
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
    ResolutionCycle found = new ResolutionCycle();
    if (disk == null) {
      dockerRoot = DockerDataRoot.choose(options, daemon);
      if (dockerRoot.warning() != null) {
        found.warn(dockerRoot.warning());
      }
      disk = new DiskMetadata(options.containerdRoots(), options.crioRoots(), dockerRoot.path());
    }
    long now = ++cycle;
    boolean[] changed = {false};
    walker.walk(layout.dir().toFile(), new CgroupWalker.Sink() {
      @Override
      public void container(File parent, String name, CgroupNames.Kind kind, String podUid, String guess) {
        Entry e = entries.get(name);
        if (e == null) {
          e = new Entry(parent, name, kind, podUid, guess);
          entries.put(name, e);
          changed[0] = true;
        }
        e.seen = now;
      }

      @Override
      public boolean stillHeld(String name) {
        Entry e = entries.get(name);
        return e != null && e.checkHeld(proc, now);
      }
    });

    boolean hostChanged = false;
    if (host == null) {
      host = HostNetnsDetection.detect(proc.root()).orElse(null);
      hostChanged = host != null;
      if (host == null) {
        found.hostUnknown(proc.root(), "host-network containers are not flagged");
      }
    }
    List<NetnsGrouper.Member> members = new ArrayList<>(entries.size());
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (e.seen != now) {
        e.drop();
        it.remove();
        changed[0] = true;
        continue;
      }
      try {
        if (!e.heldIn(proc, now)) {
          changed[0] = true;
          e.drop();
          if (!select(e)) {
            found.skip();
            continue;
          }
        }
        members.add(e.member());
        if (e.warning != null) {
          found.warn(e.warning);
        }
      } catch (AccessDeniedException ex) {
        found.deny(ex);
      } catch (ProcessFailure ex) {
        found.fail(failure(e, ex));
      } catch (IOException | ProcFormatException ex) {
        // The held stat of the process chosen earlier, or the cgroup's process list (no process yet).
        found.fail(failure(e, ProcessFailure.of(e.member() == null ? 0 : e.member().container().pid(), ex)));
      }
    }
    disk.forget();
    found.reportDenied(members.isEmpty(), "containers");
    found.reportBlind(members.isEmpty(), proc.root(), "containers");
    if (found.unchangedSince(last, changed[0] || hostChanged)) {
      return last;
    }
    Resolution r = found.resolution(NAME, members, host);
    last = found.clean() ? r : null;
    return r;
  }

  /** The container as far as it is known, failed with why. */
  private NamespaceSnapshot failure(Entry e, ProcessFailure f) {
    return e.failure(f, () -> {
      if (e.meta == null) {
        loadMeta(e);
      }
      return container(e, f.pid(), -1);
    });
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
        id.stat().close();
        throw ex;
      }
    }
    e.hold(id, NetnsGrouper.Member.of(container(e, pid, id.startTime()), id.netnsInode(), e.meta.networkMode()));
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
      e.meta = disk.lookup(e.id, e.kind, e.podUid);
    } catch (IOException ex) {
      e.meta = ContainerMeta.UNKNOWN;
      e.warning = "container " + e.id + ": metadata unreadable, names unknown: " + ex.getMessage();
    }
  }

  private static Container container(Entry e, long pid, long startTime) {
    ContainerMeta meta = e.meta;
    String runtime = meta.runtime() != null ? meta.runtime() : e.runtimeGuess;
    String name = meta.name() != null ? meta.name() : e.id.substring(0, 12);
    KubernetesIdentity pod = meta.identity();
    if (pod == null) {
      return KubernetesIdentity.container(e.id, name, meta.image(), runtime, pid, startTime, meta.labels(), e.podUid);
    }
    return new Container(e.id, name, meta.image(), runtime, pid, startTime, meta.labels(), pod.pod(),
        pod.podContainer(), pod.sandbox());
  }

  /**
   * {@inheritDoc} Yes: every container returned had its process checked in {@link #resolve()} (one
   * {@code pread} of its held {@code stat}: alive, same start time, not a zombie), or was identified in
   * it, so the collector reads without a second check.
   */
  @Override
  public boolean checksProcesses() {
    return true;
  }

  /**
   * {@inheritDoc} The container whose process it was identifies its process again in the next
   * {@link #resolve()} (its {@code cgroup.procs}, then the chosen process's {@code stat}, {@code cgroup}
   * and {@code ns/net}), so a process that moved is reported in its new namespace from that cycle on.
   */
  @Override
  public void targetGone(NetnsTarget target) {
    for (Entry e : entries.values()) {
      e.lose(target.pid());
    }
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
  private static final class Entry extends HeldProcess {
    final File dir;
    final String id;
    final CgroupNames.Kind kind;
    final String podUid;
    final String runtimeGuess;
    ContainerMeta meta;
    String warning;
    long seen;
    /** The cycle whose check of the held process {@link #held} answers. */
    long checked;
    boolean held;

    Entry(File parent, String name, CgroupNames.Kind kind, String podUid, String runtimeGuess) {
      this.dir = new File(parent, name);
      this.id = CgroupNames.containerId(name, kind);
      this.kind = kind;
      this.podUid = podUid;
      this.runtimeGuess = runtimeGuess == null ? "containerd" : runtimeGuess;
    }

    /**
     * Checks the held process for the walk ({@link CgroupWalker.Sink#stillHeld}) and keeps the answer
     * for {@link #heldIn}; a check that cannot read answers false and is left to {@link #heldIn} to repeat
     * and report.
     */
    boolean checkHeld(ProcFiles proc, long cycle) {
      try {
        held = stillHeld(proc);
      } catch (IOException e) {
        return false;
      }
      checked = cycle;
      return held;
    }

    /** {@link #stillHeld}, read once per cycle: the walk's answer when it asked in this cycle. */
    boolean heldIn(ProcFiles proc, long cycle) throws IOException {
      return checked == cycle ? held : stillHeld(proc);
    }
  }
}
