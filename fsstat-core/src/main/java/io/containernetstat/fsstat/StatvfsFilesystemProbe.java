package io.containernetstat.fsstat;

import io.containernetstat.core.Container;
import io.containernetstat.core.Failure;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.filesystem.ContainerFilesystems;
import io.containernetstat.core.filesystem.ContainerFilesystems.FilesystemStat;
import io.containernetstat.core.filesystem.FilesystemProbe;
import io.containernetstat.core.internal.Failures;
import io.containernetstat.core.internal.Processes;
import io.containernetstat.fsstat.internal.BoundedCalls;
import io.containernetstat.fsstat.internal.MountKey;
import io.containernetstat.fsstat.internal.MountKinds;
import io.containernetstat.fsstat.internal.MountStats;
import io.containernetstat.fsstat.internal.MountTable;
import io.containernetstat.fsstat.internal.MountTables;
import io.containernetstat.fsstat.internal.StatvfsCalls;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Measures the filesystems of containers with {@code statvfs} through {@code /proc/<pid>/root}, the
 * container's own view; thread-safe (probes are serialised), meant to be called by one
 * {@link io.containernetstat.core.Collector}.
 *
 * <pre>{@code
 * try (Collector collector = Collector.builder(resolver)
 *     .filesystemProbe(StatvfsFilesystemProbe.builder().build())
 *     .build()) {
 *   for (ContainerFilesystems c : collector.collect().filesystems()) { ... }
 * }
 * }</pre>
 *
 * <p>Per container, each probe:
 * <ol>
 *   <li>knows its mount table, parsed with {@link MountInfoParser} and filtered by {@link MountFilter}
 *       once per change. Reading {@code /proc/<pid>/mountinfo} is what costs (the kernel formats the
 *       whole table on each read: about 0.25-0.4 ms for a Docker container, 75-115 ms for 300), so a
 *       table is read again only when it changed: see <i>Mount table changes</i> below;
 *   <li>drops single-file bind mounts: a mount that binds a part of a filesystem (root not
 *       {@code /}) is {@code stat}ed once, and dropped if it is not a directory; the answer is kept
 *       while the mount exists, so {@code /etc/hosts} costs one {@code stat} in its container's life;
 *   <li>{@code statvfs}es each remaining mount through {@code /proc/<pid>/root/<mount point>}.
 * </ol>
 *
 * <p><b>Mount table changes.</b> Where it can ({@link #changeDetection()}), the probe holds a
 * descriptor on each probed container's {@code mountinfo} and calls {@code poll(2)} once per probe on
 * all of them, without waiting: the kernel reports {@code POLLERR|POLLPRI} on a descriptor whose mount
 * namespace had a mount, unmount, move or per-mount flag change since its last poll, and only those
 * tables are read again (a {@code pread} from offset 0 of the same descriptor); a new container's
 * table is read on first sight. A steady probe reads no table at all. Held descriptors pin the
 * container's mount namespace (an exited container's tmpfs and volumes stay mounted while one is
 * open), so, as with netstat-core's held net descriptors, each container's are closed in the very probe
 * that no longer lists it or finds its process gone (a held {@code /proc/<pid>/comm} fails with ESRCH
 * once the process exits: one {@code pread} per container per probe), and in {@link #close()}. Two
 * descriptors per container; where none is left (EMFILE), that container is read the plain way.
 *
 * <p>Where polling is not possible (JNA cannot be loaded, not 64-bit Linux on x86-64/arm64, a proc
 * root that is not a procfs mount such as a test fixture, or {@link StatvfsProbeBuilder#pollMountinfo(boolean)}
 * off), each probe opens, reads and closes {@code mountinfo} and parses it only when its bytes differ
 * from the last read of the same process (PID and start time); {@link StatvfsProbeBuilder#mountTableMaxAge}
 * can skip that read for tables read recently.
 *
 * <p>The mount namespace's change event does not cover a superblock turned read-only from outside the
 * namespace (an ext4 {@code errors=remount-ro}, a remount on the host): the table's superblock options
 * go stale then. So the read-only state of a mount is its own {@code ro} option (covered by the event)
 * or the {@code ST_RDONLY} flag {@code statvfs} reports, which is fresh on every probe; the table's
 * superblock options are used only when every path to the filesystem went through a mount that is
 * itself read-only (so {@code ST_RDONLY} says nothing about the superblock).
 *
 * <p>Cost: one {@code statvfs} per distinct filesystem per probe, however many containers see it.
 * "Distinct" is the pair (device, root) from mountinfo: two containers with the same volume share
 * one call, each container's overlay root and tmpfs is its own device. The root is part of the key
 * because XFS and ext4 project quotas make {@code statvfs} answer per directory tree (Kubernetes
 * measures {@code emptyDir} that way), so two bind mounts of different directories of one device may
 * differ. One volume can be mounted read-write in one container and read-only in another while sharing
 * the call: the call goes through a read-write mount when there is one, and each mount's own
 * {@code ro} option is added to what it reports.
 *
 * <p>Faults are reported for the one mount they hit, never for the probe:
 * <ul>
 *   <li>a container whose process exited (before or during the probe) is left out, as the collector
 *       leaves out a namespace whose process exited; its cached mount table and descriptors are
 *       dropped;
 *   <li>a mountinfo that cannot be read or is malformed: the container's entry carries the error;
 *   <li>a mount that vanished (ENOENT), permission denied (reading another user's
 *       {@code /proc/<pid>/root} needs root or CAP_SYS_PTRACE), ESTALE and the like: that mount's
 *       {@link FilesystemStat#error()};
 *   <li>a call that hangs (a dead NFS server: {@code statvfs} sleeps in the kernel and no interrupt
 *       wakes it): calls run on a small pool and are waited for at most {@link StatvfsProbeBuilder#timeout}; a
 *       hung one is abandoned and reported, and its device is not called again until that call
 *       returns, so one dead server costs one thread; threads never exceed
 *       {@code parallelism + maxHungCalls}.
 * </ul>
 *
 * <p>Which containers: by default every container of every namespace except a pod's sandbox
 * ({@link Container#sandbox()}: the pause container's root holds nothing and the pod's shared
 * {@code /dev/shm} shows in each app container that uses it) and entries of runtime {@code process}
 * (plain processes found by a namespace scan: their mount table is usually the host's): the
 * {@link Container#application()} ones. Containers of a pod share a network namespace but each has its
 * own mount namespace, so each is probed.
 *
 * <p>Trust: the kernel resolves an absolute symbolic link inside {@code /proc/<pid>/root} against the
 * agent's root. Mount points in mountinfo are already resolved paths, so this only matters if a
 * container swaps a directory on the way to its mount point for a link after mounting; the worst it
 * can do is have another filesystem's figures reported under its mount point.
 */
public final class StatvfsFilesystemProbe implements FilesystemProbe {
  /** The default container selection: {@link Container#application()}, not a pod sandbox nor a plain process. */
  public static final Predicate<Container> DEFAULT_CONTAINERS = Container::application;

  private final ProcRoot root;
  private final Predicate<Container> containers;
  private final Duration timeout;
  private final MountTables tables;
  private final MountKinds kinds = new MountKinds();
  private final StatvfsCalls calls;
  private long cycle;

  StatvfsFilesystemProbe(StatvfsProbeBuilder b, StatvfsFunction statvfs) {
    this.root = b.root;
    this.containers = b.containers;
    this.timeout = b.timeout;
    this.tables = new MountTables(b.root, b.filter, b.mountTableMaxAge, b.pollMountinfo);
    this.calls = new StatvfsCalls(statvfs, b.parallelism, b.maxHungCalls, b.timeout);
  }

  /** {@return a builder with the defaults} */
  public static StatvfsProbeBuilder builder() {
    return new StatvfsProbeBuilder();
  }

  /**
   * Measures the filesystems of every selected container of the namespaces.
   *
   * @param namespaces the namespaces of this collection
   * @return one entry per selected container that still runs, in the namespaces' order; never throws
   *     for a container's or a mount's failure
   */
  @Override
  public synchronized List<ContainerFilesystems> probe(List<NetnsTarget> namespaces) {
    cycle++;
    long now = System.nanoTime();
    List<Container> selected = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (NetnsTarget target : namespaces) {
      for (Container c : target.containers()) {
        if (containers.test(c) && seen.add(c.id() + "/" + c.pid())) {
          selected.add(c);
        }
      }
    }
    // Before anything else: a departed container's held descriptors pin its mount namespace.
    tables.begin(selected);
    List<Entry> entries = new ArrayList<>(selected.size());
    Map<MountKey, StatvfsCalls.Request> requests = new LinkedHashMap<>();
    for (Container c : selected) {
      Entry entry = plan(c, now, requests);
      if (entry != null) {
        entries.add(entry);
      }
    }
    Map<MountKey, BoundedCalls.Outcome<StatvfsCalls.Measured>> byKey = calls.runAll(requests.values(), kinds);
    List<ContainerFilesystems> out = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      ContainerFilesystems result = e.error() != null
          ? new ContainerFilesystems(e.container(), List.of(), e.failure(), e.error())
          : assemble(e, byKey);
      if (result != null) {
        out.add(result);
      }
    }
    // Tables need no eviction: begin() dropped every process not selected, and each selected one was read.
    kinds.evict(cycle);
    return out;
  }

  /** Reads the container's mount table and adds its mounts to the requests; null when it is gone. */
  private Entry plan(Container c, long now, Map<MountKey, StatvfsCalls.Request> requests) {
    MountTable table;
    try {
      table = tables.table(c, now);
    } catch (IOException e) {
      tables.forget(c);
      if (gone(c)) {
        return null;
      }
      return new Entry(c, null, Failures.of(e),
          "cannot read " + tables.mountinfo(c) + ": " + MountStats.describe(e));
    } catch (RuntimeException e) {
      // Not expected (the parser reports malformed input itself); still one container's problem.
      tables.forget(c);
      return new Entry(c, null, Failure.READ_ERROR, "cannot use " + tables.mountinfo(c) + ": " + e);
    }
    if (table == null) {
      tables.forget(c); // its process is gone
      return null;
    }
    if (table.error() != null) {
      return new Entry(c, null, Failure.MALFORMED, table.error());
    }
    for (MountTable.Mount m : table.mounts()) {
      MountKinds.Known known = kinds.see(m.key(), cycle);
      if (known == MountKinds.Known.NOT_DIRECTORY) {
        continue;
      }
      StatvfsCalls.Request r = requests.get(m.key());
      if (r == null) {
        r = new StatvfsCalls.Request(m.key(), m.device(), !m.info().wholeFilesystem() && known == null);
        requests.put(m.key(), r);
      }
      r.add(m.path(), m.info().mountReadOnly());
    }
    return new Entry(c, table, null, null);
  }

  private ContainerFilesystems assemble(Entry e, Map<MountKey, BoundedCalls.Outcome<StatvfsCalls.Measured>> byKey) {
    MountTable table = e.table();
    List<FilesystemStat> stats = new ArrayList<>(table.mounts().size());
    boolean missing = false;
    for (MountTable.Mount m : table.mounts()) {
      BoundedCalls.Outcome<StatvfsCalls.Measured> o = byKey.get(m.key());
      FilesystemStat stat = MountStats.of(m.info(), m.device(), o, timeout);
      if (stat != null) {
        stats.add(stat);
        missing |= MountStats.vanished(o);
      }
    }
    Container c = e.container();
    if (missing && gone(c)) {
      tables.forget(c);
      return null;
    }
    return new ContainerFilesystems(c, stats, null, null);
  }

  /** Whether the container's process has exited (or its PID now names another process). */
  private boolean gone(Container c) {
    try {
      OptionalLong start = Processes.startTime(root, c.pid());
      return start.isEmpty() || start.getAsLong() != c.startTime();
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * {@return counters since creation, and the worker threads now: for self-monitoring and tests}
   */
  public synchronized Stats stats() {
    return new Stats(cycle, tables.reads(), tables.parses(), calls.statCalls(), calls.statvfsCalls(),
        calls.timeouts(), calls.hungCalls(), calls.threads(), tables.cached(), tables.polls(), tables.watched());
  }

  /**
   * {@return how mount table changes are found: {@code "poll"}, or {@code "read and compare (<why not
   * poll>)"}}: see the class comment
   */
  public String changeDetection() {
    return tables.changeDetection();
  }

  /**
   * Counters of a probe; immutable.
   *
   * @param probes probes run
   * @param mountinfoReads mountinfo files read (with polling: new containers and changed tables only)
   * @param mountinfoParses of those, the ones parsed because they changed (or were new)
   * @param statCalls type checks ({@code stat}) of bind mounts
   * @param statvfsCalls {@code statvfs} calls started
   * @param timeouts calls abandoned after the timeout
   * @param hungCalls abandoned calls that have not returned yet
   * @param threads worker threads alive now, hung ones included
   * @param cachedMountTables mount tables held for the next probe
   * @param mountinfoPolls {@code poll} calls made (one per probe while any container is watched)
   * @param watchedMountTables containers whose {@code mountinfo} descriptor is held now
   */
  public record Stats(long probes, long mountinfoReads, long mountinfoParses, long statCalls,
      long statvfsCalls, long timeouts, int hungCalls, int threads, int cachedMountTables,
      long mountinfoPolls, int watchedMountTables) {}

  /**
   * Closes every held descriptor and stops the worker threads; calls still hung are left to end on
   * their own (daemon threads). A probe after this holds no descriptor (it reads and compares).
   */
  @Override
  public synchronized void close() {
    tables.close();
    calls.close();
  }

  /** A container in this probe: its mount table, or why there is none. */
  private record Entry(Container container, MountTable table, Failure failure, String error) {}
}
