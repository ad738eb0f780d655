package io.containernetstat.sockdiag.internal;

import io.containernetstat.sockdiag.Listener;
import io.containernetstat.sockdiag.SocketStats;
import io.containernetstat.sockdiag.TcpState;
import io.containernetstat.sockdiag.UdpStats;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Counts the sockets of one namespace's dumps without keeping per-socket data, except listeners;
 * {@link #tcp()} and {@link #udp()} are the visitors of the TCP and the UDP dumps. Single use. Not API.
 */
public final class StatsBuilder {
  private static final int UDP_UNCONNECTED = 7;

  private final long[] tcpCounts = new long[TcpState.values().length];
  private final List<Listener> listeners = new ArrayList<>();
  private long udpListen;
  private long udpConnected;
  private long udpRx;
  private long udpTx;
  private long udpDropped;

  /** {@return the visitor of a TCP dump: counts each state, keeps each listener} */
  public DiagMessages.Visitor tcp() {
    return message -> {
      Optional<TcpState> known = TcpState.ofKernel(message.state());
      if (known.isEmpty()) {
        return; // a state this version does not know is counted nowhere
      }
      tcpCounts[known.get().ordinal()]++;
      if (known.get() == TcpState.LISTEN) {
        listeners.add(new Listener(AddressText.of(message.localAddress()), message.localPort(),
            message.rqueue(), message.wqueue()));
      }
    };
  }

  /** {@return the visitor of a UDP dump: counts unconnected and connected sockets, sums the queues and drops} */
  public DiagMessages.Visitor udp() {
    return message -> {
      if (message.state() == UDP_UNCONNECTED) {
        udpListen++;
      } else {
        udpConnected++;
      }
      udpRx += message.rqueue();
      udpTx += message.wqueue();
      udpDropped += Math.max(0, message.drops());
    };
  }


  /**
   * Builds the result.
   *
   * @param states whether TCP states and UDP were dumped; otherwise only the listeners are reported
   * @return the immutable stats
   */
  public SocketStats build(boolean states) {
    if (!states) {
      return new SocketStats(Map.of(), Optional.empty(), listeners);
    }
    Map<TcpState, Long> counts = new EnumMap<>(TcpState.class);
    for (TcpState state : TcpState.values()) {
      counts.put(state, tcpCounts[state.ordinal()]);
    }
    return new SocketStats(counts, Optional.of(new UdpStats(udpListen, udpConnected, udpRx, udpTx, udpDropped)), listeners);
  }
}
