package io.containernetstat.core.internal;

import io.containernetstat.core.ProcRoot;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The host's own network namespace, and which process was used to find it; immutable.
 *
 * <p>Containers with host networking share this namespace; its counters are the host's totals, so a
 * sink does not export them as a container's figures by default.
 *
 * @param inode the namespace inode
 * @param referencePid the process whose namespace was taken as the host's
 * @param reference how it was chosen, for logs and reports
 */
public record HostNetns(long inode, long referencePid, String reference) {

  /**
   * Finds the host's network namespace through the proc root.
   *
   * <p>PID 1 (init) is the reference. Where it is unreadable (sandboxes that hide PID 1, as on the
   * development machine of this project), PID 2 is used when it is {@code kthreadd}: kernel threads
   * always live in the initial network namespace. Both need a proc root of the host PID namespace.
   *
   * @param root the proc root
   * @return the host namespace, or empty when neither reference can be read
   */
  public static Optional<HostNetns> detect(ProcRoot root) {
    try {
      OptionalLong init = Processes.netnsInode(root, 1);
      if (init.isPresent()) {
        return Optional.of(new HostNetns(init.getAsLong(), 1, "pid 1 (init)"));
      }
    } catch (IOException | ProcFormatException e) {
      // fall through to the kernel-thread reference
    }
    try {
      if (isKthreadd(root)) {
        OptionalLong kthreadd = Processes.netnsInode(root, 2);
        if (kthreadd.isPresent()) {
          return Optional.of(new HostNetns(kthreadd.getAsLong(), 2,
              "pid 2 (kthreadd; pid 1 was unreadable)"));
        }
      }
    } catch (IOException | ProcFormatException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static boolean isKthreadd(ProcRoot root) throws IOException {
    // Bounded and type-checked like every procfs read: a FIFO here must not hang the detection.
    io.containernetstat.core.internal.BoundedReader in = new io.containernetstat.core.internal.BoundedReader(64);
    try {
      int n = in.readFile(root.pid(2).resolve("comm"), COMM_MAX_BYTES);
      return Ascii.text(in.buffer(), 0, n).trim().equals("kthreadd");
    } catch (java.nio.file.NoSuchFileException e) {
      return false;
    }
  }

  /** A command is at most 64 bytes (TASK_COMM_LEN is 16; workqueue names reach 64). */
  private static final int COMM_MAX_BYTES = 4096;
}
