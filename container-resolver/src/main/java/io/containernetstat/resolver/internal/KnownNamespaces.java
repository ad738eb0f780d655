package io.containernetstat.resolver.internal;

import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.internal.BoundedReader;
import io.containernetstat.core.internal.HeldProcFile;
import io.containernetstat.core.internal.ProcFormatException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The netns resolver's namespaces as it keeps them between cycles: per namespace, the process it is read
 * through, with that process's {@code comm} held open. A namespace whose process is the same as last
 * cycle costs one {@code pread} of the held comm (a dozen bytes, where {@code stat} formats some fifty
 * fields: half the kernel's time), which proves at once that the process is alive and is the one
 * resolved (a held file fails with ESRCH once its process exits, even if the PID is reused) and gives
 * its command. A zombie needs no check here: it has no namespaces, so its {@code ns/net} cannot be read
 * and the resolver never asks for it. When the command changed (exec, {@code PR_SET_NAME}), the stat is
 * read again: the same start time is a rename, another one (possible only in a tree of plain files,
 * where a held file does not name a process) a new process under the same PID. Only a namespace found
 * through another process is resolved anew (stat, and {@code comm} held).
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
    final HeldProcFile held;
    /** The held comm's bytes as last read, to notice a change. */
    byte[] commBytes;
    /** The command, the namespace's name. */
    String comm;
    NetnsTarget target;
    int cycle;

    Known(long pid, long startTime, HeldProcFile held) {
      this.pid = pid;
      this.startTime = startTime;
      this.held = held;
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
    if (k != null && k.pid == pid && k.held != null) {
      int n = k.held.read(in);
      if (n >= 0 && Arrays.equals(k.commBytes, 0, k.commBytes.length, in.buffer(), 0, n)) {
        if (k.target.hostNetwork() != (inode == hostInode)) {
          k.target = namer.name(pid, inode, k.startTime, k.comm, inode == hostInode);
        }
        k.cycle = cycle;
        return k.target;
      }
      if (n >= 0 && proc.startTime(proc.statPath(pid)) == k.startTime) {
        name(k, n, inode, hostInode);
        k.cycle = cycle;
        return k.target;
      }
      // Exited (the held comm fails once its process is gone), or another process under the same PID.
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

  /** {@return how many namespaces are kept (and comm descriptors held, at most)} */
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

  /**
   * Resolves a namespace through {@code pid} anew: its comm held, then its start time read (while the held
   * comm reads, the stat read by path in between was that process's: a PID is not reused while its
   * process lives).
   */
  private NetnsTarget resolve(long pid, long inode, long hostInode) throws IOException {
    Known old = known.remove(inode);
    if (old != null) {
      close(old);
    }
    HeldProcFile held;
    try {
      held = HeldProcFile.open(root, pid, "comm", ProcFiles.COMM_MAX_BYTES);
    } catch (FileSystemException e) {
      if (e.getMessage() == null || !e.getMessage().contains("Too many open files")) {
        throw e;
      }
      return resolveUnheld(pid, inode, hostInode);
    }
    if (held == null) {
      return null;
    }
    boolean keep = false;
    try {
      long start = proc.startTime(proc.statPath(pid));
      int n = start < 0 ? -1 : held.read(in);
      if (n < 0) {
        return null;
      }
      Known k = new Known(pid, start, held);
      name(k, n, inode, hostInode);
      k.cycle = cycle;
      known.put(inode, k);
      keep = true;
      return k.target;
    } finally {
      if (!keep) {
        held.close();
      }
    }
  }

  /** Names the namespace after the command just read into {@code in} ({@code n} bytes of the held comm). */
  private void name(Known k, int n, long inode, long hostInode) {
    k.commBytes = Arrays.copyOf(in.buffer(), n);
    k.comm = ProcFiles.commText(in.buffer(), n);
    k.target = namer.name(k.pid, inode, k.startTime, k.comm, inode == hostInode);
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
    if (k.held != null) {
      k.held.close();
    }
  }
}
