package io.containernetstat.sockdiag.internal;

import io.containernetstat.core.sockets.Listener;
import io.containernetstat.core.sockets.SocketStats;
import io.containernetstat.core.sockets.SocketStats.EstablishedHash;
import io.containernetstat.core.sockets.SocketStats.LeftOut;
import io.containernetstat.core.sockets.TcpState;
import io.containernetstat.core.sockets.UdpStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Counts the sockets of one namespace's dumps without keeping per-socket data, except at most
 * {@code maxListeners} listeners (the lowest ports, then addresses; the rest summed); {@link #tcp()} and
 * {@link #udp()} are the visitors of the TCP and the UDP dumps. Single use. Not API.
 */
public final class StatsBuilder {
  private static final int UDP_UNCONNECTED = 7;
  /** Lowest port first, then address: the order listeners are kept and reported in. */
  static final Comparator<Listener> ORDER =
      Comparator.comparingInt(Listener::port).thenComparing(Listener::address);

  private final int maxListeners;
  private final long[] tcpCounts = new long[TcpState.values().length];
  /** The kept listeners, the one to evict first (the highest) at the head. */
  private final PriorityQueue<Listener> listeners = new PriorityQueue<>(ORDER.reversed());
  private int leftOut;
  private long leftOutQueue;
  private long leftOutLimit;
  private long udpListen;
  private long udpConnected;
  private long udpRx;
  private long udpTx;
  private long udpDropped;

  /**
   * Creates a builder.
   *
   * @param maxListeners the most listeners kept one by one, at least 0
   */
  public StatsBuilder(int maxListeners) {
    if (maxListeners < 0) {
      throw new IllegalArgumentException("maxListeners < 0: " + maxListeners);
    }
    this.maxListeners = maxListeners;
  }

  /** {@return the visitor of a TCP dump: counts each state, keeps the listeners within the limit} */
  public DiagMessages.Visitor tcp() {
    return message -> {
      Optional<TcpState> known = TcpState.ofKernel(message.state());
      if (known.isEmpty()) {
        return; // a state this version does not know is counted nowhere
      }
      tcpCounts[known.get().ordinal()]++;
      if (known.get() == TcpState.LISTEN) {
        keep(new Listener(AddressText.of(message.localAddress()), message.localPort(), message.rqueue(),
            message.wqueue()));
      }
    };
  }

  private void keep(Listener listener) {
    listeners.add(listener);
    if (listeners.size() > maxListeners) {
      Listener out = listeners.poll();
      leftOut++;
      leftOutQueue += out.queue();
      leftOutLimit += out.limit();
    }
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
   * @param hash whether the namespace's established hash is its own
   * @return the immutable stats
   */
  public SocketStats build(boolean states, EstablishedHash hash) {
    List<Listener> kept = new ArrayList<>(listeners);
    kept.sort(ORDER);
    LeftOut rest = leftOut == 0 ? LeftOut.NONE : new LeftOut(leftOut, leftOutQueue, leftOutLimit);
    if (!states) {
      return new SocketStats(Map.of(), Optional.empty(), kept, rest, hash);
    }
    Map<TcpState, Long> counts = new EnumMap<>(TcpState.class);
    for (TcpState state : TcpState.values()) {
      counts.put(state, tcpCounts[state.ordinal()]);
    }
    return new SocketStats(counts, Optional.of(new UdpStats(udpListen, udpConnected, udpRx, udpTx, udpDropped)),
        kept, rest, hash);
  }
}
