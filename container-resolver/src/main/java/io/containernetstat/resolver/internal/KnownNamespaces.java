package io.containernetstat.resolver.internal;

import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.internal.BoundedReader;
import io.containernetstat.core.internal.HeldStat;
import io.containernetstat.core.internal.ProcFormatException;
import io.containernetstat.core.internal.Processes;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The netns resolver's namespaces as it keeps them between cycles: per namespace, the process it is read
 * through, with that process's {@code stat} held open. A namespace whose process is the same as last
 * cycle costs one {@code pread} of the held stat, which proves at once that the process is alive, is
 * the one resolved (a held stat fails with ESRCH once its process exits, even if the PID is reused) and
 * is not a zombie, and gives its command (field 2: when that changes, {@code comm} is read again). Only a
 * namespace found through another process is resolved anew (stat and {@code comm}).
 *
 * <p>Which processes are in which namespace is not kept: the resolver reads every process's
 * {@code ns/net} every cycle, so a process that called {@code setns} or {@code unshare} is found in its
 * new namespace in the next cycle. Not thread-safe. Not API.
 */
public final class KnownNamespaces implements AutoCloseable {
  /** Builds the target of a namespace from its process, as the resolver names it. */
  @FunctionalInterface
  public interface Namer {
    /**
     * {@return the target}
     *
     * @param pid the process the namespace is read through
     * @param inode the namespace
     * @param startTime the process's start time
     * @param comm its command
     * @param host whether the namespace is the host's
     */
    NetnsTarget name(long pid, long inode, long startTime, String comm, boolean host);
  }

  /** What the resolver keeps of one namespace. */
  private static final class Known {
    final long pid;
    final long startTime;
    /** Null when no descriptor could be held (the open-file limit): then resolved anew every cycle. */
    final HeldStat stat;
    /** The command as {@code stat} shows it, to notice a change. */
    byte[] statComm;
    /** The command as {@code comm} shows it (escaped), the namespace's name. */
    String comm;
    NetnsTarget target;
    int cycle;

    Known(long pid, long startTime, HeldStat stat) {
      this.pid = pid;
      this.startTime = startTime;
      this.stat = stat;
    }
  }

  private final ProcRoot root;
  private final ProcFiles proc;
  private final Namer namer;
  private final BoundedReader in = new BoundedReader(512);
  private final Map<Long, Known> known = new HashMap<>();
  private int cycle;

  /**
   * Creates the table.
   *
   * @param proc the resolver's procfs reads
   * @param namer how the resolver names a namespace
   */
  public KnownNamespaces(ProcFiles proc, Namer namer) {
    this.root = proc.root();
    this.proc = proc;
    this.namer = namer;
  }

  /** Starts a cycle: namespaces not {@link #target asked for} in it are released by {@link #endCycle()}. */
  public void startCycle() {
    cycle++;
  }

  /**
   * {@return the target of namespace {@code inode} read through {@code pid}, or null when the process has
   * exited (or is a zombie)}
   *
   * @param pid a process found in the namespace this cycle (its {@code ns/net} read)
   * @param inode the namespace
   * @param hostInode the host's namespace, or -1 when unknown
   * @throws IOException if the process's files cannot be read, are not regular files or are too large
   * @throws ProcFormatException if its stat is malformed
   */
  public NetnsTarget target(long pid, long inode, long hostInode) throws IOException {
    Known k = known.get(inode);
    if (k != null && k.pid == pid && k.stat != null) {
      int n = k.stat.read(in);
      long start = n < 0 ? -1 : Processes.liveStartTime(k.stat.source(), in.buffer(), n);
      if (start == k.startTime) {
        if (!sameComm(k.statComm, in.buffer(), n)) {
          String comm = proc.comm(pid);
          if (comm == null) {
            return null;
          }
          k.statComm = statComm(in.buffer(), n);
          k.comm = comm;
          k.target = namer.name(pid, inode, start, comm, inode == hostInode);
        } else if (k.target.hostNetwork() != (inode == hostInode)) {
          k.target = namer.name(pid, inode, start, k.comm, inode == hostInode);
        }
        k.cycle = cycle;
        return k.target;
      }
      // Exited, a zombie, or (never with a held stat) another start time: the PID may be a new process.
    }
    return resolve(pid, inode, hostInode);
  }

  /** Releases the namespaces not asked for since {@link #startCycle()}. */
  public void endCycle() {
    for (Iterator<Known> it = known.values().iterator(); it.hasNext(); ) {
      Known k = it.next();
      if (k.cycle != cycle) {
        close(k);
        it.remove();
      }
    }
  }

  /** {@return how many namespaces are kept (and stat descriptors held, at most)} */
  public int size() {
    return known.size();
  }

  @Override
  public void close() {
    for (Known k : known.values()) {
      close(k);
    }
    known.clear();
  }

  /** Resolves a namespace through {@code pid} anew: its stat held, its command read. */
  private NetnsTarget resolve(long pid, long inode, long hostInode) throws IOException {
    Known old = known.remove(inode);
    if (old != null) {
      close(old);
    }
    HeldStat stat;
    try {
      stat = HeldStat.open(root, pid);
    } catch (FileSystemException e) {
      if (e.getMessage() == null || !e.getMessage().contains("Too many open files")) {
        throw e;
      }
      return resolveUnheld(pid, inode, hostInode);
    }
    if (stat == null) {
      return null;
    }
    boolean keep = false;
    try {
      int n = stat.read(in);
      long start = n < 0 ? -1 : Processes.liveStartTime(stat.source(), in.buffer(), n);
      if (start < 0) {
        return null;
      }
      byte[] statComm = statComm(in.buffer(), n);
      String comm = proc.comm(pid);
      if (comm == null) {
        return null;
      }
      Known k = new Known(pid, start, stat);
      k.statComm = statComm;
      k.comm = comm;
      k.target = namer.name(pid, inode, start, comm, inode == hostInode);
      k.cycle = cycle;
      known.put(inode, k);
      keep = true;
      return k.target;
    } finally {
      if (!keep) {
        stat.close();
      }
    }
  }

  /** Out of descriptors: resolved by path, as every cycle until one can be held again. */
  private NetnsTarget resolveUnheld(long pid, long inode, long hostInode) throws IOException {
    long start = proc.startTime(proc.statPath(pid));
    String comm = start < 0 ? null : proc.comm(pid);
    if (comm == null) {
      return null;
    }
    Known k = new Known(pid, start, null);
    k.comm = comm;
    k.target = namer.name(pid, inode, start, comm, inode == hostInode);
    k.cycle = cycle;
    known.put(inode, k);
    return k.target;
  }

  private static void close(Known k) {
    if (k.stat != null) {
      k.stat.close();
    }
  }

  /** {@return the command field of a stat line (between the first '(' and the last ')'), copied} */
  private static byte[] statComm(byte[] buf, int n) {
    int open = openParen(buf, n);
    int close = closeParen(buf, n);
    return open < 0 || close < open ? new byte[0] : Arrays.copyOfRange(buf, open + 1, close);
  }

  private static boolean sameComm(byte[] last, byte[] buf, int n) {
    int open = openParen(buf, n);
    int close = closeParen(buf, n);
    return open >= 0 && close > open && Arrays.equals(last, 0, last.length, buf, open + 1, close);
  }

  private static int openParen(byte[] buf, int n) {
    for (int i = 0; i < n; i++) {
      if (buf[i] == '(') {
        return i;
      }
    }
    return -1;
  }

  private static int closeParen(byte[] buf, int n) {
    for (int i = n - 1; i >= 0; i--) {
      if (buf[i] == ')') {
        return i;
      }
    }
    return -1;
  }
}
