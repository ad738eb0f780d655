package io.containernetstat.core.internal;

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

  /** {@link #reason()} of a file that is not a regular file (a FIFO, a directory, a device, ...). */
  public static final String NOT_REGULAR_FILE = "not_regular_file";

  /** {@link #reason()} of a file larger than its cap. */
  public static final String TOO_LARGE = "too_large";

  private final String reason;

  /**
   * Creates the exception.
   *
   * @param file the file, as the message names it
   * @param reason {@link #NOT_REGULAR_FILE} or {@link #TOO_LARGE}
   * @param detail what is wrong, for people
   */
  public RefusedFileException(String file, String reason, String detail) {
    super(file, null, detail);
    this.reason = reason;
  }

  /** {@return {@link #NOT_REGULAR_FILE} or {@link #TOO_LARGE}} */
  public String reason() {
    return reason;
  }
}
