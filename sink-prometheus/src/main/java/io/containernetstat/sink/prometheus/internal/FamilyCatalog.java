package io.containernetstat.sink.prometheus.internal;

import io.containernetstat.core.Snapshot.HostWide;
import io.containernetstat.core.ProcNetFile;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Maps a kernel field (file, group, name) to the metric family it is exported as, or to
 * {@link Family#EXCLUDED}; thread-safe. Not API.
 *
 * <p>Naming follows node_exporter with the prefix {@code container_} instead of {@code node_}:
 * <ul>
 *   <li>sockstat, sockstat6: {@code container_sockstat_<PROTO>_<field>}, all gauges; the host-wide
 *       fields ({@link HostWide#isHostWide}) are excluded;</li>
 *   <li>snmp, snmp6, netstat: {@code container_netstat_<Proto>_<Field>} when the field regex is found
 *       in {@code <Proto>_<Field>}; gauges for the current-state and setting fields ({@link io.containernetstat.core.internal.MibFields#isGauge}),
 *       counters for every other (monotonic) MIB field;</li>
 *   <li>dev: {@code container_netdev_<field>}, counters, the interface going to a {@code device} label
 *       (node_exporter's label name; cAdvisor's {@code container_network_*} names are left alone because
 *       cAdvisor means per-cgroup figures by them);</li>
 *   <li>sockets (netlink sock_diag, {@code --sockets listen|states}): the constants below, all gauges,
 *       rendered by {@link SocketFamilies}. Two of them are cAdvisor's own names, typed as cAdvisor types
 *       them (gauges, despite {@code _total}), because a states dump counts what cAdvisor counts and its
 *       dashboards query those names.</li>
 * </ul>
 *
 * <p>Performance: the regex and name building run once per distinct field, not per namespace and
 * scrape: the decision is cached by group and name (a kernel prints a bounded set of them).
 */
public final class FamilyCatalog {

  private static final String NO_GROUP = "";

  /** TCP sockets by {@code tcp_state} (states dumps only): cAdvisor's name and type. */
  public static final Family TCP_USAGE = new Family("container_network_tcp_usage_total", false,
      "TCP sockets of the network namespace by state, IPv4 and IPv6 (netlink sock_diag); cAdvisor's family, "
          + "a gauge as in cAdvisor despite the _total suffix");
  /** UDP sockets by {@code udp_state} (states dumps only): cAdvisor's name and type. */
  public static final Family UDP_USAGE = new Family("container_network_udp_usage_total", false,
      "UDP sockets of the network namespace, IPv4 and IPv6 (netlink sock_diag), as cAdvisor's udp_state: listen "
          + "(unconnected sockets), dropped (datagrams the open sockets dropped), rxqueued and txqueued (bytes "
          + "queued); a gauge as in cAdvisor despite the _total suffix");
  /** The accept queue of each kept listener, by {@code port} (and {@code address} where a port is shared). */
  public static final Family LISTEN_QUEUE_LENGTH = new Family("container_tcp_listen_queue_length", false,
      "Connections waiting in a TCP listener's accept queue; port=\"other\" sums the listeners beyond the "
          + "per-namespace limit");
  /** The accept queue limit of each kept listener, labelled as {@link #LISTEN_QUEUE_LENGTH}. */
  public static final Family LISTEN_QUEUE_LIMIT = new Family("container_tcp_listen_queue_limit", false,
      "A TCP listener's accept queue limit (its effective backlog); port=\"other\" sums the listeners beyond "
          + "the per-namespace limit");
  /** Every TCP listener of a namespace, those left out of the per-listener series included. */
  public static final Family LISTENERS = new Family("container_tcp_listeners", false,
      "TCP listening sockets of the network namespace, those beyond the per-namespace limit included");
  /** The listeners beyond the per-namespace limit, summed in {@code port="other"}. */
  public static final Family LISTENERS_LEFT_OUT = new Family("container_tcp_listeners_left_out", false,
      "TCP listeners beyond the per-namespace limit (the highest ports): they have no series of their own, "
          + "their queues and limits are summed in port=\"other\"");
  /** Whether a namespace has its own established hash, which says what a states dump costs there. */
  public static final Family EHASH_OWN = new Family("container_tcp_ehash_own", false,
      "1 when the network namespace has its own TCP established hash (net.ipv4.tcp_child_ehash_entries), so a "
          + "states dump walks only its connections; 0 when it shares the host's, so a states dump walks every "
          + "connection of the host");
  /** How long the collection's socket dumps took; exported with the unit seconds. */
  public static final Family SOCKETS_DURATION = new Family(SnapshotRenderer.AGENT + "sockets_duration_seconds",
      false, "How long dumping the network namespaces' sockets (netlink sock_diag) took, part of the collection");

  private final Pattern fields;
  private final List<ConcurrentHashMap<String, ConcurrentHashMap<String, Family>>> byFile;

  /**
   * Creates an empty catalog.
   *
   * @param fields selects snmp, snmp6 and netstat fields by their {@code <Proto>_<Field>} key
   */
  public FamilyCatalog(Pattern fields) {
    this.fields = java.util.Objects.requireNonNull(fields, "fields == null");
    List<ConcurrentHashMap<String, ConcurrentHashMap<String, Family>>> maps = new ArrayList<>();
    for (int i = 0; i < ProcNetFile.values().length; i++) {
      maps.add(new ConcurrentHashMap<>());
    }
    this.byFile = List.copyOf(maps);
  }

  /**
   * Finds the family of a field.
   *
   * @param file the file the field comes from
   * @param group the field's group as the kernel prints it ({@code TCP}, {@code TcpExt}, an interface)
   * @param name the field's name ({@code inuse}, {@code ListenOverflows}, {@code receive_bytes})
   * @return the family, or {@link Family#EXCLUDED}
   */
  public Family lookup(ProcNetFile file, String group, String name) {
    String key = file == ProcNetFile.DEV ? NO_GROUP : group;
    ConcurrentHashMap<String, Family> names = byFile.get(file.ordinal()).get(key);
    if (names == null) {
      names = byFile.get(file.ordinal()).computeIfAbsent(key, k -> new ConcurrentHashMap<>());
    }
    Family family = names.get(name);
    if (family == null) {
      family = create(file, group, name);
      Family raced = names.putIfAbsent(name, family);
      if (raced != null) {
        family = raced;
      }
    }
    return family;
  }

  private Family create(ProcNetFile file, String group, String name) {
    switch (file) {
      case SOCKSTAT:
      case SOCKSTAT6:
        if (HostWide.isHostWide(group, name)) {
          return Family.EXCLUDED;
        }
        return new Family(metricName("container_sockstat_" + group + "_" + name), false,
            "sockstat " + group + " " + name + " of the network namespace (/proc/<pid>/net/"
                + file.fileName() + ")" + (name.startsWith("mem") ? ", in bytes" : ""));
      case SNMP:
      case SNMP6:
      case NETSTAT:
        String key = group + "_" + name;
        if (!fields.matcher(key).find()) {
          return Family.EXCLUDED;
        }
        boolean gauge = file == ProcNetFile.SNMP && io.containernetstat.core.internal.MibFields.isGauge(group, name);
        return new Family(metricName("container_netstat_" + key), !gauge,
            group + " " + name + " of the network namespace (/proc/<pid>/net/" + file.fileName() + ")");
      case DEV:
        return new Family(metricName("container_netdev_" + name), true,
            "net/dev " + name + " of each interface of the network namespace (/proc/<pid>/net/dev)");
      default:
        return Family.EXCLUDED;
    }
  }

  /** Kernel names are [A-Za-z0-9]; anything else a future kernel prints becomes '_' rather than failing the scrape. */
  static String metricName(String name) {
    if (PrometheusNaming.isValidLegacyMetricName(name)) {
      return name;
    }
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      out.append(ok ? c : '_');
    }
    return out.toString();
  }
}
