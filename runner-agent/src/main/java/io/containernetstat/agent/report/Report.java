package io.containernetstat.agent.report;

import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.Snapshot;
import io.containernetstat.core.sockets.NamespaceSockets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code --once} prints: one collection, and the cost of the repeated ones; immutable.
 *
 * @param host the host name reported
 * @param snapshot the first collection
 * @param cycles the timing of {@code --cycles}, or null
 * @param includeHostNetwork whether the host's own namespace is shown
 */
public record Report(String host, Snapshot snapshot, CycleStats cycles, boolean includeHostNetwork) {

  /** Validates. */
  public Report {
    Objects.requireNonNull(host, "host == null");
    Objects.requireNonNull(snapshot, "snapshot == null");
  }

  /** {@return the namespaces to show: all but the host's own, unless it was asked for} */
  public List<NamespaceSnapshot> namespaces() {
    if (includeHostNetwork) {
      return snapshot.namespaces();
    }
    List<NamespaceSnapshot> out = new ArrayList<>(snapshot.namespaces().size());
    for (NamespaceSnapshot ns : snapshot.namespaces()) {
      if (!ns.target().hostNetwork()) {
        out.add(ns);
      }
    }
    return out;
  }

  /** {@return each namespace's sockets by namespace inode; empty when sockets were not dumped} */
  public Map<Long, NamespaceSockets> socketsByNetns() {
    Map<Long, NamespaceSockets> out = new HashMap<>();
    for (NamespaceSockets s : snapshot.sockets()) {
      out.put(s.target().netnsInode(), s);
    }
    return out;
  }

  /** {@return whether any namespace was dumped with every TCP state (--sockets states)} */
  public boolean hasSocketStates() {
    for (NamespaceSockets s : snapshot.sockets()) {
      if (s.ok() && s.stats().hasStates()) {
        return true;
      }
    }
    return false;
  }
}
