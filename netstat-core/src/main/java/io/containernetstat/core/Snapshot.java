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
    String resolverError,
    List<String> warnings,
    List<ContainerFilesystems> filesystems) {

  /** Copies the collections. */
  public Snapshot {
    files = Set.copyOf(files);
    namespaces = List.copyOf(namespaces);
    warnings = List.copyOf(warnings);
    filesystems = List.copyOf(filesystems);
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
