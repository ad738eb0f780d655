package io.containernetstat.core.kernel;

import io.containernetstat.testkit.SocketHolder;

/**
 * The sockets a {@link SocketHolder} opens inside its network namespace, and the counters the kernel
 * must then show; immutable.
 *
 * <p>Every socket is opened with an explicit address family ({@code AF_INET} or {@code AF_INET6}), so
 * the kernel counts it under {@code TCP}/{@code UDP} or {@code TCP6}/{@code UDP6} without depending on
 * Java's dual-stack defaults. Addresses are {@code 127.0.0.1} and {@code ::1}.
 *
 * <ul>
 *   <li>listeners: bound and listening, never accepting;</li>
 *   <li>established pairs: a client and the accepted server end, both ESTABLISHED (the listener used to
 *       make them is closed, so it is not counted);</li>
 *   <li>TIME_WAIT: a pair whose client closes first; the server reads the FIN, then closes, so exactly
 *       the client end ends in TIME_WAIT and the server end is freed;</li>
 *   <li>UDP: bound sockets;</li>
 *   <li>listen overflow: an IPv4 listener with backlog 1 whose accept queue is filled with 2 connections
 *       (the kernel queues backlog + 1), then {@code listenOverflow} more non-blocking connects whose
 *       SYNs the kernel drops, each counting at least once in {@code TcpExt ListenOverflows} (more as the
 *       SYN is retransmitted after 1 s, 3 s, ...). Those clients stay in SYN_SENT and count in
 *       {@code TCP inuse}.</li>
 * </ul>
 *
 * <p>This class is loaded by the holder JVM, so it uses nothing but the JDK.
 *
 * @param tcp4Listeners IPv4 TCP listeners
 * @param tcp6Listeners IPv6 TCP listeners
 * @param tcp4Established IPv4 established pairs (two sockets each)
 * @param tcp6Established IPv6 established pairs
 * @param tcp4TimeWait IPv4 connections left in TIME_WAIT
 * @param tcp6TimeWait IPv6 connections left in TIME_WAIT
 * @param udp4 bound IPv4 UDP sockets
 * @param udp6 bound IPv6 UDP sockets
 * @param listenOverflow connects beyond a full accept queue; 0 opens no overflow listener at all
 */
public record SocketSpec(
    int tcp4Listeners,
    int tcp6Listeners,
    int tcp4Established,
    int tcp6Established,
    int tcp4TimeWait,
    int tcp6TimeWait,
    int udp4,
    int udp6,
    int listenOverflow) {

  /** The backlog of the overflow listener; the kernel queues {@code backlog + 1} connections. */
  public static final int OVERFLOW_BACKLOG = 1;

  /** The connections that fill the overflow listener's accept queue and stay ESTABLISHED there. */
  public static final int OVERFLOW_QUEUED = OVERFLOW_BACKLOG + 1;

  /**
   * Validates the counts.
   *
   * @throws IllegalArgumentException if a count is negative
   */
  public SocketSpec {
    int[] all = {tcp4Listeners, tcp6Listeners, tcp4Established, tcp6Established, tcp4TimeWait, tcp6TimeWait,
        udp4, udp6, listenOverflow};
    for (int n : all) {
      if (n < 0) {
        throw new IllegalArgumentException("socket counts must be >= 0: " + format(all));
      }
    }
  }

  /** {@return a namespace with no socket at all} */
  public static SocketSpec empty() {
    return new SocketSpec(0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** {@return a copy with these listeners} */
  public SocketSpec withListeners(int v4, int v6) {
    return new SocketSpec(v4, v6, tcp4Established, tcp6Established, tcp4TimeWait, tcp6TimeWait, udp4, udp6,
        listenOverflow);
  }

  /** {@return a copy with these established pairs} */
  public SocketSpec withEstablished(int v4, int v6) {
    return new SocketSpec(tcp4Listeners, tcp6Listeners, v4, v6, tcp4TimeWait, tcp6TimeWait, udp4, udp6,
        listenOverflow);
  }

  /** {@return a copy with these TIME_WAIT connections} */
  public SocketSpec withTimeWait(int v4, int v6) {
    return new SocketSpec(tcp4Listeners, tcp6Listeners, tcp4Established, tcp6Established, v4, v6, udp4, udp6,
        listenOverflow);
  }

  /** {@return a copy with these bound UDP sockets} */
  public SocketSpec withUdp(int v4, int v6) {
    return new SocketSpec(tcp4Listeners, tcp6Listeners, tcp4Established, tcp6Established, tcp4TimeWait,
        tcp6TimeWait, v4, v6, listenOverflow);
  }

  /** {@return a copy with an overflowing listener and this many dropped connects (see the class doc)} */
  public SocketSpec withListenOverflow(int connects) {
    return new SocketSpec(tcp4Listeners, tcp6Listeners, tcp4Established, tcp6Established, tcp4TimeWait,
        tcp6TimeWait, udp4, udp6, connects);
  }

  // ---- what the kernel must show once the holder is READY ----------------------------------------

  /** {@return sockstat {@code TCP inuse}: IPv4 listeners, both ends of pairs, overflow sockets} */
  public long expectedTcp4Inuse() {
    long n = tcp4Listeners + 2L * tcp4Established;
    if (listenOverflow > 0) {
      n += 1 + 2L * OVERFLOW_QUEUED + listenOverflow;
    }
    return n;
  }

  /** {@return sockstat6 {@code TCP6 inuse}} */
  public long expectedTcp6Inuse() {
    return tcp6Listeners + 2L * tcp6Established;
  }

  /** {@return sockstat {@code TCP tw}: TIME_WAIT of both families (one counter per namespace)} */
  public long expectedTimeWait() {
    return (long) tcp4TimeWait + tcp6TimeWait;
  }

  /** {@return snmp {@code Tcp CurrEstab}: both ends of every pair, and the queued overflow pairs} */
  public long expectedCurrEstab() {
    long n = 2L * (tcp4Established + tcp6Established);
    if (listenOverflow > 0) {
      n += 2L * OVERFLOW_QUEUED;
    }
    return n;
  }

  /**
   * {@return snmp {@code Tcp ActiveOpens}: one per {@code connect()}, IPv4 and IPv6 alike (the Tcp MIB
   * is shared by both families); a SYN the listener drops still counts once}
   */
  public long expectedActiveOpens() {
    long n = (long) tcp4Established + tcp6Established + tcp4TimeWait + tcp6TimeWait;
    if (listenOverflow > 0) {
      n += OVERFLOW_QUEUED + listenOverflow;
    }
    return n;
  }

  /** {@return snmp {@code Tcp PassiveOpens}: one per connection a listener completed, accepted or queued} */
  public long expectedPassiveOpens() {
    long n = (long) tcp4Established + tcp6Established + tcp4TimeWait + tcp6TimeWait;
    if (listenOverflow > 0) {
      n += OVERFLOW_QUEUED;
    }
    return n;
  }

  /** {@return sockstat {@code UDP inuse}} */
  public long expectedUdp4Inuse() {
    return udp4;
  }

  /** {@return sockstat6 {@code UDP6 inuse}} */
  public long expectedUdp6Inuse() {
    return udp6;
  }

  /**
   * {@return the spec's share of sockstat {@code sockets used}: every socket it holds open; a TIME_WAIT
   * connection is a kernel mini-socket, no longer a socket, so it does not count. The holder JVM adds
   * its own few ({@link NetnsFixture#baselineSockets()})}
   */
  public long expectedSocketsUsed() {
    return expectedTcp4Inuse() + expectedTcp6Inuse() + udp4 + udp6;
  }

  // ---- command-line form, for the holder's argument ----------------------------------------------

  /** {@return the spec as one argument, for example {@code 2,1,1,1,0,0,1,1,0}} */
  public String toArgument() {
    return format(new int[] {tcp4Listeners, tcp6Listeners, tcp4Established, tcp6Established, tcp4TimeWait,
        tcp6TimeWait, udp4, udp6, listenOverflow});
  }

  /**
   * Parses {@link #toArgument()}.
   *
   * @param argument nine comma-separated counts
   * @return the spec
   * @throws IllegalArgumentException if the argument does not have nine non-negative counts
   */
  public static SocketSpec parse(String argument) {
    String[] parts = argument.split(",", -1);
    if (parts.length != 9) {
      throw new IllegalArgumentException("expected 9 comma-separated counts, got '" + argument + "'");
    }
    int[] n = new int[9];
    for (int i = 0; i < 9; i++) {
      n[i] = Integer.parseInt(parts[i].trim());
    }
    return new SocketSpec(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8]);
  }

  private static String format(int[] counts) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < counts.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(counts[i]);
    }
    return out.toString();
  }
}
