package io.containernetstat.core.internal;

import java.util.Set;

/**
 * What the snmp, snmp6 and netstat fields mean for export: which are gauges and which are selected by
 * default. Shared by every sink, so Prometheus and open-falcon type and select fields alike. Stateless.
 */
public final class MibFields {

  /**
   * node_exporter's default {@code --collector.netstat.fields}, matched against {@code <Group>_<Field>}
   * (for example {@code Tcp_CurrEstab}, {@code TcpExt_ListenOverflows}).
   */
  public static final String DEFAULT_FIELDS =
      "^(.*_(InErrors|InErrs)|Ip_Forwarding|Ip(6|Ext)_(InOctets|OutOctets)|Icmp6?_(InMsgs|OutMsgs)"
          + "|TcpExt_(Listen.*|Syncookies.*|TCPSynRetrans|TCPTimeouts|TCPOFOQueue|TCPRcvQDrop)"
          + "|Tcp_(ActiveOpens|InSegs|OutSegs|OutRsts|PassiveOpens|RetransSegs|CurrEstab)"
          + "|Udp6?_(InDatagrams|OutDatagrams|NoPorts|RcvbufErrors|SndbufErrors))$";

  /**
   * The snmp fields that are a current state or a setting, not a count of events (RFC 1213, 2012,
   * 4293): {@code Tcp CurrEstab}, the {@code Tcp Rto*} and {@code MaxConn} constants, {@code Ip
   * Forwarding}, {@code DefaultTTL} and {@code ReasmTimeout}. Keyed {@code <Group>_<Field>}.
   */
  private static final Set<String> GAUGES = Set.of(
      "Ip_Forwarding", "Ip_DefaultTTL", "Ip_ReasmTimeout",
      "Tcp_RtoAlgorithm", "Tcp_RtoMin", "Tcp_RtoMax", "Tcp_MaxConn", "Tcp_CurrEstab");

  private MibFields() {}

  /**
   * Tells whether an snmp/snmp6/netstat field is a gauge; every other field counts events
   * monotonically (and wraps only at 2^64).
   *
   * @param group the kernel's group, for example {@code Tcp}
   * @param name the kernel's field name, for example {@code CurrEstab}
   * @return true for a state or setting, false for a monotonic counter
   */
  public static boolean isGauge(String group, String name) {
    return GAUGES.contains(group + '_' + name);
  }
}
