package io.containernetstat.sink.prometheus.internal;

import io.containernetstat.core.Failure;
import io.containernetstat.core.Snapshot;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the agent has counted over all the collections it has rendered: collections, errors by reason,
 * departed processes, the last successful collection. <b>Not thread-safe</b>: the caller serialises
 * {@link #add}. Not API.
 *
 * <p>Each distinct snapshot must be added once: scrapes that share one collection must not count its
 * errors twice; {@code ContainerNetstatCollector} makes sure of that.
 */
public final class AgentTotals {
  /** Error reasons exported from the start at 0, so that {@code rate()} sees their first increase. */
  public static final String[] KNOWN_REASONS = java.util.stream.Stream.concat(
          java.util.stream.Stream.of("duplicate_labels", "filesystem", "resolver"),
          java.util.stream.Stream.of(Failure.MALFORMED, Failure.NOT_REGULAR_FILE, Failure.TOO_LARGE,
              Failure.PERMISSION_DENIED, Failure.READ_ERROR).map(Failure::label))
      .sorted().toArray(String[]::new);

  /**
   * {@code Snapshot.errorsByReason}'s reason for a namespace whose socket dump failed: exported at 0 from
   * the first collection that monitored sockets, not from the start, as the agent may not dump them.
   */
  private static final String SOCKETS = "sockets";

  private long collections;
  private long gone;
  private final Map<String, Long> errors = new TreeMap<>();
  private Instant lastSuccess;

  /** Creates totals with every known reason at zero. */
  public AgentTotals() {
    for (String reason : KNOWN_REASONS) {
      errors.put(reason, 0L);
    }
  }

  /**
   * Adds one collection.
   *
   * @param snapshot the collection
   * @param duplicates namespaces or filesystems left out of it because their labels repeated another's
   */
  public void add(Snapshot snapshot, int duplicates) {
    collections++;
    gone += snapshot.gone();
    if (SocketFamilies.monitored(snapshot)) {
      errors.putIfAbsent(SOCKETS, 0L);
    }
    snapshot.errorsByReason().forEach((reason, n) -> errors.merge(reason, (long) n, Long::sum));
    if (duplicates > 0) {
      errors.merge("duplicate_labels", (long) duplicates, Long::sum);
    }
    if (snapshot.resolverError() == null
        && (lastSuccess == null || !snapshot.timestamp().isBefore(lastSuccess))) {
      lastSuccess = snapshot.timestamp();
    }
  }

  /** {@return the number of collections added} */
  public long collections() {
    return collections;
  }

  /** {@return the processes that exited during collections, summed} */
  public long gone() {
    return gone;
  }

  /** {@return a copy of the errors by reason, in reason order} */
  public Map<String, Long> errors() {
    return new TreeMap<>(errors);
  }

  /** {@return when the last collection whose resolution succeeded started, or null before the first} */
  public Instant lastSuccess() {
    return lastSuccess;
  }
}
