package io.containernetstat.sockdiag.internal;

/** The process whose namespace was to be entered is gone: not an error, reported as gone. Not API. */
public final class GoneException extends Exception {
  private static final long serialVersionUID = 1L;

  private final long pid;

  /**
   * Creates the exception.
   *
   * @param pid the process that is gone
   */
  public GoneException(long pid) {
    super("process " + pid + " is gone", null, false, false);
    this.pid = pid;
  }

  /** {@return the process that is gone} */
  public long pid() {
    return pid;
  }
}
