package io.containernetstat.fsstat.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.internal.Processes;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.OptionalLong;

/**
 * Finds which containers' mount tables changed with one {@code poll(2)} over descriptors held on their
 * {@code /proc/<pid>/mountinfo}, so that a table is read again only when it changed. <b>Not
 * thread-safe</b>: one watcher per probe. Not API.
 *
 * <p>The kernel's {@code mounts_poll} ({@code fs/proc_namespace.c}) compares the mount namespace's
 * event counter with the one the descriptor saw last, reports {@code POLLERR|POLLPRI} when they differ
 * and stores the new value: the poll itself acknowledges the change (a read does not), so a table must
 * be read after every poll that reported it, and a change made after the poll is reported by the next
 * one. The counter moves on every mount, unmount, move, propagation into the namespace and change of a
 * mount's own flags ({@code mount -o remount,bind,ro}); it does not move when a superblock's flags
 * change from outside the namespace (an ext4 {@code errors=remount-ro}, a remount on the host), so
 * the superblock's read-only state must come from {@code statvfs}, not from the table.
 *
 * <p>A held {@code mountinfo} descriptor holds a reference to the mount namespace and keeps reading it
 * after every process in it exited, so it pins the container's mounts (its tmpfs memory, its volumes)
 * for as long as it is open. Hence, the same rule as netstat-core's held net descriptors: each watch
 * also holds {@code /proc/<pid>/comm}, which is bound to the process and fails with ESRCH once it exits
 * (even if the PID is reused); {@link Watch#alive()} reads it once per probe (about 1 us, against
 * about 3 us for {@code stat}), and the caller closes a watch in the probe that finds its process gone
 * or its container no longer probed.
 *
 * <p>Cost per probe: one {@code poll} for all containers, one {@code pread} of {@code comm} per
 * container, and one read of each table that changed; two descriptors per container.
 */
public final class MountinfoWatcher {
  private static final int POLLFD_SIZE = 8; // struct pollfd: int fd; short events; short revents
  private static final short CHANGED = Libc.POLLERR | Libc.POLLPRI;

  private final ProcRoot root;
  private Memory pollfds = new Memory(64 * POLLFD_SIZE);
  private Memory buffer = new Memory(16 << 10);
  private byte[] bytes = new byte[16 << 10];
  private final Memory probe = new Memory(64);

  private MountinfoWatcher(ProcRoot root) {
    this.root = root;
  }

  /**
   * Tells why a watcher cannot be made for {@code root}.
   *
   * @param root the proc root
   * @return null when {@link #create} will work; else the reason, for example that JNA is missing or
   *     that the root is not a procfs mount (a test's fixture directory, whose files never signal)
   */
  public static String problem(ProcRoot root) {
    String libc;
    try {
      libc = Libc.problem();
    } catch (LinkageError e) {
      return "JNA is not available: " + e;
    }
    if (libc != null) {
      return libc;
    }
    try {
      FileStore store = Files.getFileStore(root.path());
      if (!"proc".equals(store.type())) {
        return root.path() + " is not a procfs mount (" + store.type() + "), its files do not signal changes";
      }
    } catch (IOException | RuntimeException e) {
      return "cannot tell the filesystem of " + root.path() + ": " + e;
    }
    return null;
  }

  /**
   * {@return a watcher}
   *
   * @param root the proc root, a procfs mount
   * @throws IllegalStateException if {@link #problem} is not null
   */
  public static MountinfoWatcher create(ProcRoot root) {
    String problem = problem(root);
    if (problem != null) {
      throw new IllegalStateException(problem);
    }
    return new MountinfoWatcher(root);
  }

  /**
   * Starts watching a process's mount table: opens {@code comm}, checks the process's start time,
   * opens {@code mountinfo}. Read the table with {@link #read} next.
   *
   * @param pid the process
   * @param startTime its start time as the resolver saw it; negative to skip the check
   * @return the watch, or null when the process is gone (or the PID names another process now)
   * @throws TooManyOpenFiles if the process or the system is out of descriptors
   * @throws IOException if a file cannot be opened (AccessDeniedException for EACCES and EPERM)
   */
  public Watch open(long pid, long startTime) throws IOException {
    String dir = root.pid(pid).toString();
    int comm;
    try {
      comm = open(dir + "/comm");
    } catch (NoSuchFileException e) {
      return null;
    }
    Watch w = new Watch(dir, comm);
    boolean ok = false;
    try {
      // comm is bound to whichever process had the PID when it was opened. If that process is still
      // alive after the start time matched and after mountinfo was opened, all three are the resolved
      // process's: a live process keeps its PID.
      OptionalLong start = Processes.startTime(root, pid);
      if (start.isEmpty() || (startTime >= 0 && start.getAsLong() != startTime)) {
        return null;
      }
      try {
        w.mountinfo = open(w.mountinfoPath);
      } catch (NoSuchFileException e) {
        return null;
      }
      ok = w.alive();
      return ok ? w : null;
    } finally {
      if (!ok) {
        w.close();
      }
    }
  }

  /**
   * Polls every watch once, without waiting, and marks those whose mount table changed since the last
   * poll ({@link Watch#changed()}). Marks all of them when {@code poll} itself fails, so that nothing is
   * missed.
   *
   * @param watches the watches of this probe
   */
  public void poll(List<Watch> watches) {
    int n = watches.size();
    if (n == 0) {
      return;
    }
    if (pollfds.size() < (long) n * POLLFD_SIZE) {
      pollfds = new Memory((long) Math.max(n, 2 * pollfds.size() / POLLFD_SIZE) * POLLFD_SIZE);
    }
    for (int i = 0; i < n; i++) {
      long at = (long) i * POLLFD_SIZE;
      pollfds.setInt(at, watches.get(i).mountinfo);
      pollfds.setShort(at + 4, CHANGED);
      pollfds.setShort(at + 6, (short) 0);
    }
    int ready;
    while (true) {
      try {
        ready = Libc.poll(pollfds, n, 0);
        break;
      } catch (LastErrorException e) {
        if (e.getErrorCode() != Libc.EINTR) {
          ready = -1;
          break;
        }
      }
    }
    for (int i = 0; i < n; i++) {
      short revents = ready < 0 ? CHANGED : pollfds.getShort((long) i * POLLFD_SIZE + 6);
      // POLLNVAL or POLLHUP cannot happen on an open mountinfo; a read will tell what is wrong.
      watches.get(i).changed = (revents & (CHANGED | Libc.POLLNVAL | Libc.POLLHUP)) != 0;
    }
  }

  /**
   * Reads a watched table whole, from offset 0 (procfs regenerates it on a read at 0), into
   * {@link #bytes()}.
   *
   * @param w the watch
   * @return how many bytes {@link #bytes()} holds
   * @throws IOException if the read fails, or the table exceeds 64 MiB
   */
  public int read(Watch w) throws IOException {
    long n = 0;
    while (true) {
      if (n == buffer.size()) {
        if (buffer.size() >= FileBytes.MAX_SIZE) {
          throw new IOException(w.mountinfoPath + " is larger than " + FileBytes.MAX_SIZE + " bytes");
        }
        Memory bigger = new Memory(buffer.size() * 2);
        bigger.write(0, buffer.getByteArray(0, (int) n), 0, (int) n);
        buffer = bigger;
      }
      long r;
      try {
        r = Libc.pread(w.mountinfo, buffer.share(n), buffer.size() - n, n);
      } catch (LastErrorException e) {
        throw failure(w.mountinfoPath, e.getErrorCode());
      }
      if (r <= 0) {
        break;
      }
      n += r;
    }
    if (bytes.length < n) {
      bytes = new byte[(int) Math.max(n, buffer.size())];
    }
    buffer.read(0, bytes, 0, (int) n);
    return (int) n;
  }

  /** {@return the bytes the last {@link #read} filled; valid up to the length it returned} */
  public byte[] bytes() {
    return bytes;
  }

  private int open(String path) throws IOException {
    while (true) {
      try {
        return Libc.open(path, Libc.O_RDONLY | Libc.O_CLOEXEC);
      } catch (LastErrorException e) {
        if (e.getErrorCode() != Libc.EINTR) {
          throw failure(path, e.getErrorCode());
        }
      }
    }
  }

  private static IOException failure(String path, int errno) {
    String reason = Errno.describe(errno);
    switch (errno) {
      case Libc.ENOENT:
      case Libc.ESRCH:
        return new NoSuchFileException(path, null, reason);
      case Libc.EACCES:
      case Libc.EPERM:
        return new AccessDeniedException(path, null, reason);
      case Libc.EMFILE:
      case Libc.ENFILE:
        return new TooManyOpenFiles(path, reason);
      default:
        return new FileSystemException(path, null, reason);
    }
  }

  /** The process or the system has no descriptor left: hold fewer, read the plain way. */
  public static final class TooManyOpenFiles extends FileSystemException {
    private static final long serialVersionUID = 1L;

    TooManyOpenFiles(String path, String reason) {
      super(path, null, reason);
    }
  }

  /** The two descriptors held for one process. Not thread-safe. */
  public final class Watch implements AutoCloseable {
    private final String dir;
    private final String mountinfoPath;
    private final int comm;
    private int mountinfo = -1;
    private boolean changed;
    private boolean closed;

    private Watch(String dir, int comm) {
      this.dir = dir;
      this.mountinfoPath = dir + "/mountinfo";
      this.comm = comm;
    }

    /**
     * {@return whether the process this watch was opened for still runs}: one {@code pread} of its
     * {@code comm}, which fails with ESRCH once it exited
     *
     * @throws IOException if the read fails for another reason
     */
    public boolean alive() throws IOException {
      try {
        Libc.pread(comm, probe, probe.size(), 0);
        return true;
      } catch (LastErrorException e) {
        if (e.getErrorCode() == Libc.ESRCH) {
          return false;
        }
        throw failure(dir + "/comm", e.getErrorCode());
      }
    }

    /** {@return whether the last {@link MountinfoWatcher#poll} found the table changed} */
    public boolean changed() {
      return changed;
    }

    /** Closes both descriptors, releasing the mount namespace; idempotent. */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (mountinfo >= 0) {
        closeQuietly(mountinfo);
      }
      closeQuietly(comm);
    }

    private void closeQuietly(int fd) {
      try {
        Libc.close(fd);
      } catch (LastErrorException ignored) {
        // close(2) releases the descriptor even when it reports an error; nothing to write back on procfs
      }
    }
  }
}
