package io.containernetstat.resolver.internal;

/** A Docker API call failed or did not answer in time; the message names the daemon and the call. Not API. */
public final class DockerCallException extends Exception {
  private static final long serialVersionUID = 1L;

  /** How the call failed. */
  public enum Kind {
    /** No answer within the call timeout: the call was abandoned and its connection closed. */
    TIMEOUT,
    /** No connection: the socket is missing, refused, or not permitted. */
    UNREACHABLE,
    /** The daemon answered with an error. */
    FAILED
  }

  private final Kind kind;

  /**
   * Creates the exception.
   *
   * @param kind how the call failed
   * @param message what failed, naming the daemon
   * @param cause the underlying failure, or null
   */
  public DockerCallException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** {@return how the call failed} */
  public Kind kind() {
    return kind;
  }
}
