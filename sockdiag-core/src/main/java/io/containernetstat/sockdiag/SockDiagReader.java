package io.containernetstat.sockdiag;

import io.containernetstat.core.Failure;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.internal.Failures;
import io.containernetstat.core.internal.ProcFormatException;
import io.containernetstat.core.internal.BoundedReader;
import io.containernetstat.core.internal.HeldStat;
import io.containernetstat.core.sockets.SocketStats;
import io.containernetstat.core.sockets.SocketStats.EstablishedHash;
import io.containernetstat.sockdiag.internal.DiagMessages;
import io.containernetstat.sockdiag.internal.DiagSocket;
import io.containernetstat.sockdiag.internal.GoneException;
import io.containernetstat.sockdiag.internal.NamespaceThread;
import io.containernetstat.sockdiag.internal.SockDiagException;
import io.containernetstat.sockdiag.internal.StatsBuilder;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Dumps the sockets of network namespaces through netlink sock_diag, holding one socket per namespace
 * between calls, like {@code NetnsReader} holds the counter files' descriptors.
 *
 * <p>A namespace is reached through a process in it, identified by its PID and start time (field 22 of
 * {@code /proc/<pid>/stat}), so that a reused PID is never taken for the old process. The first
 * {@link #dump} for a process creates a {@code NETLINK_SOCK_DIAG} socket inside its namespace (on the
 * reader's {@code sockdiag-setns} thread; needs {@code CAP_SYS_ADMIN}, see {@link SockDiag#checkPrivilege()})
 * and keeps it; later dumps reuse it. The socket is closed by {@link #release}, {@link #retainOnly},
 * {@link #close()}, when the process is found gone, and after a failed dump (the next dump opens a new one).
 *
 * <pre>{@code
 * try (SockDiagReader reader = new SockDiagReader()) {
 *   DumpResult result = reader.dump(pid, startTime, DumpKind.LISTEN);
 *   reader.retainOnly(pidsStillResolved);
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one collection thread uses it (its setns thread is its own).
 */
public final class SockDiagReader implements AutoCloseable {
  private static final int TCP_ALL_STATES = 0xfff;
  private static final int TCPF_LISTEN = 1 << 10;
  private static final int[] FAMILIES = {DiagMessages.AF_INET, DiagMessages.AF_INET6};

  private final ProcRoot root;
  private final NamespaceThread thread;
  private final DiagSocket.Buffer buffer = DiagSocket.newBuffer();
  private final Map<Long, Held> held = new HashMap<>();
  private final int maxPorts;
  private boolean closed;

  private final BoundedReader statBuffer = new BoundedReader(512);

  /** A namespace's socket, and the stat of the process it was reached through (closed together). */
  private record Held(long startTime, HeldStat stat, DiagSocket socket, EstablishedHash establishedHash) {
    void close() {
      socket.close();
      stat.close();
    }
  }

  /**
   * Starts the reader's {@code sockdiag-setns} thread and opens the agent's own namespace there; it
   * reaches processes through {@code /proc} and each dump keeps the listeners of at most
   * {@value #DEFAULT_MAX_PORTS} ports one by one.
   *
   * @throws IllegalStateException if sock_diag cannot be used here (not 64-bit Linux, libc not bound,
   *     or the own namespace cannot be opened)
   */
  public SockDiagReader() {
    this(ProcRoot.DEFAULT, DEFAULT_MAX_PORTS);
  }

  /**
   * Starts the reader's {@code sockdiag-setns} thread and opens the agent's own namespace there.
   *
   * @param root the proc root the processes' PIDs belong to (the one the resolver used)
   * @param maxPorts the most listening ports per namespace whose listeners a dump keeps one by one (the
   *     lowest ports, every listener of a kept port); the rest are summed in {@link SocketStats#leftOut()};
   *     at least 0
   * @throws IllegalArgumentException if {@code maxPorts} is negative
   * @throws IllegalStateException if sock_diag cannot be used here (not 64-bit Linux, libc not bound,
   *     or the own namespace cannot be opened)
   */
  public SockDiagReader(ProcRoot root, int maxPorts) {
    this.root = java.util.Objects.requireNonNull(root, "root == null");
    if (maxPorts < 0) {
      throw new IllegalArgumentException("maxPorts must be >= 0, got " + maxPorts);
    }
    this.maxPorts = maxPorts;
    this.thread = new NamespaceThread();
  }

  /** The listening ports per namespace whose listeners a dump keeps one by one unless told otherwise. */
  public static final int DEFAULT_MAX_PORTS = 32;

  /**
   * Dumps the sockets of the namespace of process {@code pid}: two requests per protocol (IPv4, IPv6),
   * TCP only for {@link DumpKind#LISTEN}, TCP and UDP for {@link DumpKind#STATES}.
   *
   * @param pid a process in the namespace
   * @param startTime its start time, as the resolver saw it
   * @param kind what to dump
   * @return the stats; {@link DumpResult.Gone} when the process exited or its PID names another process;
   *     {@link DumpResult.Failed} naming the process and what failed
   * @throws IllegalStateException if the reader is closed, or its setns thread could not return to the
   *     agent's own namespace (then no namespace can be entered any more: the thread is stopped)
   */
  public DumpResult dump(long pid, long startTime, DumpKind kind) {
    if (closed) {
      throw new IllegalStateException("the SockDiagReader is closed");
    }
    Held socket;
    try {
      socket = socketFor(pid, startTime);
    } catch (GoneException e) {
      release(pid);
      return new DumpResult.Gone(pid);
    } catch (SockDiagException e) {
      return failed(pid, e.reason(), e);
    } catch (IOException | ProcFormatException e) {
      return failed(pid, Failures.of(e), e);
    }
    try {
      StatsBuilder stats = new StatsBuilder(maxPorts);
      boolean states = kind == DumpKind.STATES;
      for (int family : FAMILIES) {
        socket.socket().dump(family, DiagMessages.IPPROTO_TCP, states ? TCP_ALL_STATES : TCPF_LISTEN, 0, buffer,
            stats.tcp());
      }
      if (states) {
        for (int family : FAMILIES) {
          socket.socket().dump(family, DiagMessages.IPPROTO_UDP, TCP_ALL_STATES, DiagMessages.EXT_SKMEMINFO, buffer,
              stats.udp());
        }
      }
      return new DumpResult.Dumped(pid, stats.build(states, socket.establishedHash()));
    } catch (SockDiagException e) {
      release(pid);
      return failed(pid, e.reason(), e);
    }
  }

  private Held socketFor(long pid, long startTime) throws IOException, SockDiagException, GoneException {
    Held current = held.get(pid);
    if (current != null && current.startTime() == startTime) {
      if (current.stat().liveStartTime(statBuffer) < 0) {
        throw new GoneException(pid); // the held stat names the process: one pread, no path walk
      }
      return current;
    }
    release(pid);
    HeldStat stat = HeldStat.open(root, pid);
    if (stat == null) {
      throw new GoneException(pid);
    }
    DiagSocket socket = null;
    try {
      requireSameProcess(stat, pid, startTime);
      NamespaceThread.Opened opened = thread.openSocket(root.pid(pid).resolve("ns").resolve("net").toString(), pid);
      socket = new DiagSocket(opened.fd());
      requireSameProcess(stat, pid, startTime); // the PID was not reused while its namespace was entered
      Held fresh = new Held(startTime, stat, socket, opened.establishedHash());
      held.put(pid, fresh);
      return fresh;
    } catch (IOException | SockDiagException | GoneException | RuntimeException e) {
      if (socket != null) {
        socket.close();
      }
      stat.close();
      throw e;
    }
  }

  private void requireSameProcess(HeldStat stat, long pid, long startTime) throws IOException, GoneException {
    if (stat.liveStartTime(statBuffer) != startTime) {
      throw new GoneException(pid);
    }
  }

  private static DumpResult failed(long pid, Failure reason, Exception e) {
    return new DumpResult.Failed(pid, reason, "sock_diag of the network namespace of process " + pid + ": "
        + Failures.describe(e), e);
  }

  /**
   * Closes the socket held for {@code pid}, if any.
   *
   * @param pid the process whose namespace is no longer collected
   */
  public void release(long pid) {
    Held gone = held.remove(pid);
    if (gone != null) {
      gone.close();
    }
  }

  /**
   * Closes the sockets of every process not in {@code pids}: call once per cycle with the processes
   * still resolved, so that a namespace that went keeps no descriptor.
   *
   * @param pids the processes to keep
   */
  public void retainOnly(Collection<Long> pids) {
    Set<Long> keep = new HashSet<>(pids);
    for (Iterator<Map.Entry<Long, Held>> it = held.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Held> entry = it.next();
      if (!keep.contains(entry.getKey())) {
        entry.getValue().close();
        it.remove();
      }
    }
  }

  /** {@return how many namespaces have a socket held} */
  public int heldSockets() {
    return held.size();
  }

  /** Closes every held socket and stops the setns thread; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    retainOnly(Set.of());
    thread.close();
  }
}
