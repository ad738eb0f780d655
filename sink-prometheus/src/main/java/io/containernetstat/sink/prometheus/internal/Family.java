package io.containernetstat.sink.prometheus.internal;

/**
 * One exported metric family for a kernel field or a socket figure: its name (before the client
 * appends {@code _total} to counters), its type and its help text; immutable. Not API.
 *
 * @param name the metric name as given to the client, for example {@code container_netstat_Tcp_InSegs}
 * @param counter true for a monotonic counter, false for a gauge
 * @param help the HELP text
 */
public record Family(String name, boolean counter, String help) {

  /** Marks a field that is not exported (filtered out, or host-wide). */
  static final Family EXCLUDED = new Family("", false, "");

  /** {@return whether this field is exported} */
  public boolean exported() {
    return this != EXCLUDED;
  }
}
