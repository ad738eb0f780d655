package io.containernetstat.core;

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
   * @param reason a short machine-friendly reason: {@code malformed} (the content, a {@code stat} or an
   *     {@code ns/net} link is not what the kernel writes), {@code not_regular_file} (a FIFO, directory or
   *     device where a file should be: refused before it is opened), {@code too_large} (more than the
   *     file's {@link ProcNetFile#maxBytes() cap}: not read whole), {@code permission_denied} or
   *     {@code read_error}
   * @param message the file and what went wrong (for a malformed file: the line and its number)
   * @param cause the underlying exception
   */
  record Failed(String reason, String message, Exception cause) implements ReadResult {}
}
