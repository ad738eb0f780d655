package io.containernetstat.core;

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
  SOCKSTAT("sockstat"),
  /** {@code net/sockstat6}: sockets in use per IPv6 protocol; absent when IPv6 is disabled. */
  SOCKSTAT6("sockstat6"),
  /** {@code net/snmp}: the Ip, Icmp, IcmpMsg, Tcp, Udp and UdpLite MIB counters. */
  SNMP("snmp"),
  /** {@code net/snmp6}: the IPv6 MIB counters; absent when IPv6 is disabled. */
  SNMP6("snmp6"),
  /** {@code net/netstat}: the TcpExt, IpExt and MPTcpExt extended counters. */
  NETSTAT("netstat"),
  /** {@code net/dev}: per-interface receive and transmit counters. */
  DEV("dev");

  private static final Set<ProcNetFile> DEFAULTS =
      Collections.unmodifiableSet(EnumSet.of(SOCKSTAT, SOCKSTAT6, SNMP));

  private final String fileName;

  ProcNetFile(String fileName) {
    this.fileName = fileName;
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
