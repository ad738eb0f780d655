package io.containernetstat.core;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

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
}
