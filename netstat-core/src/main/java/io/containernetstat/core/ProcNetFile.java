package io.containernetstat.core;

import io.containernetstat.core.Snapshot.HostWide;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The per-network-namespace files under {@code /proc/<pid>/net/} that this library reads.
 *
 * <p>All of them are counters kept by the kernel per network namespace, so reading them costs the same
 * whatever the number of sockets (unlike {@code net/tcp}, whose cost grows with every socket on the
 * host). A few sockstat fields are host-wide; see {@link HostWide}.
 */
public enum ProcNetFile {
  /** {@code net/sockstat}: sockets in use per IPv4 protocol, TIME_WAIT count. */
  SOCKSTAT("sockstat", Caps.SOCKSTAT),
  /** {@code net/sockstat6}: sockets in use per IPv6 protocol; absent when IPv6 is disabled. */
  SOCKSTAT6("sockstat6", Caps.SOCKSTAT),
  /** {@code net/snmp}: the Ip, Icmp, IcmpMsg, Tcp, Udp and UdpLite MIB counters. */
  SNMP("snmp", Caps.MIB),
  /** {@code net/snmp6}: the IPv6 MIB counters; absent when IPv6 is disabled. */
  SNMP6("snmp6", Caps.MIB),
  /** {@code net/netstat}: the TcpExt, IpExt and MPTcpExt extended counters. */
  NETSTAT("netstat", Caps.MIB),
  /** {@code net/dev}: per-interface receive and transmit counters. */
  DEV("dev", Caps.DEV);

  private static final Set<ProcNetFile> DEFAULTS =
      Collections.unmodifiableSet(EnumSet.of(SOCKSTAT, SOCKSTAT6, SNMP));

  private final String fileName;
  private final int maxBytes;

  ProcNetFile(String fileName, int maxBytes) {
    this.fileName = fileName;
    this.maxBytes = maxBytes;
  }

  /**
   * {@return the most bytes read of this file: a larger one fails its namespace (reason
   * {@code too_large}) without being read whole}
   *
   * <p>Caps, from files measured on Linux 6.18 (2 CPUs), the widest lines the kernel's formats allow,
   * and what the production heap ({@code -Xmx10m}) was measured to survive: a cap must be small enough
   * that a file at the cap fails nothing but its namespace, whatever it holds.
   * <ul>
   *   <li>sockstat, sockstat6: 16 KiB. Measured 131 and 84 bytes; with every value at 20 digits about
   *       400 bytes: room for 40 times that in new keys.</li>
   *   <li>snmp, netstat, snmp6: 64 KiB. Measured 1,244, 4,062 and 3,158 bytes (a fresh namespace: 1,194,
   *       4,033, 3,010). The largest they can be today: snmp about 20 KB (all 512 IcmpMsg types seen,
   *       20-digit values), netstat about 12 KB (229 fields of names up to 30 characters), snmp6 about
   *       33 KB (every ICMPv6 type seen, 54-byte lines); TcpExt gained 35 fields in ten years. Filled
   *       to the cap with the densest content made up (about 8,000 fields of short distinct names), each
   *       was read and printed in every format under {@code -Xmx10m}; 256 KiB of such snmp exhausted
   *       the heap rendering Prometheus and open-falcon.</li>
   *   <li>dev: 256 KiB. It grows with the namespace's interfaces: measured 323 bytes with only
   *       {@code lo}, 246,323 bytes with 2,000 veth ends. The kernel prints fixed-width fields, so a
   *       line is at least 123 bytes (up to about 350 with 20-digit counters): 256 KiB is up to 2,130
   *       interfaces, and 2,129 of them were read and printed in every format under {@code -Xmx10m},
   *       while 4,260 (512 KiB) exhausted the heap rendering Prometheus. A namespace with more
   *       interfaces (a container with {@code CAP_NET_ADMIN} can make thousands) fails alone instead of
   *       stopping the agent. A tree that is not procfs can pack 36-byte lines, three times the fields
   *       in the same bytes, which 256 KiB of does not fit in a 10 MB heap for JSON or Prometheus.</li>
   * </ul>
   */
  public int maxBytes() {
    return maxBytes;
  }

  /** The caps, named once: enum constants cannot refer to the enum's own static fields. */
  private static final class Caps {
    static final int SOCKSTAT = 16 * 1024;
    static final int MIB = 64 * 1024;
    static final int DEV = 256 * 1024;
  }

  /** {@return the file name under {@code net/}, which is also the name users pass on the command line} */
  public String fileName() {
    return fileName;
  }

  /**
   * {@return the default set: sockstat, sockstat6 and snmp}
   *
   * <p>Enough for the per-namespace summary (established, in use, TIME_WAIT, UDP, sockets used) and the
   * Tcp/Udp MIB counters; netstat (about twice the kernel cost of snmp), snmp6 and dev are read on request.
   */
  public static Set<ProcNetFile> defaults() {
    return DEFAULTS;
  }

  /**
   * Parses a file name as users write it ({@code sockstat}, {@code snmp6}, ...).
   *
   * @param name the file name, case-insensitive
   * @return the file
   * @throws IllegalArgumentException if {@code name} is not one of the supported files
   */
  public static ProcNetFile ofFileName(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    for (ProcNetFile file : values()) {
      if (file.fileName.equals(wanted)) {
        return file;
      }
    }
    throw new IllegalArgumentException(
        "unknown file '" + name + "': expected one of sockstat, sockstat6, snmp, snmp6, netstat, dev");
  }
}
