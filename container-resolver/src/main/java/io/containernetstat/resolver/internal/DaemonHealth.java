package io.containernetstat.resolver.internal;

import io.containernetstat.resolver.DockerResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the Docker daemon answers, and when to call it again after it did not: a back-off of 1 s
 * doubling to 30 s, so that a hung daemon does not cost a call timeout every cycle. Warns once when
 * a daemon that answered goes down and says when it answers again. One caller at a time. Not API.
 */
public final class DaemonHealth {
  private static final Logger LOG = LoggerFactory.getLogger(DockerResolver.class);
  private static final long MIN_BACKOFF_NANOS = 1_000_000_000L;
  private static final long MAX_BACKOFF_NANOS = 30_000_000_000L;

  private final String host;
  private String error;
  private String cause;
  /** Whether the daemon ever answered: only then is a failed call news worth a warning of its own. */
  private boolean answered;
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

  /**
   * {@return why the last call failed, as the call said it ({@code Docker daemon at ... is unreachable
   * ('ping'): ...}) without what to check; null when it succeeded}
   */
  public String cause() {
    return cause;
  }

  /** {@return whether the last call failed and its back-off has not run out at {@code now}} */
  public boolean backingOff(long now) {
    return error != null && now - nextAttemptNanos < 0;
  }

  /**
   * Notes a failed call: keeps its message, warns once if the daemon had answered before (it went away:
   * news), and starts or doubles the back-off. A daemon that never answered is not warned about here:
   * what the resolver throws, or auto's choice, says it once (a warning here too said it twice).
   *
   * @param e the failed call
   */
  public void down(DockerCallException e) {
    String message = e.getMessage() + ". Check that dockerd is running, that " + host
        + " is its address (DOCKER_HOST or the resolver's docker host setting) and that this process may open"
        + " it (root or the docker group)";
    if (error == null) {
      if (answered) {
        LOG.warn("{}", message);
      } else {
        LOG.debug("{}", message);
      }
    }
    error = message;
    cause = e.getMessage();
    backoffNanos = backoffNanos == 0 ? MIN_BACKOFF_NANOS : Math.min(MAX_BACKOFF_NANOS, backoffNanos * 2);
    nextAttemptNanos = System.nanoTime() + backoffNanos;
  }

  /** Notes that the daemon answered a probe. */
  public void pinged() {
    answered = true;
  }

  /** Notes a cycle whose calls all succeeded: ends the back-off, saying so if the daemon was down. */
  public void up() {
    answered = true;
    if (error != null) {
      LOG.info("Docker daemon at {} answers again", host);
      error = null;
      cause = null;
      backoffNanos = 0;
    }
  }
}
