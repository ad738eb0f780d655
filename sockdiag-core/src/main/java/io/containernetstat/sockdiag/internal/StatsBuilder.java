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
import java.util.TreeMap;

/**
 * Counts the sockets of one namespace's dumps without keeping per-socket data, except the listeners of
 * at most {@code maxPorts} ports (the lowest; every listener of a kept port, so that the sockets of a
 * {@code SO_REUSEPORT} group are never split between a port and the rest; the rest summed);
 * {@link #tcp()} and {@link #udp()} are the visitors of the TCP and the UDP dumps. Single use. Not API.
 */
public final class StatsBuilder {
  private static final int UDP_UNCONNECTED = 7;
  /** Lowest port first, then address: the order listeners are kept and reported in. */
  static final Comparator<Listener> ORDER =
      Comparator.comparingInt(Listener::port).thenComparing(Listener::address);

  private final int maxPorts;
  private final long[] tcpCounts = new long[TcpState.values().length];
  /** The kept listeners by port; the highest port is the one evicted first. */
  private final TreeMap<Integer, List<Listener>> listeners = new TreeMap<>();
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
   * @param maxPorts the most listening ports whose listeners are kept one by one, at least 0
   */
  public StatsBuilder(int maxPorts) {
    if (maxPorts < 0) {
      throw new IllegalArgumentException("maxPorts < 0: " + maxPorts);
    }
    this.maxPorts = maxPorts;
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
    List<Listener> port = listeners.get(listener.port());
    if (port == null) {
      if (listeners.size() == maxPorts) {
        if (maxPorts == 0 || listener.port() > listeners.lastKey()) {
          leaveOut(listener);
          return;
        }
        listeners.pollLastEntry().getValue().forEach(this::leaveOut);
      }
      port = new ArrayList<>(2);
      listeners.put(listener.port(), port);
    }
    port.add(listener);
  }

  private void leaveOut(Listener listener) {
    leftOut++;
    leftOutQueue += listener.queue();
    leftOutLimit += listener.limit();
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
    List<Listener> kept = new ArrayList<>();
    listeners.values().forEach(kept::addAll);
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
