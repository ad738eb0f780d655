package io.containernetstat.sink.openfalcon.internal;

import static io.containernetstat.sink.openfalcon.OpenFalconMapper.EHASH_OWN;
import static io.containernetstat.sink.openfalcon.OpenFalconMapper.LISTENERS;
import static io.containernetstat.sink.openfalcon.OpenFalconMapper.LISTENERS_LEFT_OUT;
import static io.containernetstat.sink.openfalcon.OpenFalconMapper.LISTEN_LIMIT;
import static io.containernetstat.sink.openfalcon.OpenFalconMapper.LISTEN_QUEUE;
import static io.containernetstat.sink.openfalcon.OpenFalconMapper.OTHER_PORTS;
import static io.containernetstat.sink.openfalcon.OpenFalconMapper.TCP_STATE;
import static io.containernetstat.sink.openfalcon.OpenFalconMapper.UDP_DROPPED;
import static io.containernetstat.sink.openfalcon.OpenFalconMapper.UDP_LISTEN;
import static io.containernetstat.sink.openfalcon.OpenFalconMapper.UDP_RXQUEUED;
import static io.containernetstat.sink.openfalcon.OpenFalconMapper.UDP_TXQUEUED;

import io.containernetstat.core.sockets.Listener;
import io.containernetstat.core.sockets.SocketStats;
import io.containernetstat.core.sockets.SocketStats.EstablishedHash;
import io.containernetstat.core.sockets.SocketStats.LeftOut;
import io.containernetstat.core.sockets.TcpState;
import io.containernetstat.core.sockets.UdpStats;
import io.containernetstat.sink.openfalcon.FalconItem;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lists the socket items of one network namespace, all GAUGE, in the order
 * {@link io.containernetstat.sink.openfalcon.OpenFalconMapper} documents; stateless and thread-safe. Not
 * API.
 *
 * <p>Kept listeners are grouped by port, then by sanitised address: the {@code address} tag is added only
 * to the ports that have two or more distinct addresses, and listeners of one port and address (sockets
 * sharing it with {@code SO_REUSEPORT}, each with its own accept queue) are summed into one pair, as the
 * listeners left out are, so that no two items of a namespace are one series.
 */
public final class SocketItems {
  /** Where the items go: one GAUGE each. */
  @FunctionalInterface
  public interface Gauges {
    /**
     * Takes one item.
     *
     * @param metric the metric name
     * @param value the value, not negative
     * @param tags the item's tags
     */
    void add(String metric, long value, String tags);
  }

  private static final String[] TCP_STATE_METRICS = new String[TcpState.values().length];

  static {
    for (TcpState state : TcpState.values()) {
      TCP_STATE_METRICS[state.ordinal()] = TCP_STATE + state.label();
    }
  }

  /** Room for a listener's tags: the namespace's whole, then the port and address. */
  private static final int LISTENER_BUDGET =
      FalconItem.MAX_METRIC_AND_TAGS - Math.max(LISTEN_QUEUE.length(), LISTEN_LIMIT.length());

  private SocketItems() {}

  /**
   * {@return the metric name of the TCP sockets in {@code state}, for example
   * {@code container.tcp.state.close_wait}}
   */
  public static String tcpStateMetric(TcpState state) {
    return TCP_STATE_METRICS[state.ordinal()];
  }

  /**
   * Lists the items of one namespace's socket dump.
   *
   * @param stats what the dump found
   * @param tags the namespace's tags, as its other items carry them
   * @param out where the items go
   */
  public static void add(SocketStats stats, String tags, Gauges out) {
    if (stats.hasStates()) {
      for (TcpState state : TcpState.values()) {
        out.add(TCP_STATE_METRICS[state.ordinal()], stats.tcp(state), tags);
      }
      if (stats.udp().isPresent()) {
        UdpStats udp = stats.udp().get();
        out.add(UDP_LISTEN, udp.listen(), tags);
        out.add(UDP_DROPPED, udp.dropped(), tags);
        out.add(UDP_RXQUEUED, udp.rxQueued(), tags);
        out.add(UDP_TXQUEUED, udp.txQueued(), tags);
      }
    }
    out.add(LISTENERS, stats.listenerCount(), tags);
    out.add(LISTENERS_LEFT_OUT, stats.leftOut().count(), tags);
    for (Map.Entry<Integer, Map<String, long[]>> port : byPort(stats).entrySet()) {
      boolean shared = port.getValue().size() > 1;
      for (Map.Entry<String, long[]> address : port.getValue().entrySet()) {
        String listenerTags = Tags.listener(Integer.toString(port.getKey()), shared ? address.getKey() : null, tags,
            LISTENER_BUDGET);
        out.add(LISTEN_QUEUE, address.getValue()[0], listenerTags);
        out.add(LISTEN_LIMIT, address.getValue()[1], listenerTags);
      }
    }
    LeftOut rest = stats.leftOut();
    if (rest.count() > 0) {
      String otherTags = Tags.listener(OTHER_PORTS, null, tags, LISTENER_BUDGET);
      out.add(LISTEN_QUEUE, rest.queue(), otherTags);
      out.add(LISTEN_LIMIT, rest.limit(), otherTags);
    }
    if (stats.establishedHash() != EstablishedHash.UNKNOWN) {
      out.add(EHASH_OWN, stats.establishedHash() == EstablishedHash.OWN ? 1 : 0, tags);
    }
  }

  /** The kept listeners' queue and limit, summed by port and sanitised address, both in ascending order. */
  private static Map<Integer, Map<String, long[]>> byPort(SocketStats stats) {
    Map<Integer, Map<String, long[]>> byPort = new TreeMap<>();
    for (Listener l : stats.listeners()) {
      long[] sum = byPort.computeIfAbsent(l.port(), p -> new TreeMap<>())
          .computeIfAbsent(Tags.sanitise(l.address()), a -> new long[2]);
      sum[0] += l.queue();
      sum[1] += l.limit();
    }
    return byPort;
  }
}
