package io.containernetstat.core.internal;

import io.containernetstat.core.Failure;
import java.nio.file.FileSystemException;

/**
 * Thrown when a file is refused without being read whole: it is not a regular file, or it holds more
 * than the cap for its kind. Not API.
 *
 * <p>Its message is {@code <file>: <what is wrong>}; {@link #reason()} is the short reason a
 * {@code ReadResult.Failed} carries.
 */
public final class RefusedFileException extends FileSystemException {
  private static final long serialVersionUID = 1L;

  private final Failure reason;

  /**
   * Creates the exception.
   *
   * @param file the file, as the message names it
   * @param reason {@link Failure#NOT_REGULAR_FILE} or {@link Failure#TOO_LARGE}
   * @param detail what is wrong, for people
   */
  public RefusedFileException(String file, Failure reason, String detail) {
    super(file, null, detail);
    this.reason = reason;
  }

  /** {@return {@link Failure#NOT_REGULAR_FILE} or {@link Failure#TOO_LARGE}} */
  public Failure reason() {
    return reason;
  }
}
