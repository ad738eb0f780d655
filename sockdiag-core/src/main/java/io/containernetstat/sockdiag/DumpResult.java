package io.containernetstat.sockdiag;

import io.containernetstat.core.Failure;
import io.containernetstat.core.sockets.SocketStats;

/**
 * The outcome of dumping one namespace's sockets: what was found, the process is gone, or a failure. A
 * process that exited is not an error; a failure names the process and what failed.
 */
public sealed interface DumpResult {
  /** {@return the process the namespace was reached through} */
  long pid();

  /**
   * The sockets were dumped.
   *
   * @param pid the process the namespace was reached through
   * @param stats what the dump found
   */
  record Dumped(long pid, SocketStats stats) implements DumpResult {}

  /**
   * The process exited (or its PID now names another process); its socket, if one was held, is closed.
   *
   * @param pid the process that is gone
   */
  record Gone(long pid) implements DumpResult {}

  /**
   * The dump failed; the held socket, if any, is closed and the next dump opens a new one.
   *
   * @param pid the process the namespace was reached through
   * @param reason {@link Failure#PERMISSION_DENIED} (entering the namespace needs {@code CAP_SYS_ADMIN}),
   *     {@link Failure#MALFORMED} (a reply not as the kernel writes it), {@link Failure#TIMED_OUT} (no
   *     reply in time) or {@link Failure#READ_ERROR} (any other error, such as the kernel's)
   * @param message the process and what failed, for people
   * @param cause the underlying exception
   */
  record Failed(long pid, Failure reason, String message, Exception cause) implements DumpResult {}
}
