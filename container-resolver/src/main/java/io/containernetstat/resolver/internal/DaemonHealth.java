package io.containernetstat.resolver.internal;

import io.containernetstat.resolver.DockerResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the Docker daemon answers, and when to call it again after it did not: a back-off of 1 s
 * doubling to 30 s, so that a hung daemon does not cost a call timeout every cycle. Warns once when
 * the daemon goes down and says when it answers again. One caller at a time. Not API.
 */
public final class DaemonHealth {
  private static final Logger LOG = LoggerFactory.getLogger(DockerResolver.class);
  private static final long MIN_BACKOFF_NANOS = 1_000_000_000L;
  private static final long MAX_BACKOFF_NANOS = 30_000_000_000L;

  private final String host;
  private String error;
  /** Whether the daemon ever answered a probe: only then is a failed probe worth a warning. */
  private boolean pingedOnce;
  private long backoffNanos;
  private long nextAttemptNanos;

  /**
   * Creates the state of a daemon that has not been called yet.
   *
   * @param host the daemon's address, for messages
   */
  public DaemonHealth(String host) {
    this.host = host;
  }

  /** {@return why the last call failed, with what to check; null when it succeeded} */
  public String error() {
    return error;
  }

  /** {@return whether the last call failed and its back-off has not run out at {@code now}} */
  public boolean backingOff(long now) {
    return error != null && now - nextAttemptNanos < 0;
  }

  /** Notes that the daemon answered a probe. */
  public void pinged() {
    pingedOnce = true;
  }

  /** {@return whether the daemon ever answered a probe} */
  public boolean everPinged() {
    return pingedOnce;
  }

  /**
   * Notes a failed call: keeps its message, warns (or, when {@code quiet}, logs at debug) if the daemon
   * was up, and starts or doubles the back-off.
   *
   * @param e the failed call
   * @param quiet whether a daemon never seen is not news (a host without Docker)
   */
  public void down(DockerCallException e, boolean quiet) {
    String message = e.getMessage() + ". Check that dockerd is running, that " + host
        + " is its address (DOCKER_HOST or the resolver's docker host setting) and that this process may open"
        + " it (root or the docker group)";
    if (error == null) {
      if (quiet) {
        LOG.debug("{}", message);
      } else {
        LOG.warn("{}", message);
      }
    }
    error = message;
    backoffNanos = backoffNanos == 0 ? MIN_BACKOFF_NANOS : Math.min(MAX_BACKOFF_NANOS, backoffNanos * 2);
    nextAttemptNanos = System.nanoTime() + backoffNanos;
  }

  /** Notes a cycle whose calls all succeeded: ends the back-off, saying so if the daemon was down. */
  public void up() {
    if (error != null) {
      LOG.info("Docker daemon at {} answers again", host);
      error = null;
      backoffNanos = 0;
    }
  }
}
