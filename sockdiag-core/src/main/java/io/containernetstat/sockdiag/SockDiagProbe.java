package io.containernetstat.sockdiag;

import io.containernetstat.core.Failure;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.sockets.NamespaceSockets;
import io.containernetstat.core.sockets.SocketProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@link SocketProbe} of a {@code Collector}: one {@link SockDiagReader} dump per namespace read, its
 * sockets held between collections and closed in the collection a namespace is no longer read.
 *
 * <pre>{@code
 * Collector collector = Collector.builder(resolver)
 *     .socketProbe(new SockDiagProbe(DumpKind.LISTEN, SockDiagReader.DEFAULT_MAX_PORTS))
 *     .build();
 * }</pre>
 *
 * <p>Check {@link SockDiag#checkPrivilege()} first: without {@code CAP_SYS_ADMIN} every namespace other
 * than the agent's own fails with {@link Failure#PERMISSION_DENIED}.
 */
public final class SockDiagProbe implements SocketProbe {
  private final DumpKind kind;
  private final boolean hostNetwork;
  private final SockDiagReader reader;

  /**
   * Starts the probe's reader; the host's own namespace is not dumped.
   *
   * @param kind what each collection dumps
   * @param maxPorts the most listening ports per namespace whose listeners are kept one by one (see
   *     {@link SockDiagReader#SockDiagReader(ProcRoot, int)})
   * @throws IllegalStateException if sock_diag cannot be used here
   */
  public SockDiagProbe(DumpKind kind, int maxPorts) {
    this(ProcRoot.DEFAULT, kind, maxPorts, false);
  }

  /**
   * Starts the probe's reader.
   *
   * @param root the proc root the targets' PIDs belong to (the collector's)
   * @param kind what each collection dumps
   * @param maxPorts the most listening ports per namespace whose listeners are kept one by one
   * @param hostNetwork whether the host's own namespace ({@link NetnsTarget#hostNetwork()}) is dumped too:
   *     on a busy node it holds most connections, so a states dump of it costs the most, and its figures
   *     are the host's, not a container's
   * @throws IllegalStateException if sock_diag cannot be used here
   */
  public SockDiagProbe(ProcRoot root, DumpKind kind, int maxPorts, boolean hostNetwork) {
    this.kind = Objects.requireNonNull(kind, "kind == null");
    this.hostNetwork = hostNetwork;
    this.reader = new SockDiagReader(root, maxPorts);
  }

  /** {@return what each collection dumps} */
  public DumpKind kind() {
    return kind;
  }

  /**
   * Dumps each namespace (the host's only when asked), then closes the sockets of namespaces not given.
   *
   * @param namespaces the namespaces read in this collection
   * @return one entry per namespace dumped or failed; exited processes and the host's namespace (unless
   *     asked) left out
   */
  @Override
  public List<NamespaceSockets> probe(List<NetnsTarget> namespaces) {
    List<NamespaceSockets> out = new ArrayList<>(namespaces.size());
    List<Long> pids = new ArrayList<>(namespaces.size());
    String broken = null;
    for (NetnsTarget target : namespaces) {
      if (target.hostNetwork() && !hostNetwork) {
        continue;
      }
      if (broken != null) {
        out.add(NamespaceSockets.failed(target, Failure.READ_ERROR, broken));
        continue;
      }
      DumpResult result;
      try {
        result = reader.dump(target.pid(), target.pidStartTime(), kind);
      } catch (IllegalStateException e) {
        broken = "sock_diag of the network namespace of process " + target.pid() + ": " + e.getMessage();
        out.add(NamespaceSockets.failed(target, Failure.READ_ERROR, broken));
        continue;
      }
      if (result instanceof DumpResult.Dumped dumped) {
        out.add(NamespaceSockets.dumped(target, dumped.stats()));
        pids.add(target.pid());
      } else if (result instanceof DumpResult.Failed failed) {
        out.add(NamespaceSockets.failed(target, failed.reason(), failed.message()));
        pids.add(target.pid());
      }
    }
    reader.retainOnly(pids);
    return out;
  }

  /** {@return how many namespaces have a socket held} */
  public int heldSockets() {
    return reader.heldSockets();
  }

  /** Closes every held socket and stops the reader's thread. */
  @Override
  public void close() {
    reader.close();
  }
}
