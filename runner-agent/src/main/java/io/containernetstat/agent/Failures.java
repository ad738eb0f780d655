package io.containernetstat.agent;

import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.Snapshot;

/** Turns failures into the one-line messages users read. Stateless. */
final class Failures {
  private Failures() {}

  /**
   * Tells whether a collection read nothing at all, and why.
   *
   * <p>Nothing was read when the resolver failed, or when there were namespaces and every one of them
   * failed. No namespace at all (a host with no containers) is not a failure.
   *
   * @return null when something was read; else a message that says why and what to check
   */
  static String nothingRead(Snapshot snapshot) {
    if (snapshot.resolverError() != null) {
      return "nothing could be read: " + snapshot.resolverError();
    }
    int failed = 0;
    NamespaceSnapshot first = null;
    for (NamespaceSnapshot ns : snapshot.namespaces()) {
      if (ns.ok()) {
        return null;
      }
      failed++;
      if (first == null) {
        first = ns;
      }
    }
    if (first == null) {
      return null;
    }
    // A denied read's error says why (needs root or CAP_SYS_PTRACE; as uid 0, the capabilities involved).
    return "nothing could be read: all " + failed + " network namespace" + (failed == 1 ? "" : "s")
        + " failed (first: " + first.error() + ")";
  }
}
