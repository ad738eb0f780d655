package io.containernetstat.agent.report;

import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.sockets.Listener;
import io.containernetstat.core.sockets.NamespaceSockets;
import io.containernetstat.core.sockets.SocketStats;
import io.containernetstat.core.sockets.TcpState;
import java.util.Arrays;
import java.util.Map;

/**
 * The table's socket columns: {@code CLOSE_WAIT} with {@code --sockets states}, {@code LISTEN_Q} (the
 * fullest accept queue, {@code q 3/5 :8080}) with any {@code --sockets}; none without. With states,
 * {@code ESTAB} is replaced by sock_diag's ESTABLISHED count, which unlike {@code Tcp CurrEstab} never
 * includes CLOSE_WAIT. A namespace whose dump failed or was not dumped shows {@code -}. Immutable.
 */
final class SocketColumns {
  private final Map<Long, NamespaceSockets> byNetns;
  private final boolean states;
  private final boolean listen;

  private SocketColumns(Map<Long, NamespaceSockets> byNetns, boolean states, boolean listen) {
    this.byNetns = byNetns;
    this.states = states;
    this.listen = listen;
  }

  /** {@return the columns for the report's sockets} */
  static SocketColumns of(Report report) {
    Map<Long, NamespaceSockets> byNetns = report.socketsByNetns();
    return new SocketColumns(byNetns, report.hasSocketStates(), !byNetns.isEmpty());
  }

  /** {@return the headers with the socket columns appended} */
  String[] headers(String[] base) {
    return extend(base, "CLOSE_WAIT", "LISTEN_Q");
  }

  /** {@return the namespace's row with its socket columns appended} */
  String[] row(NamespaceSnapshot ns, String[] base) {
    SocketStats stats = stats(ns);
    if (stats != null && stats.hasStates()) {
      base[TableFormat.ESTAB] = Long.toString(stats.tcp(TcpState.ESTABLISHED));
    }
    String closeWait = stats != null && stats.hasStates() ? Long.toString(stats.tcp(TcpState.CLOSE_WAIT)) : "-";
    String queue = stats == null ? "-" : stats.fullestListener().map(SocketColumns::queue).orElse("none");
    return extend(base, closeWait, queue);
  }

  /** {@return why the namespace's dump failed, or null} */
  String error(NamespaceSnapshot ns) {
    NamespaceSockets s = byNetns.get(ns.target().netnsInode());
    return s == null ? null : s.error();
  }

  private SocketStats stats(NamespaceSnapshot ns) {
    NamespaceSockets s = byNetns.get(ns.target().netnsInode());
    return s == null ? null : s.stats();
  }

  private String[] extend(String[] base, String closeWait, String queue) {
    int extra = (states ? 1 : 0) + (listen ? 1 : 0);
    String[] out = Arrays.copyOf(base, base.length + extra);
    int i = base.length;
    if (states) {
      out[i++] = closeWait;
    }
    if (listen) {
      out[i] = queue;
    }
    return out;
  }

  /** {@code q 3/5 :8080}. */
  static String queue(Listener l) {
    return "q " + l.queue() + "/" + l.limit() + " :" + l.port();
  }
}
