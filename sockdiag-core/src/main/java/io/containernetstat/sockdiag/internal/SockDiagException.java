package io.containernetstat.sockdiag.internal;

import io.containernetstat.core.Failure;

/** A dump that failed, with the {@link Failure} it is reported as. Not API. */
public final class SockDiagException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Failure reason;

  /**
   * Creates the exception.
   *
   * @param reason how the failure is classified
   * @param message what failed, for people
   * @param cause the underlying error, or null
   */
  public SockDiagException(Failure reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** {@return how the failure is classified} */
  public Failure reason() {
    return reason;
  }
}
