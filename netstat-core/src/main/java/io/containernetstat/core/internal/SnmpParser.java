package io.containernetstat.core.internal;

/**
 * Parses {@code /proc/<pid>/net/snmp}: the Ip, Icmp, IcmpMsg, Tcp, Udp and UdpLite MIB counters of one
 * network namespace. Not thread-safe.
 *
 * <pre>
 * Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab ...
 * Tcp: 1 200 120000 -1 4 4 0 0 6 ...
 * </pre>
 * Values are matched by header name within each pair. {@code Tcp MaxConn} is signed (RFC 2012); every
 * other field is an unsigned 64-bit counter, except a few gauges ({@code Tcp CurrEstab}) and settings
 * ({@code Ip Forwarding}, {@code Ip DefaultTTL}) that are unsigned too.
 */
public final class SnmpParser extends PairedLinesParser {
  /** Creates a parser with an empty name cache. */
  public SnmpParser() {}
}
