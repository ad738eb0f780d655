package io.containernetstat.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
    List<ContainerFilesystems> filesystems) {

  /** Copies the collections. */
  public Snapshot {
    if (notCollected < 0) {
      throw new IllegalArgumentException("notCollected < 0: " + notCollected);
    }
    files = Set.copyOf(files);
    namespaces = List.copyOf(namespaces);
    warnings = List.copyOf(warnings);
    filesystems = List.copyOf(filesystems);
  }

  /**
   * A snapshot with every namespace found collected ({@code notCollected} 0).
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
   * {@code too_large}, {@code permission_denied}, {@code read_error} for namespaces, {@code resolver} when resolution failed, {@code filesystem} for
   * failed containers' or mounts' filesystems}
   */
  public Map<String, Integer> errorsByReason() {
    Map<String, Integer> out = new TreeMap<>();
    for (NamespaceSnapshot ns : namespaces) {
      if (!ns.ok()) {
        out.merge(ns.errorReason(), 1, Integer::sum);
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
}
