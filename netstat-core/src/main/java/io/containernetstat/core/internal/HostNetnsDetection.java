package io.containernetstat.core.internal;

import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.Snapshot.HostNetns;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;

/** Finds the host's own network namespace through a proc root; stateless. Not API. */
public final class HostNetnsDetection {
  private HostNetnsDetection() {}

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
    BoundedReader in = new BoundedReader(64);
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
