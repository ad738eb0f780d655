package io.containernetstat.resolver.internal;

import io.containernetstat.core.ProcFormatException;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.Processes;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * Small procfs and cgroupfs reads with one reused buffer: a process's start time, its cgroup file, its
 * command, a cgroup's process list. Not thread-safe: one instance per resolver, which is called by one
 * thread at a time.
 *
 * <p>Every read distinguishes "gone" (the process or cgroup no longer exists: {@code -1} or null) from a
 * failed read ({@link IOException}). Not API.
 */
public final class ProcFiles {
  /** /proc/PID/stat is at most a few hundred bytes; cgroup.procs of one container is rarely more. */
  private byte[] buf = new byte[4096];

  /** For reads through held files: a direct buffer spares the JDK's temporary copy. */
  private final ByteBuffer direct = ByteBuffer.allocateDirect(4096);

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
   * @return the start time, or -1 when the process is gone
   * @throws IOException if the file cannot be read for another reason
   * @throws ProcFormatException if the file is malformed
   */
  public long startTime(Path statPath) throws IOException {
    int n = read(statPath);
    if (n < 0) {
      return -1;
    }
    return Processes.parseStartTime(statPath.toString(), buf, n);
  }

  /**
   * Opens a process's stat file and keeps it open, so that checking on the process later costs one
   * {@code pread} instead of a path walk, open, read and close (about a fifth of the cost, measured for
   * procfs files in the netstat-core reference). A held stat file also names the process, not the PID:
   * once the process has exited, reads fail with ESRCH, even if the PID has been reused.
   *
   * @param pid the process
   * @return the open file, or null when the process is gone; the caller closes it
   * @throws IOException if the file cannot be opened for another reason
   */
  public FileChannel openStat(long pid) throws IOException {
    try {
      return FileChannel.open(statPath(pid), StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      if (isGone(e)) {
        return null;
      }
      throw e;
    }
  }

  /**
   * Reads a process's start time through its held stat file: one {@code pread} at offset 0, which
   * regenerates the content (a stat file is one short record, returned whole by one read).
   *
   * @param stat what {@link #openStat} returned
   * @param source the file's path, for error messages
   * @return the start time, or -1 when the process has exited (the file stays open: close it)
   * @throws IOException if the read fails for another reason
   * @throws ProcFormatException if the content is malformed
   */
  public long startTime(FileChannel stat, String source) throws IOException {
    direct.clear();
    int n;
    try {
      n = stat.read(direct, 0);
    } catch (IOException e) {
      if (isGone(e)) {
        return -1;
      }
      throw e;
    }
    if (n <= 0) {
      return -1;
    }
    if (n == direct.capacity()) {
      throw new ProcFormatException(source, 1, "", "longer than " + direct.capacity() + " bytes");
    }
    direct.flip();
    direct.get(buf, 0, n);
    return Processes.parseStartTime(source, buf, n);
  }

  /**
   * Reads a process's network namespace inode.
   *
   * @param pid the process
   * @return the inode, or -1 when the process is gone
   * @throws IOException if the link cannot be read (permission denied names what is needed)
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
    return readText(root.pid(pid).resolve("cgroup"));
  }

  /**
   * Reads {@code <root>/<pid>/comm} without its newline.
   *
   * @return the command, or null when the process is gone
   * @throws IOException if the file cannot be read for another reason
   */
  public String comm(long pid) throws IOException {
    String text = readText(root.pid(pid).resolve("comm"));
    if (text == null) {
      return null;
    }
    int end = text.length();
    while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == ' ')) {
      end--;
    }
    return text.substring(0, end);
  }

  /**
   * Reads a small file as ISO-8859-1 text.
   *
   * @return the content, or null when the file (or its process) is gone
   * @throws IOException if the file cannot be read for another reason
   */
  public String readText(Path file) throws IOException {
    int n = read(file);
    return n < 0 ? null : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
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
    int n = read(procsFile);
    if (n < 0) {
      return null;
    }
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
   * Reads a whole small file into {@link #buf}, growing it when needed.
   *
   * @return the byte count, or -1 when the file or its process is gone
   */
  private int read(Path file) throws IOException {
    // FileInputStream: open + read + close, no channel or attribute lookup; procfs files report size 0,
    // so read until EOF.
    try (InputStream in = new FileInputStream(file.toString())) {
      int total = 0;
      while (true) {
        if (total == buf.length) {
          buf = java.util.Arrays.copyOf(buf, buf.length * 2);
        }
        int r = in.read(buf, total, buf.length - total);
        if (r < 0) {
          return total;
        }
        total += r;
      }
    } catch (FileNotFoundException | NoSuchFileException e) {
      if (isDenied(e)) {
        throw new java.nio.file.AccessDeniedException(file.toString(), null, "permission denied");
      }
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
    return io.containernetstat.core.Processes.isGone(e) || (message != null && message.contains("No such file"));
  }

  private static boolean isDenied(IOException e) {
    String message = e.getMessage();
    return message != null && message.contains("Permission denied");
  }
}
