package io.containernetstat.agent.cli;

import java.util.Objects;

/**
 * A {@code HOST:PORT} to listen on; immutable.
 *
 * @param host the address to bind, {@code 0.0.0.0} for every IPv4 interface or {@code ::} for every
 *     interface; never bracketed
 * @param port the TCP port, 0 for any free port
 */
public record ListenAddress(String host, int port) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if the host is empty or the port out of range
   */
  public ListenAddress {
    Objects.requireNonNull(host, "host == null");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("host is empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port not in 0..65535: " + port);
    }
  }

  /**
   * Parses {@code HOST:PORT}, {@code [IPV6]:PORT} or {@code :PORT} (every IPv4 interface).
   *
   * @throws IllegalArgumentException saying what is wrong with {@code text}
   */
  public static ListenAddress parse(String text) {
    String s = text.trim();
    int colon = s.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("'" + text + "' is not HOST:PORT (for example 0.0.0.0:9465)");
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      throw new IllegalArgumentException("'" + text + "': write an IPv6 address in brackets, as [::]:9465");
    }
    if (host.isEmpty()) {
      host = "0.0.0.0";
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "': port is not a number");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("'" + text + "': port not in 0..65535");
    }
    return new ListenAddress(host, port);
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
