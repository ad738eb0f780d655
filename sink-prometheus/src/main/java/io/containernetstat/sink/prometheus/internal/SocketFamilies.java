package io.containernetstat.sink.prometheus.internal;

import io.containernetstat.core.Snapshot;
import io.containernetstat.core.sockets.Listener;
import io.containernetstat.core.sockets.NamespaceSockets;
import io.containernetstat.core.sockets.SocketStats;
import io.containernetstat.core.sockets.SocketStats.EstablishedHash;
import io.containernetstat.core.sockets.SocketStats.LeftOut;
import io.containernetstat.core.sockets.TcpState;
import io.containernetstat.core.sockets.UdpStats;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Renders the sockets of one collection ({@code --sockets listen|states}; the families are
 * {@link FamilyCatalog}'s socket constants); single use, one per render. Not API.
 *
 * <p>Per namespace, with the namespace's labels: cAdvisor's TCP and UDP usage by state (states dumps
 * only), the accept queue of each kept TCP listener, the listener counts, and whether the namespace has
 * an established hash of its own (no series when that is unknown). A failed dump gives no series; it is
 * counted in {@code container_netstat_agent_errors_total{reason="sockets"}}.
 *
 * <p>Listener series are labelled {@code port}. Where kept listeners of a namespace share a port on
 * different addresses ({@code 0.0.0.0} and {@code ::}), each series of that port also has {@code address};
 * sockets on one address and port ({@code SO_REUSEPORT}) are one series, their queues and limits summed.
 * So every series stays unique: one duplicate would fail the whole scrape. The listeners left out by the
 * per-namespace limit are one more series, {@code port="other"}, their queues and limits summed.
 *
 * <p>Performance: a dump keeps at most the probe's listener limit per namespace (32 by default), so the
 * work per namespace is bounded.
 */
final class SocketFamilies {
  /** The {@code port} label of the series summing the listeners left out. */
  static final String OTHER_PORT = "other";

  /** The order a dump reports listeners in (SocketStats' contract): port, then address. */
  private static final Comparator<Listener> ORDER =
      Comparator.comparingInt(Listener::port).thenComparing(Listener::address);

  private final List<GaugeDataPointSnapshot> tcp = new ArrayList<>();
  private final List<GaugeDataPointSnapshot> udp = new ArrayList<>();
  private final List<GaugeDataPointSnapshot> queueLength = new ArrayList<>();
  private final List<GaugeDataPointSnapshot> queueLimit = new ArrayList<>();
  private final List<GaugeDataPointSnapshot> listeners = new ArrayList<>();
  private final List<GaugeDataPointSnapshot> leftOut = new ArrayList<>();
  private final List<GaugeDataPointSnapshot> ehashOwn = new ArrayList<>();

  private SocketFamilies() {}

  /**
   * {@return whether the collection monitored sockets: it has sockets, or spent time dumping them}
   *
   * @param snapshot the collection
   */
  static boolean monitored(Snapshot snapshot) {
    return !snapshot.sockets().isEmpty() || snapshot.socketNanos() > 0;
  }

  /**
   * Adds the per-namespace socket families of a collection.
   *
   * @param sockets the collection's sockets
   * @param exported the labels of each namespace exported, by namespace inode; the sockets of a namespace
   *     not exported (the host's, a duplicate) are left out, as its other families are
   * @param out where the families go; a family without series is not added
   */
  static void add(List<NamespaceSockets> sockets, Map<Long, Labels> exported, List<MetricSnapshot> out) {
    if (sockets.isEmpty()) {
      return;
    }
    SocketFamilies families = new SocketFamilies();
    for (NamespaceSockets ns : sockets) {
      Labels labels = exported.get(ns.target().netnsInode());
      if (labels != null && ns.ok()) {
        families.namespace(ns.stats(), labels);
      }
    }
    gauge(out, FamilyCatalog.TCP_USAGE, families.tcp);
    gauge(out, FamilyCatalog.UDP_USAGE, families.udp);
    gauge(out, FamilyCatalog.LISTEN_QUEUE_LENGTH, families.queueLength);
    gauge(out, FamilyCatalog.LISTEN_QUEUE_LIMIT, families.queueLimit);
    gauge(out, FamilyCatalog.LISTENERS, families.listeners);
    gauge(out, FamilyCatalog.LISTENERS_LEFT_OUT, families.leftOut);
    gauge(out, FamilyCatalog.EHASH_OWN, families.ehashOwn);
  }

  /**
   * Adds the agent's time spent dumping sockets, when the collection {@link #monitored} them.
   *
   * @param snapshot the collection
   * @param out where the family goes
   */
  static void addDuration(Snapshot snapshot, List<MetricSnapshot> out) {
    if (monitored(snapshot)) {
      Family f = FamilyCatalog.SOCKETS_DURATION;
      out.add(new GaugeSnapshot(new MetricMetadata(f.name(), f.help(), Unit.SECONDS),
          List.of(point(snapshot.socketNanos() / 1e9, Labels.EMPTY))));
    }
  }

  private void namespace(SocketStats stats, Labels labels) {
    if (stats.hasStates()) {
      for (TcpState state : TcpState.values()) {
        tcp.add(point(stats.tcp(state), labels.add("tcp_state", state.label())));
      }
    }
    UdpStats u = stats.udp().orElse(null);
    if (u != null) {
      udp.add(point(u.listen(), labels.add("udp_state", "listen")));
      udp.add(point(u.dropped(), labels.add("udp_state", "dropped")));
      udp.add(point(u.rxQueued(), labels.add("udp_state", "rxqueued")));
      udp.add(point(u.txQueued(), labels.add("udp_state", "txqueued")));
    }
    addListeners(ordered(stats.listeners()), labels);
    LeftOut rest = stats.leftOut();
    if (rest.count() > 0) {
      addQueue(labels.add("port", OTHER_PORT), rest.queue(), rest.limit());
    }
    listeners.add(point(stats.listenerCount(), labels));
    leftOut.add(point(rest.count(), labels));
    if (stats.establishedHash() != EstablishedHash.UNKNOWN) {
      ehashOwn.add(point(stats.establishedHash() == EstablishedHash.OWN ? 1 : 0, labels));
    }
  }

  /** One series per port, or per port and address where the port has several; {@code kept} in {@link #ORDER}. */
  private void addListeners(List<Listener> kept, Labels labels) {
    int i = 0;
    while (i < kept.size()) {
      int port = kept.get(i).port();
      int end = i + 1;
      while (end < kept.size() && kept.get(end).port() == port) {
        end++;
      }
      boolean byAddress = !kept.get(i).address().equals(kept.get(end - 1).address());
      Labels portLabels = labels.add("port", Integer.toString(port));
      while (i < end) {
        String address = kept.get(i).address();
        long queue = 0;
        long limit = 0;
        for (; i < end && kept.get(i).address().equals(address); i++) {
          queue += kept.get(i).queue();
          limit += kept.get(i).limit();
        }
        addQueue(byAddress ? portLabels.add("address", address) : portLabels, queue, limit);
      }
    }
  }

  private void addQueue(Labels labels, long queue, long limit) {
    queueLength.add(point(queue, labels));
    queueLimit.add(point(limit, labels));
  }

  /** Checked rather than trusted: out of order, equal listeners would not be adjacent and give duplicates. */
  private static List<Listener> ordered(List<Listener> listeners) {
    for (int i = 1; i < listeners.size(); i++) {
      if (ORDER.compare(listeners.get(i - 1), listeners.get(i)) > 0) {
        List<Listener> copy = new ArrayList<>(listeners);
        copy.sort(ORDER);
        return copy;
      }
    }
    return listeners;
  }

  private static GaugeDataPointSnapshot point(double value, Labels labels) {
    return new GaugeDataPointSnapshot(value, labels, null);
  }

  private static void gauge(List<MetricSnapshot> out, Family family, List<GaugeDataPointSnapshot> points) {
    if (!points.isEmpty()) {
      out.add(new GaugeSnapshot(new MetricMetadata(family.name(), family.help()), points));
    }
  }
}
