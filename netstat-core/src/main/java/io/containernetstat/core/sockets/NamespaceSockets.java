package io.containernetstat.core.sockets;

import io.containernetstat.core.Failure;
import io.containernetstat.core.NetnsTarget;
import java.util.Objects;

/**
 * The sockets of one network namespace in one collection, or why they could not be dumped; immutable.
 *
 * @param target the namespace, as resolved
 * @param stats what the dump found, or null when it failed
 * @param failure null when dumped; else why not ({@link Failure#PERMISSION_DENIED} without
 *     {@code CAP_SYS_ADMIN}, {@link Failure#MALFORMED}, {@link Failure#TIMED_OUT}, {@link Failure#READ_ERROR})
 * @param error null when dumped; else the process and what failed
 */
public record NamespaceSockets(NetnsTarget target, SocketStats stats, Failure failure, String error) {
  /**
   * Validates that exactly one of stats and error (with its failure) is set.
   *
   * @throws IllegalArgumentException if both or neither are set
   */
  public NamespaceSockets {
    Objects.requireNonNull(target, "target == null");
    if ((stats == null) == (error == null) || (error == null) != (failure == null)) {
      throw new IllegalArgumentException("exactly one of stats and error (with its reason) must be set");
    }
  }

  /** {@return a namespace whose sockets were dumped} */
  public static NamespaceSockets dumped(NetnsTarget target, SocketStats stats) {
    return new NamespaceSockets(target, Objects.requireNonNull(stats, "stats == null"), null, null);
  }

  /** {@return a namespace whose dump failed} */
  public static NamespaceSockets failed(NetnsTarget target, Failure failure, String error) {
    return new NamespaceSockets(target, null, Objects.requireNonNull(failure, "failure == null"), error);
  }

  /** {@return whether the sockets were dumped} */
  public boolean ok() {
    return stats != null;
  }
}
