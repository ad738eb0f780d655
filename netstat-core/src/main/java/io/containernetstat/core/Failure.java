package io.containernetstat.core;

import java.util.Locale;

/**
 * Why a namespace, a container's filesystems or one mount could not be measured; the message kept
 * beside it says which file and what happened, for people.
 *
 * <p>{@link #label()} is the value sinks export ({@code reason="malformed"}); the labels of the first
 * five are those namespace failures have always had.
 */
public enum Failure {
  /** The content, a {@code stat} line or an {@code ns/net} link is not what the kernel writes. */
  MALFORMED,
  /** A FIFO, directory or device where a file should be: refused before it is opened. */
  NOT_REGULAR_FILE,
  /** More than the file's cap ({@link ProcNetFile#maxBytes()}): not read whole. */
  TOO_LARGE,
  /** The kernel refused access: reading another process's files needs root or CAP_SYS_PTRACE. */
  PERMISSION_DENIED,
  /** Any other error of the read. */
  READ_ERROR,
  /** The process or the mount went away while it was measured. */
  EXITED,
  /** The call did not return in time (a hung network filesystem), or could not be started in time. */
  TIMED_OUT;

  private final String label = name().toLowerCase(Locale.ROOT);

  /** {@return the lower-case name sinks export, for example {@code not_regular_file}} */
  public String label() {
    return label;
  }
}
