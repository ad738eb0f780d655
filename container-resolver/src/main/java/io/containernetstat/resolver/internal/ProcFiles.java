package io.containernetstat.resolver.internal;

import io.containernetstat.core.internal.ProcFormatException;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.internal.HeldStat;
import io.containernetstat.core.internal.Processes;
import io.containernetstat.core.internal.BoundedReader;
import io.containernetstat.core.internal.RefusedFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Small procfs and cgroupfs reads with one reused buffer: a process's start time, its cgroup file, its
 * command, a cgroup's process list. Not thread-safe: one instance per resolver, which is called by one
 * thread at a time.
 *
 * <p>Every read distinguishes "gone" (the process or cgroup no longer exists: {@code -1} or null) from a
 * failed read ({@link IOException}) and from a file that is there but wrong ({@link ProcFormatException}:
 * an empty or malformed stat, a malformed {@code ns/net} link). Every file is checked to be a regular
 * file before it is opened, so a FIFO in its place is refused instead of blocking, and is read up to a
 * cap ({@link RefusedFileException} beyond it), as netstat-core's reader does. Not API.
 */
public final class ProcFiles {
  /** {@code comm} is at most 64 bytes (TASK_COMM_LEN 16; workqueue names reach 64). */
  static final int COMM_MAX_BYTES = 4096;
  /** {@code /proc/<pid>/cgroup}: one line per hierarchy, 13 on cgroup v1, each a path of a few hundred bytes. */
  static final int CGROUP_MAX_BYTES = 64 * 1024;
  /**
   * {@code cgroup.procs}: up to 8 bytes a PID (pid_max is at most 4,194,304); 1 MiB lists 130,000
   * processes, more than any one container runs.
   */
  static final int PROCS_MAX_BYTES = 1024 * 1024;

  /** A stat is at most a few hundred bytes; cgroup.procs of one container is rarely more. */
  private final BoundedReader in = new BoundedReader(4096);

  private final ProcRoot root;

  /**
   * Creates a reader of {@code root}.
   *
   * @param root the proc root
   */
  public ProcFiles(ProcRoot root) {
    this.root = root;
  }

  /** {@return the proc root read} */
  public ProcRoot root() {
    return root;
  }

  /** {@return the path {@code <root>/<pid>/stat}} */
  public Path statPath(long pid) {
    return root.pid(pid).resolve("stat");
  }

  /**
   * Reads a process's start time (field 22 of its stat).
   *
   * @param statPath {@code <root>/<pid>/stat}, as {@link #statPath} gives it (callers keep it to avoid
   *     building the path on every cycle)
   * @return the start time, or -1 when the process is gone or a zombie ({@link Processes#liveStartTime})
   * @throws IOException if the file cannot be read for another reason
   * @throws ProcFormatException if the file is malformed
   */
  public long startTime(Path statPath) throws IOException {
    int n = read(statPath, Processes.STAT_MAX_BYTES);
    if (n < 0) {
      return -1;
    }
    return Processes.liveStartTime(statPath.toString(), in.buffer(), n);
  }

  /**
   * Opens a process's stat file and keeps it open, so that checking on the process later costs one
   * {@code pread} instead of a path walk, open, read and close (about a fifth of the cost, measured for
   * procfs files in the netstat-core reference). A held stat file also names the process, not the PID:
   * once the process has exited, reads fail with ESRCH, even if the PID has been reused.
   *
   * @param pid the process
   * @return the open file, or null when the process is gone; the caller closes it
   * @throws RefusedFileException if it is not a regular file or is larger than a stat can be
   * @throws IOException if the file cannot be opened for another reason
   */
  public HeldStat openStat(long pid) throws IOException {
    return HeldStat.open(root, pid);
  }

  /**
   * Reads a process's start time through its held stat file: one {@code pread} at offset 0, which
   * regenerates the content (a stat file is one short record, returned whole by one read).
   *
   * @param stat what {@link #openStat} returned
   * @return the start time, or -1 when the process has exited, reaped or not (the file stays open: close it)
   * @throws RefusedFileException if the content has grown past what a stat can be
   * @throws IOException if the read fails for another reason
   * @throws ProcFormatException if the content is malformed or empty (an exited process fails with
   *     ESRCH; an empty read is not an exit)
   */
  public long startTime(HeldStat stat) throws IOException {
    return stat.liveStartTime(in);
  }

  /**
   * A container's process as found in the proc root, with its stat file held open.
   *
   * @param stat the held stat file; whoever keeps the identity closes it
   * @param startTime the process's start time
   * @param netnsInode its network namespace
   * @param cgroup its {@code /proc/<pid>/cgroup}
   */
  public record Identity(HeldStat stat, long startTime, long netnsInode, String cgroup) {}

  /**
   * Checks that {@code pid} is a live process of the container {@code containerId} (its cgroup names the
   * container, so a reused PID is not taken) and reads its identity, holding its stat file.
   *
   * @param pid the process
   * @param containerId the id its cgroup must contain
   * @return the identity, or null when the process is gone or belongs to something else by now
   * @throws IOException if a file cannot be read, is not a regular file or is too large
   * @throws ProcFormatException if its stat or namespace link is malformed
   */
  public Identity identify(long pid, String containerId) throws IOException {
    HeldStat stat = openStat(pid);
    if (stat == null) {
      return null;
    }
    boolean keep = false;
    try {
      long before = startTime(stat);
      if (before < 0) {
        return null;
      }
      String cgroup = cgroupText(pid);
      if (cgroup == null || !cgroup.contains(containerId)) {
        return null;
      }
      long inode = netnsInode(pid);
      // A held stat file reads only while its process lives: this read proves the inode is its.
      if (inode < 0 || startTime(stat) != before) {
        return null;
      }
      keep = true;
      return new Identity(stat, before, inode, cgroup);
    } finally {
      if (!keep) {
        stat.close();
      }
    }
  }

  /**
   * Reads a process's network namespace inode.
   *
   * @param pid the process
   * @return the inode, or -1 when the process is gone
   * @throws IOException if the link cannot be read (permission denied names what is needed)
   * @throws ProcFormatException if {@code ns/net} is not a link like {@code net:[4026532177]}
   */
  public long netnsInode(long pid) throws IOException {
    OptionalLong inode = Processes.netnsInode(root, pid);
    return inode.isPresent() ? inode.getAsLong() : -1;
  }

  /**
   * Reads {@code <root>/<pid>/cgroup}.
   *
   * @return the content, or null when the process is gone
   * @throws IOException if the file cannot be read for another reason
   */
  public String cgroupText(long pid) throws IOException {
    return readText(root.pid(pid).resolve("cgroup"), CGROUP_MAX_BYTES);
  }

  /**
   * Reads {@code <root>/<pid>/comm} without its newline.
   *
   * @return the command, or null when the process is gone
   * @throws IOException if the file cannot be read for another reason
   */
  public String comm(long pid) throws IOException {
    int n = read(root.pid(pid).resolve("comm"), COMM_MAX_BYTES);
    return n < 0 ? null : commText(in.buffer(), n);
  }

  /**
   * {@return a {@code comm} file's content as the command: ISO-8859-1, without its trailing newline and
   * spaces}
   *
   * @param buf the bytes read
   * @param n how many
   */
  public static String commText(byte[] buf, int n) {
    int end = n;
    while (end > 0 && (buf[end - 1] == '\n' || buf[end - 1] == ' ')) {
      end--;
    }
    return new String(buf, 0, end, StandardCharsets.ISO_8859_1);
  }

  /**
   * Reads a small file as ISO-8859-1 text.
   *
   * @param maxBytes the most bytes the file may hold
   * @return the content, or null when the file (or its process) is gone
   * @throws RefusedFileException if it is not a regular file or holds more than {@code maxBytes}
   * @throws IOException if the file cannot be read for another reason
   */
  public String readText(Path file, int maxBytes) throws IOException {
    int n = read(file, maxBytes);
    return n < 0 ? null : new String(in.buffer(), 0, n, StandardCharsets.ISO_8859_1);
  }

  /**
   * Reads the PIDs listed in a cgroup's {@code cgroup.procs}: one decimal per line, unordered, may
   * repeat.
   *
   * @param procsFile the {@code cgroup.procs} file
   * @return the PIDs sorted ascending without repeats; empty for an empty cgroup; null when the cgroup
   *     is gone
   * @throws IOException if the file cannot be read for another reason
   */
  public long[] cgroupProcs(Path procsFile) throws IOException {
    int n = read(procsFile, PROCS_MAX_BYTES);
    if (n < 0) {
      return null;
    }
    byte[] buf = in.buffer();
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (buf[i] == '\n') {
        count++;
      }
    }
    if (n > 0 && buf[n - 1] != '\n') {
      count++;
    }
    long[] pids = new long[count];
    int k = 0;
    long v = 0;
    boolean digits = false;
    for (int i = 0; i < n; i++) {
      byte b = buf[i];
      if (b >= '0' && b <= '9') {
        if (v > (Long.MAX_VALUE - 9) / 10) {
          throw new ProcFormatException(procsFile.toString(), k + 1, "", "PID out of range");
        }
        v = v * 10 + (b - '0');
        digits = true;
      } else if (b == '\n') {
        if (digits) {
          pids[k++] = v;
        }
        v = 0;
        digits = false;
      } else {
        throw new ProcFormatException(procsFile.toString(), k + 1, "", "not a PID list");
      }
    }
    if (digits) {
      pids[k++] = v;
    }
    java.util.Arrays.sort(pids, 0, k);
    int unique = 0;
    for (int i = 0; i < k; i++) {
      if (unique == 0 || pids[unique - 1] != pids[i]) {
        pids[unique++] = pids[i];
      }
    }
    return unique == pids.length ? pids : java.util.Arrays.copyOf(pids, unique);
  }

  /**
   * Reads a whole small file into the buffer: a type check, open, {@code pread}, close.
   *
   * @return the byte count, or -1 when the file or its process is gone
   */
  private int read(Path file, int maxBytes) throws IOException {
    try {
      return in.readFile(file, maxBytes);
    } catch (RefusedFileException e) {
      throw e;
    } catch (java.nio.file.AccessDeniedException e) {
      // stat, comm and cgroup are world-readable: refused only to another user, under hidepid
      throw new java.nio.file.AccessDeniedException(file.toString(), null,
          "permission denied: reading other processes' files needs root or CAP_SYS_PTRACE");
    } catch (NoSuchFileException e) {
      return -1;
    } catch (IOException e) {
      if (isGone(e)) {
        return -1;
      }
      throw e;
    }
  }

  /** Closes a held file, ignoring failure: it is being dropped. */
  public static void closeQuietly(java.io.Closeable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (IOException e) {
      // nothing to do: the file is dropped either way
    }
  }

  /** ESRCH (the process exited while its procfs entry was being read) or ENOENT (its entry is gone). */
  public static boolean isGone(IOException e) {
    String message = e.getMessage();
    return io.containernetstat.core.internal.Processes.isGone(e) || (message != null && message.contains("No such file"));
  }
}
