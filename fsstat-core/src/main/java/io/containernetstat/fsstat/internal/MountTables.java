package io.containernetstat.fsstat.internal;

import io.containernetstat.core.Container;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.fsstat.MountFilter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mount tables of the probed containers, kept per process (PID and start time) between probes and
 * read again only when they may have changed: with {@code poll(2)} on held {@code mountinfo} descriptors
 * where that is possible, else by reading and comparing (see {@code StatvfsFilesystemProbe}). Not
 * thread-safe (the probe serialises); not API.
 */
public final class MountTables {
  private final ProcRoot root;
  private final MountFilter filter;
  private final long maxAgeNanos;
  private final FileBytes file = new FileBytes();
  private final String changeDetection;
  private final Map<ProcessKey, Tracked> tracked = new HashMap<>();
  private final List<MountinfoWatcher.Watch> watchList = new ArrayList<>();
  /** Null when changes are found by reading and comparing. */
  private MountinfoWatcher watcher;
  private long reads;
  private long parses;
  private long polls;

  /**
   * @param root the proc root
   * @param filter which mounts of a table are measured
   * @param maxAge how long a table is trusted unread when changes cannot be polled
   * @param poll whether to poll where possible
   */
  public MountTables(ProcRoot root, MountFilter filter, Duration maxAge, boolean poll) {
    this.root = root;
    this.filter = filter;
    this.maxAgeNanos = maxAge.toNanos();
    String problem = poll ? pollProblem(root) : "turned off";
    this.watcher = problem == null ? MountinfoWatcher.create(root) : null;
    this.changeDetection = problem == null ? "poll" : "read and compare (" + problem + ")";
  }

  private static String pollProblem(ProcRoot root) {
    try {
      return MountinfoWatcher.problem(root);
    } catch (LinkageError e) {
      return "JNA is not available: " + e;
    }
  }

  private record ProcessKey(long pid, long startTime) {
    static ProcessKey of(Container c) {
      return new ProcessKey(c.pid(), c.startTime());
    }
  }

  /** What is kept of one container's process between probes. */
  private static final class Tracked {
    /** Null until read. */
    MountTable table;
    /** Its held descriptors; null when it is read and compared. */
    MountinfoWatcher.Watch watch;
    long readAt;

    void release() {
      if (watch != null) {
        watch.close();
        watch = null;
      }
    }
  }

  /** {@return {@code "poll"}, or {@code "read and compare (<why not poll>)"}} */
  public String changeDetection() {
    return changeDetection;
  }

  /**
   * Drops the tables of the processes not among {@code containers} and closes their descriptors, which
   * pin their mount namespaces; then polls the held descriptors of the others at once.
   */
  public void begin(List<Container> containers) {
    Set<ProcessKey> keys = new HashSet<>(containers.size() * 2);
    for (Container c : containers) {
      keys.add(ProcessKey.of(c));
    }
    tracked.entrySet().removeIf(e -> {
      if (keys.contains(e.getKey())) {
        return false;
      }
      e.getValue().release();
      return true;
    });
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
      polls++;
    }
    watchList.clear();
  }

  /**
   * The container's mount table, read only when it may have changed: when its held descriptor
   * signalled, or (read and compare) unless younger than the maximum age; parsed only when its bytes
   * changed.
   *
   * @param now {@link System#nanoTime()} at the probe's start
   * @return the table, or null when the container's process is gone
   */
  public MountTable table(Container c, long now) throws IOException {
    Tracked t = tracked.computeIfAbsent(ProcessKey.of(c), k -> new Tracked());
    if (t.watch != null) {
      if (!t.watch.alive()) {
        return null;
      }
      if (!t.watch.changed() && t.table != null) {
        return t.table;
      }
      reads++;
      return update(c, t, watcher.bytes(), watcher.read(t.watch), now);
    }
    if (watcher != null) {
      try {
        t.watch = watcher.open(c.pid(), c.startTime());
        if (t.watch == null) {
          return null;
        }
        reads++;
        return update(c, t, watcher.bytes(), watcher.read(t.watch), now);
      } catch (MountinfoWatcher.TooManyOpenFiles e) {
        // No descriptor left to hold: read it the plain way this time, try to hold one next time.
      }
    }
    if (t.table != null && now - t.readAt < maxAgeNanos) {
      return t.table;
    }
    int n = file.read(mountinfo(c));
    reads++;
    return update(c, t, file.buffer(), n, now);
  }

  /** Parses {@code buf} into the container's table unless it holds the bytes already parsed. */
  private MountTable update(Container c, Tracked t, byte[] buf, int n, long now) {
    t.readAt = now;
    if (t.table != null && t.table.sameBytes(buf, n)) {
      return t.table;
    }
    parses++;
    String prefix = root.pid(c.pid()).resolve("root").toString();
    t.table = MountTable.parse(mountinfo(c).toString(), buf, n, filter, prefix);
    return t.table;
  }

  /** {@return {@code /proc/<pid>/mountinfo} of the container} */
  public Path mountinfo(Container c) {
    return root.pid(c.pid()).resolve("mountinfo");
  }

  /** Drops what is known of a container and closes its descriptors. */
  public void forget(Container c) {
    Tracked t = tracked.remove(ProcessKey.of(c));
    if (t != null) {
      t.release();
    }
  }

  /** {@return mountinfo files read} */
  public long reads() {
    return reads;
  }

  /** {@return of those, the ones parsed because they changed (or were new)} */
  public long parses() {
    return parses;
  }

  /** {@return {@code poll} calls made} */
  public long polls() {
    return polls;
  }

  /** {@return mount tables held for the next probe} */
  public int cached() {
    int n = 0;
    for (Tracked t : tracked.values()) {
      n += t.table != null ? 1 : 0;
    }
    return n;
  }

  /** {@return containers whose {@code mountinfo} descriptor is held now} */
  public int watched() {
    int n = 0;
    for (Tracked t : tracked.values()) {
      n += t.watch != null ? 1 : 0;
    }
    return n;
  }

  /** Closes every held descriptor; from now on tables are read and compared. */
  public void close() {
    for (Tracked t : tracked.values()) {
      t.release();
    }
    tracked.clear();
    watcher = null;
  }
}
