package io.containernetstat.core;

import io.containernetstat.core.NetnsStats.Summary;
import io.containernetstat.core.filesystem.ContainerFilesystems;
import io.containernetstat.core.filesystem.ContainerFilesystems.FilesystemStat;
import io.containernetstat.core.sockets.NamespaceSockets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.OptionalLong;

/**
 * The result of one collection on one host; immutable and thread-safe. Sinks render it and never touch
 * parsers or resolvers.
 *
 * @param timestamp when the collection started
 * @param resolver the resolver that was used ({@code docker}, {@code cgroup}, {@code netns}, ...)
 * @param resolveNanos how long resolution took
 * @param durationNanos how long the whole collection took, resolution included
 * @param hostNetns the host's own namespace, or null when it could not be determined
 * @param hostWide the host-wide sockstat fields, or null when not read
 * @param files the files that were requested in each namespace
 * @param namespaces each namespace once, read or failed
 * @param gone containers or namespaces skipped because their process exited during the collection
 * @param notCollected namespaces found but not read because the collection's namespace budget
 *     ({@link Collector.Builder#maxNamespaces(int)}) was full; 0 without a budget
 * @param resolverError null, or why resolution failed (then {@code namespaces} is empty)
 * @param warnings the resolver's warnings
 * @param filesystems the containers' filesystems; empty when filesystem monitoring is off
 * @param sockets the namespaces' sockets (listeners, and states when asked); empty when socket
 *     monitoring is off
 * @param socketNanos how long dumping the sockets took (part of {@code durationNanos}); 0 when off
 */
public record Snapshot(
    Instant timestamp,
    String resolver,
    long resolveNanos,
    long durationNanos,
    HostNetns hostNetns,
    HostWide hostWide,
    Set<ProcNetFile> files,
    List<NamespaceSnapshot> namespaces,
    int gone,
    int notCollected,
    String resolverError,
    List<String> warnings,
    List<ContainerFilesystems> filesystems,
    List<NamespaceSockets> sockets,
    long socketNanos) {

  /** Copies the collections. */
  public Snapshot {
    if (notCollected < 0 || socketNanos < 0) {
      throw new IllegalArgumentException("notCollected and socketNanos must be >= 0: " + notCollected
          + ", " + socketNanos);
    }
    files = Set.copyOf(files);
    namespaces = List.copyOf(namespaces);
    warnings = List.copyOf(warnings);
    filesystems = List.copyOf(filesystems);
    sockets = List.copyOf(sockets);
  }

  /**
   * A snapshot without sockets.
   *
   * @param timestamp see the record's components
   * @param resolver see the record's components
   * @param resolveNanos see the record's components
   * @param durationNanos see the record's components
   * @param hostNetns see the record's components
   * @param hostWide see the record's components
   * @param files see the record's components
   * @param namespaces see the record's components
   * @param gone see the record's components
   * @param notCollected see the record's components
   * @param resolverError see the record's components
   * @param warnings see the record's components
   * @param filesystems see the record's components
   */
  public Snapshot(Instant timestamp, String resolver, long resolveNanos, long durationNanos,
      HostNetns hostNetns, HostWide hostWide, Set<ProcNetFile> files, List<NamespaceSnapshot> namespaces,
      int gone, int notCollected, String resolverError, List<String> warnings,
      List<ContainerFilesystems> filesystems) {
    this(timestamp, resolver, resolveNanos, durationNanos, hostNetns, hostWide, files, namespaces, gone,
        notCollected, resolverError, warnings, filesystems, List.of(), 0);
  }

  /**
   * A snapshot with every namespace found collected ({@code notCollected} 0), without sockets.
   *
   * @param timestamp see the record's components
   * @param resolver see the record's components
   * @param resolveNanos see the record's components
   * @param durationNanos see the record's components
   * @param hostNetns see the record's components
   * @param hostWide see the record's components
   * @param files see the record's components
   * @param namespaces see the record's components
   * @param gone see the record's components
   * @param resolverError see the record's components
   * @param warnings see the record's components
   * @param filesystems see the record's components
   */
  public Snapshot(Instant timestamp, String resolver, long resolveNanos, long durationNanos,
      HostNetns hostNetns, HostWide hostWide, Set<ProcNetFile> files, List<NamespaceSnapshot> namespaces,
      int gone, String resolverError, List<String> warnings, List<ContainerFilesystems> filesystems) {
    this(timestamp, resolver, resolveNanos, durationNanos, hostNetns, hostWide, files, namespaces, gone, 0,
        resolverError, warnings, filesystems);
  }

  /**
   * {@return the number of failures by reason: {@code malformed}, {@code not_regular_file},
   * {@code too_large}, {@code permission_denied}, {@code read_error} for namespaces, {@code resolver} when
   * resolution failed, {@code filesystem} for failed containers' or mounts' filesystems, {@code sockets}
   * for namespaces whose socket dump failed}
   */
  public Map<String, Integer> errorsByReason() {
    Map<String, Integer> out = new TreeMap<>();
    for (NamespaceSnapshot ns : namespaces) {
      if (!ns.ok()) {
        out.merge(ns.failure().label(), 1, Integer::sum);
      }
    }
    if (resolverError != null) {
      out.merge("resolver", 1, Integer::sum);
    }
    for (ContainerFilesystems c : filesystems) {
      if (c.error() != null) {
        out.merge("filesystem", 1, Integer::sum);
      }
      for (FilesystemStat fs : c.filesystems()) {
        if (fs.error() != null) {
          out.merge("filesystem", 1, Integer::sum);
        }
      }
    }
    for (NamespaceSockets s : sockets) {
      if (!s.ok()) {
        out.merge("sockets", 1, Integer::sum);
      }
    }
    return out;
  }

  /** {@return the number of distinct containers in the resolved namespaces} */
  public int containerCount() {
    int n = 0;
    for (NamespaceSnapshot ns : namespaces) {
      n += ns.target().containers().size();
    }
    return n;
  }

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

  /**
   * The host's own network namespace, and which process was used to find it; immutable.
   *
   * <p>Containers with host networking share this namespace; its counters are the host's totals, so a
   * sink does not export them as a container's figures by default. {@code core.internal.HostNetnsDetection}
   * finds it.
   *
   * @param inode the namespace inode
   * @param referencePid the process whose namespace was taken as the host's
   * @param reference how it was chosen, for logs and reports
   */
  public record HostNetns(long inode, long referencePid, String reference) {}
}
