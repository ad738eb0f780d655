package io.containernetstat.core.sockets;

/**
 * One listening TCP socket and its accept queue.
 *
 * @param address the local address as text: dotted IPv4 ({@code 0.0.0.0}) or compressed IPv6 ({@code ::1})
 * @param port the local port
 * @param queue connections waiting to be accepted ({@code idiag_rqueue})
 * @param limit the accept queue's limit, the effective backlog ({@code idiag_wqueue})
 */
public record Listener(String address, int port, long queue, long limit) {
  /**
   * Validates the fields.
   *
   * @throws NullPointerException if {@code address} is null
   * @throws IllegalArgumentException if the port is outside 0..65535 or a count is negative
   */
  public Listener {
    if (address == null) {
      throw new NullPointerException("address");
    }
    if (port < 0 || port > 65535 || queue < 0 || limit < 0) {
      throw new IllegalArgumentException("port 0..65535 and counts >= 0: " + port + ", " + queue + "/" + limit);
    }
  }

  /** {@return whether the accept queue is at (or above) its limit: the next connection is dropped} */
  public boolean full() {
    return queue >= limit;
  }
}
