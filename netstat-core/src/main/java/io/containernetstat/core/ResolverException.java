package io.containernetstat.core;

/** Thrown when a resolver could resolve nothing; the message says why and what to check. */
public class ResolverException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message why nothing could be resolved
   */
  public ResolverException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message why nothing could be resolved
   * @param cause the underlying failure
   */
  public ResolverException(String message, Throwable cause) {
    super(message, cause);
  }
}
