package io.containernetstat.fsstat;

import io.containernetstat.core.Failure;
import io.containernetstat.core.internal.Failures;
import io.containernetstat.core.Container;
import io.containernetstat.core.filesystem.ContainerFilesystems;
import io.containernetstat.core.filesystem.FilesystemProbe;
import io.containernetstat.core.filesystem.ContainerFilesystems.FilesystemStat;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.internal.ProcFormatException;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.internal.Processes;
import io.containernetstat.fsstat.internal.BoundedCalls;
import io.containernetstat.fsstat.internal.FileBytes;
import io.containernetstat.fsstat.internal.MountinfoWatcher;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * root that is not a procfs mount such as a test fixture, or {@link Builder#pollMountinfo(boolean)}
 * off), each probe opens, reads and closes {@code mountinfo} and parses it only when its bytes differ
 * from the last read of the same process (PID and start time); {@link Builder#mountTableMaxAge}
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
 *       wakes it): calls run on a small pool and are waited for at most {@link Builder#timeout}; a
 *       hung one is abandoned and reported, and its device is not called again until that call
 *       returns, so one dead server costs one thread; threads never exceed
 *       {@code parallelism + maxHungCalls}.
 * </ul>
 *
 * <p>Which containers: by default every container of every namespace except a pod's sandbox
 * ({@link Container#sandbox()}: the pause container's root holds nothing and the pod's shared
 * {@code /dev/shm} shows in each app container that uses it) and entries of runtime {@code process}
 * (plain processes found by a namespace scan: their mount table is usually the host's). Containers of
 * a pod share a network namespace but each has its own mount namespace, so each is probed.
 *
 * <p>Trust: the kernel resolves an absolute symbolic link inside {@code /proc/<pid>/root} against the
 * agent's root. Mount points in mountinfo are already resolved paths, so this only matters if a
 * container swaps a directory on the way to its mount point for a link after mounting; the worst it
 * can do is have another filesystem's figures reported under its mount point.
 */
public final class StatvfsFilesystemProbe implements FilesystemProbe {
  /** The default container selection: not a pod sandbox, and not a plain process. */
  public static final Predicate<Container> DEFAULT_CONTAINERS =
      c -> !c.sandbox() && !"process".equals(c.runtime());

  private final ProcRoot root;
  private final MountFilter filter;
  private final Predicate<Container> containers;
  private final StatvfsFunction statvfs;
  private final BoundedCalls calls;
  private final Duration timeout;
  private final long mountTableMaxAgeNanos;
  private final FileBytes file = new FileBytes();
  /** Null when changes are found by reading and comparing; see {@link #changeDetection}. */
  private MountinfoWatcher watcher;
  private final String changeDetection;
  private final Map<ProcessKey, Tracked> tracked = new HashMap<>();
  private final Map<MountKey, Kind> kinds = new HashMap<>();
  private final List<MountinfoWatcher.Watch> watchList = new ArrayList<>();
  private long cycle;
  private long mountinfoReads;
  private long mountinfoParses;
  private long mountinfoPolls;
  private final AtomicLong statvfsCalls = new AtomicLong();
  private final AtomicLong statCalls = new AtomicLong();
  private long timeouts;

  private StatvfsFilesystemProbe(Builder b, StatvfsFunction statvfs) {
    this.root = b.root;
    this.filter = b.filter;
    this.containers = b.containers;
    this.statvfs = statvfs;
    this.timeout = b.timeout;
    this.mountTableMaxAgeNanos = b.mountTableMaxAge.toNanos();
    String problem = b.pollMountinfo ? pollProblem(b.root) : "turned off";
    this.watcher = problem == null ? MountinfoWatcher.create(b.root) : null;
    this.changeDetection = problem == null ? "poll" : "read and compare (" + problem + ")";
    this.calls = new BoundedCalls("fsstat-statvfs", b.parallelism, b.maxHungCalls, b.timeout);
  }

  private static String pollProblem(ProcRoot root) {
    try {
      return MountinfoWatcher.problem(root);
    } catch (LinkageError e) {
      return "JNA is not available: " + e;
    }
  }

  /** {@return a builder with the defaults} */
  public static Builder builder() {
    return new Builder();
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
    Set<ProcessKey> keys = new HashSet<>();
    for (NetnsTarget target : namespaces) {
      for (Container c : target.containers()) {
        if (containers.test(c) && seen.add(c.id() + "/" + c.pid())) {
          selected.add(c);
          keys.add(key(c));
        }
      }
    }
    // Before anything else: a departed container's held descriptors pin its mount namespace.
    tracked.entrySet().removeIf(e -> {
      if (keys.contains(e.getKey())) {
        return false;
      }
      e.getValue().release();
      return true;
    });
    pollWatches();
    List<Entry> entries = new ArrayList<>(selected.size());
    Map<MountKey, Request> requests = new LinkedHashMap<>();
    for (Container c : selected) {
      Entry entry = plan(c, now, requests);
      if (entry != null) {
        entries.add(entry);
      }
    }
    List<Request> list = new ArrayList<>(requests.values());
    List<BoundedCalls.Call<Measured>> batch = new ArrayList<>(list.size());
    for (Request r : list) {
      batch.add(new BoundedCalls.Call<>(r.device, () -> measure(r)));
    }
    List<BoundedCalls.Outcome<Measured>> outcomes = calls.runAll(batch);
    Map<MountKey, BoundedCalls.Outcome<Measured>> byKey = new HashMap<>(list.size() * 2);
    for (int i = 0; i < list.size(); i++) {
      Request r = list.get(i);
      BoundedCalls.Outcome<Measured> o = outcomes.get(i);
      byKey.put(r.key, o);
      if (o instanceof BoundedCalls.Done) {
        Measured m = ((BoundedCalls.Done<Measured>) o).value();
        if (m.kind != null) {
          kinds.get(r.key).known = m.kind;
        }
      } else if (o instanceof BoundedCalls.TimedOut) {
        timeouts++;
      }
    }
    List<ContainerFilesystems> out = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      ContainerFilesystems result = e.error() != null
          ? new ContainerFilesystems(e.container(), List.of(), e.failure(), e.error())
          : assemble(e, byKey);
      if (result != null) {
        out.add(result);
      }
    }
    evict();
    return out;
  }

  /** Reads the container's mount table and adds its mounts to the requests; null when it is gone. */
  private Entry plan(Container c, long now, Map<MountKey, Request> requests) {
    MountTable table;
    try {
      table = table(c, now);
    } catch (IOException e) {
      forget(c);
      if (gone(c)) {
        return null;
      }
      return new Entry(c, null, Failures.of(e), "cannot read " + mountinfo(c) + ": " + describe(e));
    } catch (RuntimeException e) {
      // Not expected (the parser reports malformed input itself); still one container's problem.
      forget(c);
      return new Entry(c, null, Failure.READ_ERROR, "cannot use " + mountinfo(c) + ": " + e);
    }
    if (table == null) {
      forget(c); // its process is gone
      return null;
    }
    if (table.error != null) {
      return new Entry(c, null, Failure.MALFORMED, table.error);
    }
    for (int i = 0; i < table.selected.size(); i++) {
      MountKey key = table.keys[i];
      Kind kind = kinds.computeIfAbsent(key, k -> new Kind());
      kind.seen = cycle;
      if (kind.known == Known.NOT_DIRECTORY) {
        continue;
      }
      MountInfo m = table.selected.get(i);
      Request r = requests.get(key);
      if (r == null) {
        r = new Request(key, table.devices[i], !m.wholeFilesystem() && kind.known == null);
        requests.put(key, r);
      }
      r.add(table.paths[i], m.mountReadOnly());
    }
    return new Entry(c, table, null, null);
  }

  /**
   * The container's mount table, read only when it may have changed: when its held descriptor
   * signalled, or (read and compare) unless younger than the maximum age; parsed only when its bytes
   * changed.
   *
   * @return the table, or null when the container's process is gone
   */
  private MountTable table(Container c, long now) throws IOException {
    ProcessKey pk = key(c);
    Tracked t = tracked.get(pk);
    if (t == null) {
      t = new Tracked();
      tracked.put(pk, t);
    }
    t.seen = cycle;
    if (t.watch != null) {
      if (!t.watch.alive()) {
        return null;
      }
      if (!t.watch.changed() && t.table != null) {
        return t.table;
      }
      mountinfoReads++;
      return update(c, t, watcher.bytes(), watcher.read(t.watch), now);
    }
    if (watcher != null) {
      try {
        t.watch = watcher.open(c.pid(), c.startTime());
        if (t.watch == null) {
          return null;
        }
        mountinfoReads++;
        return update(c, t, watcher.bytes(), watcher.read(t.watch), now);
      } catch (MountinfoWatcher.TooManyOpenFiles e) {
        // No descriptor left to hold: read it the plain way this time, try to hold one next time.
      }
    }
    if (t.table != null && now - t.readAt < mountTableMaxAgeNanos) {
      return t.table;
    }
    int n = file.read(mountinfo(c));
    mountinfoReads++;
    return update(c, t, file.buffer(), n, now);
  }

  /** Parses {@code buf} into the container's table unless it holds the bytes already parsed. */
  private MountTable update(Container c, Tracked t, byte[] buf, int n, long now) {
    t.readAt = now;
    MountTable cached = t.table;
    if (cached != null && Arrays.equals(cached.bytes, 0, cached.bytes.length, buf, 0, n)) {
      return cached;
    }
    mountinfoParses++;
    Path path = mountinfo(c);
    MountTable table;
    try {
      List<MountInfo> all = MountInfoParser.parse(path.toString(), buf, 0, n);
      String prefix = root.pid(c.pid()).resolve("root").toString();
      table = new MountTable(Arrays.copyOf(buf, n), filter.select(all), prefix, null);
    } catch (ProcFormatException e) {
      // Kept too: the same malformed bytes are not parsed again.
      table = new MountTable(Arrays.copyOf(buf, n), List.of(), "", e.getMessage());
    }
    t.table = table;
    return table;
  }

  /** Polls the held descriptors of every tracked container at once. */
  private void pollWatches() {
    if (watcher == null) {
      return;
    }
    watchList.clear();
    for (Tracked t : tracked.values()) {
      if (t.watch != null) {
        watchList.add(t.watch);
      }
    }
    if (!watchList.isEmpty()) {
      watcher.poll(watchList);
      mountinfoPolls++;
    }
    watchList.clear();
  }

  /** Drops what is known of a container and closes its descriptors. */
  private void forget(Container c) {
    Tracked t = tracked.remove(key(c));
    if (t != null) {
      t.release();
    }
  }

  /** Runs on a worker: the type check when still needed, then statvfs; tries each path in turn. */
  private Measured measure(Request r) throws IOException {
    IOException last = null;
    for (int i = 0; i < r.paths.size(); i++) {
      String p = r.paths.get(i);
      try {
        Known kind = null;
        if (r.checkType) {
          statCalls.incrementAndGet();
          BasicFileAttributes a = Files.readAttributes(Path.of(p), BasicFileAttributes.class);
          if (!a.isDirectory()) {
            return new Measured(null, Known.NOT_DIRECTORY, false);
          }
          kind = Known.DIRECTORY;
        }
        statvfsCalls.incrementAndGet();
        return new Measured(statvfs.statvfs(p), kind, i >= r.readWritePaths);
      } catch (NoSuchFileException e) {
        // That container (or its mount) is gone; another container may still see the filesystem.
        last = e;
      } catch (InvalidPathException e) {
        throw new IOException("mount point cannot be a path here (" + e.getMessage()
            + "): run with a UTF-8 locale, for example LANG=C.UTF-8", e);
      }
    }
    throw last;
  }

  private ContainerFilesystems assemble(Entry e, Map<MountKey, BoundedCalls.Outcome<Measured>> byKey) {
    MountTable table = e.table();
    List<FilesystemStat> stats = new ArrayList<>(table.selected.size());
    boolean missing = false;
    for (int i = 0; i < table.selected.size(); i++) {
      MountInfo m = table.selected.get(i);
      String device = table.devices[i];
      BoundedCalls.Outcome<Measured> o = byKey.get(table.keys[i]);
      if (o == null) {
        continue; // known not to be a directory: not measured
      }
      if (o instanceof BoundedCalls.Done) {
        Measured measured = ((BoundedCalls.Done<Measured>) o).value();
        if (measured.kind == Known.NOT_DIRECTORY) {
          continue;
        }
        stats.add(figures(m, device, measured));
      } else if (o instanceof BoundedCalls.Failed) {
        Throwable t = ((BoundedCalls.Failed<Measured>) o).error();
        missing |= t instanceof NoSuchFileException;
        stats.add(failed(m, device, Failures.of(t), t instanceof IOException ? describe((IOException) t) : t.toString()));
      } else if (o instanceof BoundedCalls.TimedOut) {
        stats.add(failed(m, device, Failure.TIMED_OUT, "statvfs did not return within " + millis(timeout.toNanos())
            + " (a hung network filesystem?); abandoned, and not called again until it returns"));
      } else if (o instanceof BoundedCalls.StillBlocked) {
        long since = ((BoundedCalls.StillBlocked<Measured>) o).sinceNanos();
        stats.add(failed(m, device, Failure.TIMED_OUT, "an earlier statvfs of device " + device + " has been blocked for "
            + millis(since) + "; not called again until it returns"));
      } else {
        BoundedCalls.NotStarted<Measured> ns = (BoundedCalls.NotStarted<Measured>) o;
        stats.add(failed(m, device, Failure.TIMED_OUT, "statvfs not started within " + millis(timeout.toNanos())
            + ": no free worker (" + ns.busy() + " busy, " + ns.hung() + " hung calls)"));
      }
    }
    Container c = e.container();
    if (missing && gone(c)) {
      forget(c);
      return null;
    }
    return new ContainerFilesystems(c, stats, null, null);
  }

  private static FilesystemStat figures(MountInfo m, String device, Measured measured) {
    Statvfs s = measured.statvfs;
    // ST_RDONLY is the call's mount's ro flag or its superblock's; through a read-write mount it is the
    // superblock's alone, and fresh, while the table's superblock options may be stale (see above).
    boolean readOnly = m.mountReadOnly()
        || (measured.viaReadOnlyMount ? m.superblockReadOnly() : s.readOnly());
    try {
      if (s.files() < 0 || s.filesFree() < 0) {
        throw new ArithmeticException("inode count exceeds 2^63-1");
      }
      return new FilesystemStat(m.mountPoint(), m.fsType(), m.source(), device, readOnly,
          s.sizeBytes(), s.freeBytes(), s.availBytes(), s.files(), s.filesFree(), null, null);
    } catch (ArithmeticException e) {
      return failed(m, device, Failure.MALFORMED, "statvfs figures out of range: " + e.getMessage() + " (" + s + ")");
    }
  }

  private static FilesystemStat failed(MountInfo m, String device, Failure failure, String error) {
    return new FilesystemStat(m.mountPoint(), m.fsType(), m.source(), device, m.readOnly(),
        0, 0, 0, 0, 0, failure, error);
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

  /** Drops what belongs to containers and mounts not seen in this probe. */
  private void evict() {
    for (Iterator<Tracked> it = tracked.values().iterator(); it.hasNext(); ) {
      Tracked t = it.next();
      if (t.seen != cycle) {
        t.release();
        it.remove();
      }
    }
    for (Iterator<Kind> it = kinds.values().iterator(); it.hasNext(); ) {
      if (it.next().seen != cycle) {
        it.remove();
      }
    }
  }

  private static ProcessKey key(Container c) {
    return new ProcessKey(c.pid(), c.startTime());
  }

  private Path mountinfo(Container c) {
    return root.pid(c.pid()).resolve("mountinfo");
  }

  private static String describe(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied (" + e.getMessage()
          + "): reading another user's /proc/<pid>/root needs root or CAP_SYS_PTRACE";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory: " + e.getMessage() + " (the mount or the container is gone)";
    }
    String m = e.getMessage();
    return m == null ? e.toString() : m;
  }

  private static String millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos) + " ms";
  }

  /**
   * {@return counters since creation, and the worker threads now: for self-monitoring and tests}
   */
  public synchronized Stats stats() {
    int tables = 0;
    int watched = 0;
    for (Tracked t : tracked.values()) {
      tables += t.table != null ? 1 : 0;
      watched += t.watch != null ? 1 : 0;
    }
    return new Stats(cycle, mountinfoReads, mountinfoParses, statCalls.get(), statvfsCalls.get(),
        timeouts, calls.hungCalls(), calls.threads(), tables, mountinfoPolls, watched);
  }

  /**
   * {@return how mount table changes are found: {@code "poll"}, or {@code "read and compare (<why not
   * poll>)"}}: see the class comment
   */
  public String changeDetection() {
    return changeDetection;
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
    for (Tracked t : tracked.values()) {
      t.release();
    }
    tracked.clear();
    watcher = null;
    calls.close();
  }

  private record ProcessKey(long pid, long startTime) {}

  /** One filesystem as statvfs sees it: the device, and the directory of it that is mounted. */
  private record MountKey(int major, int minor, String root) {}

  private enum Known { DIRECTORY, NOT_DIRECTORY }

  private static final class Kind {
    Known known;
    long seen;
  }

  /** What is kept of one container's process between probes. */
  private static final class Tracked {
    /** Null until read. */
    MountTable table;
    /** Its held descriptors; null when it is read and compared. */
    MountinfoWatcher.Watch watch;
    long seen;
    long readAt;

    void release() {
      if (watch != null) {
        watch.close();
        watch = null;
      }
    }
  }

  /** A container's parsed mount table, with what each probe needs of it computed once; immutable. */
  private static final class MountTable {
    final byte[] bytes;
    final List<MountInfo> selected;
    final MountKey[] keys;
    final String[] devices;
    /** {@code /proc/<pid>/root<mount point>} of each selected mount. */
    final String[] paths;
    final String error;

    MountTable(byte[] bytes, List<MountInfo> selected, String rootPrefix, String error) {
      this.bytes = bytes;
      this.selected = selected;
      this.error = error;
      int n = selected.size();
      keys = new MountKey[n];
      devices = new String[n];
      paths = new String[n];
      for (int i = 0; i < n; i++) {
        MountInfo m = selected.get(i);
        keys[i] = new MountKey(m.major(), m.minor(), m.root());
        devices[i] = m.device();
        paths[i] = rootPrefix + m.mountPoint();
      }
    }
  }

  private static final class Request {
    final MountKey key;
    final String device;
    final boolean checkType;
    /** The paths to try in turn: those through read-write mounts first. */
    final List<String> paths = new ArrayList<>(1);
    int readWritePaths;

    Request(MountKey key, String device, boolean checkType) {
      this.key = key;
      this.device = device;
      this.checkType = checkType;
    }

    void add(String path, boolean readOnlyMount) {
      if (readOnlyMount) {
        paths.add(path);
      } else {
        paths.add(readWritePaths++, path);
      }
    }
  }

  /**
   * @param viaReadOnlyMount whether the call went through a mount that is itself read-only, so that
   *     {@code ST_RDONLY} says nothing about the superblock
   */
  private record Measured(Statvfs statvfs, Known kind, boolean viaReadOnlyMount) {}

  /** A container in this probe: its mount table, or why there is none. */
  private record Entry(Container container, MountTable table, Failure failure, String error) {}

  /** Builds a {@link StatvfsFilesystemProbe}. Not thread-safe. */
  public static final class Builder {
    private ProcRoot root = ProcRoot.DEFAULT;
    private MountFilter filter = MountFilter.defaults();
    private Predicate<Container> containers = DEFAULT_CONTAINERS;
    private StatvfsFunction statvfs;
    private Duration timeout = Duration.ofSeconds(2);
    private int parallelism = 2;
    private int maxHungCalls = 8;
    private Duration mountTableMaxAge = Duration.ZERO;
    private boolean pollMountinfo = true;

    private Builder() {}

    /** Sets the proc root (default {@code /proc}); the one the resolver uses. */
    public Builder procRoot(ProcRoot root) {
      this.root = Objects.requireNonNull(root, "root == null");
      return this;
    }

    /** Sets which mounts are measured (default {@link MountFilter#defaults()}). */
    public Builder filter(MountFilter filter) {
      this.filter = Objects.requireNonNull(filter, "filter == null");
      return this;
    }

    /** Sets which containers are probed (default {@link #DEFAULT_CONTAINERS}). */
    public Builder containers(Predicate<Container> containers) {
      this.containers = Objects.requireNonNull(containers, "containers == null");
      return this;
    }

    /** Replaces {@code statvfs} (default {@link StatvfsFunction#jna()}); for tests and other bindings. */
    public Builder statvfs(StatvfsFunction statvfs) {
      this.statvfs = Objects.requireNonNull(statvfs, "statvfs == null");
      return this;
    }

    /**
     * Sets how long one {@code stat}/{@code statvfs} may run before it is abandoned (default 2 s). A
     * probe takes at most about twice this when calls hang.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout <= 0: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets how many calls run at once (default 2).
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder parallelism(int parallelism) {
      if (parallelism < 1) {
        throw new IllegalArgumentException("parallelism < 1: " + parallelism);
      }
      this.parallelism = parallelism;
      return this;
    }

    /**
     * Sets how many hung calls get a replacement thread (default 8); past that, hung calls eat into
     * the parallelism and, once it is gone, calls are reported as not started.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder maxHungCalls(int maxHungCalls) {
      if (maxHungCalls < 0) {
        throw new IllegalArgumentException("maxHungCalls < 0: " + maxHungCalls);
      }
      this.maxHungCalls = maxHungCalls;
      return this;
    }

    /**
     * Sets how long a container's mount table is trusted without reading its mountinfo again when
     * changes cannot be polled (default zero: read on every probe). With polling (the default where
     * possible, see {@link StatvfsFilesystemProbe#changeDetection()}) this setting is not used: a table
     * is read again exactly when it changed, at no cost in between. Without it reading is what costs:
     * the kernel formats the whole table on each read, about 0.25-0.4 ms for a Docker container
     * (75-115 ms for 300); parsing happens only on change either way. Mounts rarely change while a
     * container runs (runtimes set them up before it starts), so a large host can trade up to this
     * much delay in seeing a new or removed mount for that cost; a new container's table is always
     * read at once. Meanwhile an unmounted mount is measured at its mount point, which then shows the
     * filesystem below it.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder mountTableMaxAge(Duration maxAge) {
      if (maxAge.isNegative()) {
        throw new IllegalArgumentException("mountTableMaxAge < 0: " + maxAge);
      }
      this.mountTableMaxAge = maxAge;
      return this;
    }

    /**
     * Sets whether mount table changes are found with {@code poll(2)} on held {@code mountinfo}
     * descriptors where that is possible (default true); false reads and compares every table on every
     * probe (or per {@link #mountTableMaxAge}), holding no descriptor. See the class comment.
     */
    public Builder pollMountinfo(boolean poll) {
      this.pollMountinfo = poll;
      return this;
    }

    /**
     * {@return the probe}
     *
     * @throws IllegalStateException if no {@code statvfs} was set and JNA cannot be loaded here
     */
    public StatvfsFilesystemProbe build() {
      return new StatvfsFilesystemProbe(this, statvfs != null ? statvfs : StatvfsFunction.jna());
    }
  }
}
