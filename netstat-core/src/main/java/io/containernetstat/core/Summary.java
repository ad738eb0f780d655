package io.containernetstat.core;

import java.util.OptionalLong;

/**
 * The reference design's per-namespace figures, limited to what is really per network namespace;
 * immutable.
 *
 * <p>Each figure is empty when the file it comes from was not read or does not exist (absent is not
 * zero). IPv6 figures are added only when {@code sockstat6} exists, and never stand in for a missing
 * IPv4 figure.
 *
 * @param tcpEstablished snmp {@code Tcp CurrEstab}: sockets in ESTABLISHED (and, on recent kernels,
 *     CLOSE_WAIT); both ends of a connection inside the namespace count
 * @param tcpInuse sockstat {@code TCP inuse} + sockstat6 {@code TCP6 inuse}: TCP sockets in use
 *     (current kernels leave TIME_WAIT out)
 * @param tcpTimewait sockstat {@code TCP tw}: sockets in TIME_WAIT
 * @param udpInuse sockstat {@code UDP inuse} + sockstat6 {@code UDP6 inuse}
 * @param socketsUsed sockstat {@code sockets used}: every socket of the namespace, of any family
 */
public record Summary(
    OptionalLong tcpEstablished,
    OptionalLong tcpInuse,
    OptionalLong tcpTimewait,
    OptionalLong udpInuse,
    OptionalLong socketsUsed) {

  /**
   * Derives the summary from the files of one namespace.
   *
   * @param sockstat the namespace's sockstat, or null when not read
   * @param sockstat6 its sockstat6, or null when not read or absent
   * @param snmp its snmp, or null when not read
   * @return the summary
   */
  public static Summary of(Counters sockstat, Counters sockstat6, Counters snmp) {
    return new Summary(
        field(snmp, "Tcp", "CurrEstab"),
        sum(field(sockstat, "TCP", "inuse"), field(sockstat6, "TCP6", "inuse")),
        field(sockstat, "TCP", "tw"),
        sum(field(sockstat, "UDP", "inuse"), field(sockstat6, "UDP6", "inuse")),
        field(sockstat, "sockets", "used"));
  }

  static OptionalLong field(Counters counters, String group, String name) {
    return counters == null ? OptionalLong.empty() : counters.get(group, name);
  }

  /**
   * IPv4 plus IPv6. Without the IPv4 figure there is no total: the IPv6 count alone would read as the
   * namespace's sockets while being only part of them. Without sockstat6 (IPv6 disabled) the IPv4
   * figure is the total.
   */
  private static OptionalLong sum(OptionalLong v4, OptionalLong v6) {
    if (v4.isEmpty()) {
      return v4;
    }
    return v6.isEmpty() ? v4 : OptionalLong.of(v4.getAsLong() + v6.getAsLong());
  }
}
