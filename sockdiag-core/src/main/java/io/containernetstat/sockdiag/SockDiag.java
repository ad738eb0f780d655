package io.containernetstat.sockdiag;

import io.containernetstat.sockdiag.internal.NamespaceThread;
import java.util.Optional;

/** Checks, at start, whether sock_diag can be read in other network namespaces here. */
public final class SockDiag {
  private SockDiag() {}

  /**
   * Tries {@code setns(CLONE_NEWNET)} into this thread's own network namespace, which needs the same
   * {@code CAP_SYS_ADMIN} as entering any other; the namespace does not change.
   *
   * @return empty when namespaces can be entered; otherwise why not, for people (for {@code EPERM} the
   *     message names {@code CAP_SYS_ADMIN}), so that an option needing it fails at start
   */
  public static Optional<String> checkPrivilege() {
    return Optional.ofNullable(NamespaceThread.privilegeProblem());
  }
}
