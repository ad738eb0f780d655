package io.containernetstat.sockdiag;

import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.internal.Processes;

/**
 * Run by {@link PrivilegeTest} in a child JVM without {@code CAP_SYS_ADMIN}: prints what
 * {@link SockDiag#checkPrivilege()} and a dump of its own namespace say, one line each.
 */
public final class PrivilegeProbe {
  private PrivilegeProbe() {}

  /**
   * Prints {@code check <problem or ok>} and {@code dump <result>}.
   *
   * @param args none
   * @throws Exception if its own start time cannot be read
   */
  public static void main(String[] args) throws Exception {
    System.out.println("check " + SockDiag.checkPrivilege().orElse("ok"));
    long pid = ProcessHandle.current().pid();
    long startTime = Processes.startTime(ProcRoot.DEFAULT, pid).orElseThrow();
    try (SockDiagReader reader = new SockDiagReader()) {
      DumpResult result = reader.dump(pid, startTime, DumpKind.LISTEN);
      System.out.println("dump " + (result instanceof DumpResult.Failed f ? f.reason() + " " + f.message() : result));
    }
  }
}
