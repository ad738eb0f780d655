package io.containernetstat.core;

import java.util.OptionalLong;

/**
 * The sockstat fields that are the same in every network namespace because the kernel keeps them for
 * the whole host; immutable.
 *
 * <p>Verified by opening sockets in a fresh namespace: its {@code alloc} moved with sockets elsewhere
 * on the host. A per-container "orphan" or "total" taken from these fields is the host's number
 * repeated, so they are reported once per host and never as a container's own figure.
 *
 * @param tcpOrphan sockstat {@code TCP orphan}
 * @param tcpAlloc sockstat {@code TCP alloc} (what {@code ss -s} prints, plus {@code tw}, as its TCP total)
 * @param tcpMemPages sockstat {@code TCP mem}, in pages
 * @param udpMemPages sockstat {@code UDP mem}, in pages
 */
public record HostWide(OptionalLong tcpOrphan, OptionalLong tcpAlloc, OptionalLong tcpMemPages, OptionalLong udpMemPages) {

  /**
   * Takes the host-wide fields from any namespace's sockstat.
   *
   * @param sockstat a sockstat
   * @return the host-wide fields
   */
  public static HostWide of(Counters sockstat) {
    return new HostWide(
        Summary.field(sockstat, "TCP", "orphan"),
        Summary.field(sockstat, "TCP", "alloc"),
        Summary.field(sockstat, "TCP", "mem"),
        Summary.field(sockstat, "UDP", "mem"));
  }

  /**
   * Tells whether a sockstat field is host-wide: {@code orphan}, {@code alloc} and {@code mem} on any
   * line ({@code TCP}, {@code UDP}, {@code UDPLITE}). {@code FRAG memory} is per namespace.
   *
   * @param group the sockstat line, for example {@code TCP}
   * @param name the key, for example {@code orphan}
   * @return true when the field must not be reported as a namespace's own
   */
  public static boolean isHostWide(String group, String name) {
    switch (name) {
      case "orphan":
      case "alloc":
      case "mem":
        return true;
      default:
        return false;
    }
  }
}
