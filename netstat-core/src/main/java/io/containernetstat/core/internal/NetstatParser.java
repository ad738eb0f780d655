package io.containernetstat.core.internal;

/**
 * Parses {@code /proc/<pid>/net/netstat}: the TcpExt, IpExt and (kernels with MPTCP) MPTcpExt
 * extended counters of one network namespace. Not thread-safe.
 *
 * <pre>
 * TcpExt: SyncookiesSent SyncookiesRecv SyncookiesFailed EmbryonicRsts ... ListenOverflows ListenDrops ...
 * TcpExt: 0 0 0 0 ... 0 0 ...
 * IpExt: InNoRoutes InTruncatedPkts InMcastPkts ...
 * IpExt: 0 0 0 ...
 * MPTcpExt: MPCapableSYNRX ...
 * MPTcpExt: 0 ...
 * </pre>
 * TcpExt columns are added and removed between kernel releases, so values are matched by header name.
 * Early MPTCP kernels ended the file without a final newline; that is accepted.
 */
public final class NetstatParser extends PairedLinesParser {
  /** Creates a parser with an empty name cache. */
  public NetstatParser() {}
}
