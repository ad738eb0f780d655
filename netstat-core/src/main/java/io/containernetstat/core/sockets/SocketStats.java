package io.containernetstat.core.sockets;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one socket dump found in a namespace; immutable.
 *
 * <p>Listeners are bounded: those of at most the probe's per-namespace number of ports are kept, the
 * lowest ports (every listener of a kept port, so a {@code SO_REUSEPORT} group is never split), so that
 * the series they give stay the same from cycle to cycle; the rest are summed in {@link #leftOut()}.
 *
 * @param tcpStates the TCP sockets by state, every {@link TcpState} present (zero included), in the
 *     enum's order; empty when only listeners were dumped
 * @param udp the UDP sockets; empty when only listeners were dumped
 * @param listeners the TCP listeners kept, by port, then address
 * @param leftOut the listeners beyond the limit, summed
 * @param establishedHash whether the namespace has an established hash of its own
 */
public record SocketStats(Map<TcpState, Long> tcpStates, Optional<UdpStats> udp, List<Listener> listeners,
    LeftOut leftOut, EstablishedHash establishedHash) {
  /**
   * Copies the collections.
   *
   * @throws NullPointerException if an argument or an element is null
   * @throws IllegalArgumentException if {@code tcpStates} is neither empty nor has every state
   */
  public SocketStats {
    if (!tcpStates.isEmpty() && tcpStates.size() != TcpState.values().length) {
      throw new IllegalArgumentException("tcpStates needs every state or none: " + tcpStates.keySet());
    }
    tcpStates = tcpStates.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(tcpStates));
    udp = Objects.requireNonNull(udp, "udp");
    listeners = List.copyOf(listeners);
    Objects.requireNonNull(leftOut, "leftOut");
    Objects.requireNonNull(establishedHash, "establishedHash");
  }

  /** {@return whether TCP states and UDP sockets were counted (not only listeners)} */
  public boolean hasStates() {
    return !tcpStates.isEmpty();
  }

  /** {@return the count of TCP sockets in {@code state}; 0 when only listeners were dumped} */
  public long tcp(TcpState state) {
    return tcpStates.getOrDefault(state, 0L);
  }

  /** {@return every TCP listener of the namespace: those kept and those left out} */
  public int listenerCount() {
    return listeners.size() + leftOut.count();
  }

  /** {@return the kept listener with the fullest accept queue (the highest queue/limit), if any} */
  public Optional<Listener> fullestListener() {
    Listener fullest = null;
    for (Listener l : listeners) {
      if (fullest == null || l.queue() * Math.max(1, fullest.limit()) > fullest.queue() * Math.max(1, l.limit())) {
        fullest = l;
      }
    }
    return Optional.ofNullable(fullest);
  }

  /**
   * The listeners beyond the per-namespace limit, summed; immutable.
   *
   * @param count how many were left out
   * @param queue their accept queues, summed
   * @param limit their limits, summed
   */
  public record LeftOut(int count, long queue, long limit) {
    /** None left out. */
    public static final LeftOut NONE = new LeftOut(0, 0, 0);

    /**
     * Validates the counts.
     *
     * @throws IllegalArgumentException if one is negative
     */
    public LeftOut {
      if (count < 0 || queue < 0 || limit < 0) {
        throw new IllegalArgumentException("left-out counts must be >= 0");
      }
    }
  }

  /**
   * Whether a namespace's TCP established hash is its own, which says what a states dump costs there.
   * Read from {@code net.ipv4.tcp_ehash_entries} inside the namespace (Linux 6.1+: negative when the
   * namespace shares the host's table, positive when {@code net.ipv4.tcp_child_ehash_entries} gave it its
   * own when it was created).
   */
  public enum EstablishedHash {
    /** The namespace has its own table: a states dump walks only its own connections. */
    OWN,
    /** The namespace shares the host's table: a states dump walks every connection on the host. */
    SHARED,
    /** Not known (the sysctl could not be read). */
    UNKNOWN;

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    /** {@return the label: {@code own}, {@code shared} or {@code unknown}} */
    public String label() {
      return label;
    }
  }
}
