package io.containernetstat.core.internal;

import io.containernetstat.core.Failure;
import io.containernetstat.core.NetnsStats;
import io.containernetstat.core.ProcNetFile;

/**
 * The outcome of reading one network namespace: its stats, the process is gone, or a failure. The
 * three are kept apart: a process that exited is not an error, and a failure names the file.
 */
public sealed interface ReadResult {

  /**
   * The namespace was read.
   *
   * @param stats the counters of each requested file that exists
   */
  record Read(NetnsStats stats) implements ReadResult {}

  /**
   * The process exited before or while its files were read; the caller skips it quietly.
   *
   * @param pid the process that is gone
   */
  record Gone(long pid) implements ReadResult {}

  /**
   * A file could not be read or parsed.
   *
   * @param reason why: {@link Failure#MALFORMED} (the content, a {@code stat} or an {@code ns/net} link is
   *     not what the kernel writes), {@link Failure#NOT_REGULAR_FILE} (a FIFO, directory or device where a
   *     file should be: refused before it is opened), {@link Failure#TOO_LARGE} (more than the file's
   *     {@link ProcNetFile#maxBytes() cap}: not read whole), {@link Failure#PERMISSION_DENIED} or
   *     {@link Failure#READ_ERROR}
   * @param message the file and what went wrong (for a malformed file: the line and its number)
   * @param cause the underlying exception
   */
  record Failed(Failure reason, String message, Exception cause) implements ReadResult {}
}
