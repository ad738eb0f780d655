package io.containernetstat.sockdiag;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one dump found in a namespace; immutable.
 *
 * @param tcpStates the TCP sockets by state, every {@link TcpState} present (zero included), in the
 *     enum's order; empty for a {@link DumpKind#LISTEN} dump
 * @param udp the UDP sockets; empty for a {@link DumpKind#LISTEN} dump
 * @param listeners every TCP listener, IPv4 first, in the kernel's order
 */
public record SocketStats(Map<TcpState, Long> tcpStates, Optional<UdpStats> udp, List<Listener> listeners) {
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
    udp = java.util.Objects.requireNonNull(udp, "udp");
    listeners = List.copyOf(listeners);
  }

  /** {@return the count of TCP sockets in {@code state}; 0 for a {@link DumpKind#LISTEN} dump} */
  public long tcp(TcpState state) {
    return tcpStates.getOrDefault(state, 0L);
  }

  /** {@return the listener with the fullest accept queue (the highest queue/limit), if any} */
  public Optional<Listener> fullestListener() {
    Listener fullest = null;
    for (Listener l : listeners) {
      if (fullest == null || l.queue() * Math.max(1, fullest.limit()) > fullest.queue() * Math.max(1, l.limit())) {
        fullest = l;
      }
    }
    return Optional.ofNullable(fullest);
  }
}
