package io.containernetstat.core;

import io.containernetstat.core.internal.ReadResult;
import java.util.Objects;

/**
 * One network namespace in one collection: who lives there and what was read, or why it failed;
 * immutable.
 *
 * @param target the namespace and its containers, as resolved
 * @param stats the counters, or null when reading failed
 * @param failure null when read; else why not: {@link Failure#MALFORMED}, {@link Failure#NOT_REGULAR_FILE},
 *     {@link Failure#TOO_LARGE}, {@link Failure#PERMISSION_DENIED} or {@link Failure#READ_ERROR}
 * @param error null when read; else the file and what went wrong
 */
public record NamespaceSnapshot(NetnsTarget target, NetnsStats stats, Failure failure, String error) {

  /**
   * Validates that exactly one of stats and error is set.
   *
   * @throws IllegalArgumentException if both or neither are set
   */
  public NamespaceSnapshot {
    Objects.requireNonNull(target, "target == null");
    if ((stats == null) == (error == null) || (error == null) != (failure == null)) {
      throw new IllegalArgumentException("exactly one of stats and error (with its reason) must be set");
    }
  }

  /** {@return a namespace that was read} */
  public static NamespaceSnapshot read(NetnsTarget target, NetnsStats stats) {
    return new NamespaceSnapshot(target, Objects.requireNonNull(stats, "stats == null"), null, null);
  }

  /** {@return a namespace whose read failed} */
  public static NamespaceSnapshot failed(NetnsTarget target, Failure failure, String error) {
    return new NamespaceSnapshot(target, null, Objects.requireNonNull(failure, "failure == null"), error);
  }

  /** {@return whether the namespace was read} */
  public boolean ok() {
    return stats != null;
  }
}
