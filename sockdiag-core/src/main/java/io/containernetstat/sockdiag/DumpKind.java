package io.containernetstat.sockdiag;

/** What one {@link SockDiagReader#dump} asks the kernel for. */
public enum DumpKind {
  /**
   * TCP listeners only (state filter {@code TCPF_LISTEN}), IPv4 and IPv6: walks the kernel's listening
   * hash only, so its cost does not grow with established connections.
   */
  LISTEN,
  /**
   * Every TCP state, counted, plus UDP sockets, IPv4 and IPv6; listeners as with {@link #LISTEN}. Walks
   * the whole established hash (host-wide unless the namespace has its own), so it costs more.
   */
  STATES
}
