package io.containernetstat.core.sockets;

import io.containernetstat.core.Collector;
import io.containernetstat.core.NetnsTarget;
import java.util.List;

/**
 * Dumps the sockets of network namespaces (TCP listeners and their accept queues, optionally every TCP
 * state and UDP); called once per collection by one thread. Implemented outside netstat-core (sockdiag-core
 * reads netlink sock_diag), plugged into a {@link Collector}.
 */
public interface SocketProbe extends AutoCloseable {

  /**
   * Dumps the sockets of each namespace read in this collection.
   *
   * @param namespaces the namespaces whose counters were read
   * @return one entry per namespace dumped or failed; a namespace whose process exited, or that the
   *     probe does not dump by its own options (the host's), is left out; never throws for a single
   *     namespace's failure
   */
  List<NamespaceSockets> probe(List<NetnsTarget> namespaces);

  /** Releases what the probe holds. The default does nothing. */
  @Override
  default void close() {}
}
