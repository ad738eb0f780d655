package io.containernetstat.core;

import io.containernetstat.core.Snapshot.HostWide;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalLong;

/**
 * What was read from one network namespace in one collection: the counters of each requested file
 * that exists; immutable and thread-safe.
 *
 * <p>A file that was requested but does not exist (sockstat6 and snmp6 when IPv6 is disabled) is
 * absent, not zero: {@link #file(ProcNetFile)} is empty for it and {@link #isRequested(ProcNetFile)}
 * is true.
 */
public final class NetnsStats {
  private static final ProcNetFile[] FILES = ProcNetFile.values();

  private final Counters[] byFile;
  private final Set<ProcNetFile> requested;
  private final Summary summary;

  private NetnsStats(Counters[] byFile, Set<ProcNetFile> requested) {
    this.byFile = byFile;
    this.requested = requested;
    this.summary = Summary.of(
        byFile[ProcNetFile.SOCKSTAT.ordinal()],
        byFile[ProcNetFile.SOCKSTAT6.ordinal()],
        byFile[ProcNetFile.SNMP.ordinal()]);
  }

  /**
   * Creates the stats of one namespace.
   *
   * @param requested the files that were asked for
   * @param present the counters of the requested files that exist; files absent from the map are absent
   * @return the stats
   * @throws IllegalArgumentException if {@code present} holds a file that was not requested
   */
  public static NetnsStats of(Set<ProcNetFile> requested, java.util.Map<ProcNetFile, Counters> present) {
    Counters[] byFile = new Counters[FILES.length];
    present.forEach((file, counters) -> {
      if (!requested.contains(file)) {
        throw new IllegalArgumentException(file + " was not requested");
      }
      byFile[file.ordinal()] = java.util.Objects.requireNonNull(counters, "counters == null");
    });
    return new NetnsStats(byFile, Collections.unmodifiableSet(EnumSet.copyOf(requested)));
  }

  static NetnsStats ofArray(Counters[] byFile, Set<ProcNetFile> requested) {
    return new NetnsStats(byFile, requested);
  }

  /** {@return the counters of {@code file}, or empty when it was not requested or does not exist} */
  public Optional<Counters> file(ProcNetFile file) {
    return Optional.ofNullable(byFile[file.ordinal()]);
  }

  Counters fileOrNull(ProcNetFile file) {
    return byFile[file.ordinal()];
  }

  /** {@return whether {@code file} was requested} */
  public boolean isRequested(ProcNetFile file) {
    return requested.contains(file);
  }

  /** {@return the files that were requested} */
  public Set<ProcNetFile> requested() {
    return requested;
  }

  /** {@return the per-namespace summary derived from sockstat, sockstat6 and snmp} */
  public Summary summary() {
    return summary;
  }

  /** {@return the host-wide sockstat fields seen from this namespace, empty when sockstat was not read} */
  public Optional<HostWide> hostWide() {
    Counters sockstat = byFile[ProcNetFile.SOCKSTAT.ordinal()];
    return sockstat == null ? Optional.empty() : Optional.of(HostWide.of(sockstat));
  }

  @Override
  public String toString() {
    return "NetnsStats{requested=" + requested + ", summary=" + summary + '}';
  }

  /**
   * The reference design's per-namespace figures, limited to what is really per network namespace;
   * immutable.
   *
   * <p>Each figure is empty when the file it comes from was not read or does not exist (absent is not
   * zero). IPv6 figures are added only when {@code sockstat6} exists, and never stand in for a missing
   * IPv4 figure.
   *
   * @param tcpEstablished snmp {@code Tcp CurrEstab}: sockets in ESTABLISHED (and, on recent kernels,
   *     CLOSE_WAIT); both ends of a connection inside the namespace count
   * @param tcpInuse sockstat {@code TCP inuse} + sockstat6 {@code TCP6 inuse}: TCP sockets in use
   *     (current kernels leave TIME_WAIT out)
   * @param tcpTimewait sockstat {@code TCP tw}: sockets in TIME_WAIT
   * @param udpInuse sockstat {@code UDP inuse} + sockstat6 {@code UDP6 inuse}
   * @param socketsUsed sockstat {@code sockets used}: every socket of the namespace, of any family
   */
  public record Summary(
      OptionalLong tcpEstablished,
      OptionalLong tcpInuse,
      OptionalLong tcpTimewait,
      OptionalLong udpInuse,
      OptionalLong socketsUsed) {

    /**
     * Derives the summary from the files of one namespace.
     *
     * @param sockstat the namespace's sockstat, or null when not read
     * @param sockstat6 its sockstat6, or null when not read or absent
     * @param snmp its snmp, or null when not read
     * @return the summary
     */
    public static Summary of(Counters sockstat, Counters sockstat6, Counters snmp) {
      return new Summary(
          field(snmp, "Tcp", "CurrEstab"),
          sum(sockstat, "TCP", sockstat6, "TCP6", "inuse"),
          field(sockstat, "TCP", "tw"),
          sum(sockstat, "UDP", sockstat6, "UDP6", "inuse"),
          field(sockstat, "sockets", "used"));
    }

    static OptionalLong field(Counters counters, String group, String name) {
      return counters == null ? OptionalLong.empty() : counters.get(group, name);
    }

    /**
     * IPv4 plus IPv6. Without the IPv4 figure there is no total: the IPv6 count alone would read as the
     * namespace's sockets while being only part of them. Without sockstat6 (IPv6 disabled) the IPv4
     * figure is the total.
     */
    private static OptionalLong sum(Counters v4, String group4, Counters v6, String group6, String name) {
      int i4 = v4 == null ? -1 : v4.indexOf(group4, name);
      if (i4 < 0) {
        return OptionalLong.empty();
      }
      int i6 = v6 == null ? -1 : v6.indexOf(group6, name);
      return OptionalLong.of(i6 < 0 ? v4.value(i4) : v4.value(i4) + v6.value(i6));
    }
  }
}
