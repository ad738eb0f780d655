package io.containernetstat.core.sockets;

/**
 * The UDP sockets of a namespace, IPv4 and IPv6 together, in cAdvisor's terms
 * ({@code container_network_udp_usage_total{udp_state=...}}).
 *
 * @param listen unconnected sockets (kernel state CLOSE), cAdvisor's {@code udp_state="listen"}
 * @param connected connected sockets (kernel state ESTABLISHED)
 * @param rxQueued bytes waiting to be read, summed ({@code idiag_rqueue})
 * @param txQueued bytes waiting to be sent, summed ({@code idiag_wqueue})
 * @param dropped datagrams the sockets dropped (a full receive buffer, a failed checksum), summed over the
 *     sockets open now ({@code SK_MEMINFO_DROPS} of {@code INET_DIAG_SKMEMINFO}, the {@code drops} column of
 *     {@code /proc/net/udp}); cAdvisor's {@code udp_state="dropped"}
 */
public record UdpStats(long listen, long connected, long rxQueued, long txQueued, long dropped) {
  /**
   * Validates the counts.
   *
   * @throws IllegalArgumentException if a count is negative
   */
  public UdpStats {
    if (listen < 0 || connected < 0 || rxQueued < 0 || txQueued < 0 || dropped < 0) {
      throw new IllegalArgumentException("UDP counts must be >= 0");
    }
  }
}
