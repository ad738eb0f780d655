package io.containernetstat.agent.report;

import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.Snapshot;
import java.util.ArrayList;
import java.util.List;
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
}
