package io.containernetstat.core.sockets;

import java.util.Locale;
import java.util.Optional;

/**
 * The TCP states counted by a states dump ({@link SocketStats#hasStates()}), named as cAdvisor's
 * {@code container_network_tcp_usage_total{tcp_state=...}} names them ({@link #label()}).
 */
public enum TcpState {
  /** {@code TCP_ESTABLISHED} (1). */
  ESTABLISHED,
  /** {@code TCP_SYN_SENT} (2). */
  SYN_SENT,
  /** {@code TCP_SYN_RECV} (3) and the request sockets of {@code TCP_NEW_SYN_RECV} (12). */
  SYN_RECV,
  /** {@code TCP_FIN_WAIT1} (4). */
  FIN_WAIT1,
  /** {@code TCP_FIN_WAIT2} (5). */
  FIN_WAIT2,
  /** {@code TCP_TIME_WAIT} (6). */
  TIME_WAIT,
  /** {@code TCP_CLOSE} (7). */
  CLOSE,
  /** {@code TCP_CLOSE_WAIT} (8): the peer closed, the application has not. */
  CLOSE_WAIT,
  /** {@code TCP_LAST_ACK} (9). */
  LAST_ACK,
  /** {@code TCP_LISTEN} (10). */
  LISTEN,
  /** {@code TCP_CLOSING} (11). */
  CLOSING;

  /** The kernel's state numbers 0..12 to constants; 0 is unused, 12 is NEW_SYN_RECV. */
  private static final TcpState[] BY_KERNEL_STATE = {null, ESTABLISHED, SYN_SENT, SYN_RECV, FIN_WAIT1,
      FIN_WAIT2, TIME_WAIT, CLOSE, CLOSE_WAIT, LAST_ACK, LISTEN, CLOSING, SYN_RECV};

  private final String label = name().toLowerCase(Locale.ROOT);

  /** {@return cAdvisor's {@code tcp_state} label, for example {@code close_wait}} */
  public String label() {
    return label;
  }

  /**
   * Maps a kernel state number ({@code sk_state}, {@code idiag_state}).
   *
   * @param kernelState the number, 1 to 12
   * @return the state, or empty for a number outside 1..12
   */
  public static Optional<TcpState> ofKernel(int kernelState) {
    if (kernelState < 0 || kernelState >= BY_KERNEL_STATE.length) {
      return Optional.empty();
    }
    return Optional.ofNullable(BY_KERNEL_STATE[kernelState]);
  }
}
