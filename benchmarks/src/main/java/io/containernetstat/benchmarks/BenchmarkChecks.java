package io.containernetstat.benchmarks;

import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.internal.ReadResult;
import io.containernetstat.core.Snapshot;

/**
 * Sanity checks run in benchmark setup, so a benchmark never measures a cycle that silently read
 * nothing (a wrong proc root, a resolver that found no container, permissions). Stateless.
 */
final class BenchmarkChecks {
  private BenchmarkChecks() {}

  /** Fails unless {@code result} is a successful read. */
  static void requireRead(ReadResult result, Object what) {
    if (!(result instanceof ReadResult.Read)) {
      throw new IllegalStateException("reading " + what + " gave " + result);
    }
  }

  /** Fails unless the snapshot read exactly {@code namespaces} namespaces, all successfully. */
  static Snapshot requireComplete(Snapshot snapshot, int namespaces) {
    if (snapshot.resolverError() != null) {
      throw new IllegalStateException("resolver failed: " + snapshot.resolverError());
    }
    if (snapshot.namespaces().size() != namespaces) {
      throw new IllegalStateException("expected " + namespaces + " namespaces, the cycle read "
          + snapshot.namespaces().size() + " (gone: " + snapshot.gone() + ", warnings: " + snapshot.warnings() + ")");
    }
    for (NamespaceSnapshot ns : snapshot.namespaces()) {
      if (!ns.ok()) {
        throw new IllegalStateException("namespace " + ns.target().displayName() + " failed: " + ns.error());
      }
    }
    return snapshot;
  }
}
