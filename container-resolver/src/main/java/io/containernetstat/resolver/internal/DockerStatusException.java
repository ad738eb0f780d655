package io.containernetstat.resolver.internal;

/**
 * The Docker daemon answered a call with an HTTP error: the connection is fine, the call is not. Carries
 * the status and the daemon's own message. Not API.
 */
public final class DockerStatusException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;

  /**
   * Creates the exception.
   *
   * @param status the HTTP status, 400 or more
   * @param message the daemon's message
   */
  public DockerStatusException(int status, String message) {
    super("HTTP " + status + ": " + message);
    this.status = status;
  }

  /** {@return the HTTP status} */
  public int status() {
    return status;
  }
}
