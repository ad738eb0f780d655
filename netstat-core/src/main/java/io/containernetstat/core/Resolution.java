package io.containernetstat.core;

import java.util.List;

/**
 * What a resolver found on the host at one moment; immutable.
 *
 * @param resolver the resolver's name: {@code docker}, {@code cgroup}, {@code netns} or an embedder's
 * @param namespaces each network namespace once, with the containers in it
 * @param skipped containers seen but skipped because they exited while being resolved
 * @param warnings problems that did not stop the resolution (a daemon that is down while a cached
 *     mapping is used, an unreadable bundle, ...); empty when none
 * @param failed processes or containers that are there but whose namespace could not be identified: a
 *     malformed {@code ns/net} link or {@code stat}, a FIFO or an oversized file where one of them
 *     should be. Each is a {@link NamespaceSnapshot#failed failed namespace} whose target has
 *     {@code netnsInode} 0 (unknown) and start time -1 (unknown) unless they were read; the collector
 *     reports them with the namespaces it read. Never counted in {@code skipped}: an exit is not an error
 */
public record Resolution(String resolver, List<NetnsTarget> namespaces, int skipped, List<String> warnings,
    List<NamespaceSnapshot> failed) {

  /**
   * Copies the lists.
   *
   * @throws IllegalArgumentException if an entry of {@code failed} was read
   */
  public Resolution {
    namespaces = List.copyOf(namespaces);
    warnings = List.copyOf(warnings);
    failed = List.copyOf(failed);
    for (NamespaceSnapshot f : failed) {
      if (f.ok()) {
        throw new IllegalArgumentException("failed holds a namespace that was read: " + f.target().displayName());
      }
    }
  }

  /** A resolution in which nothing failed. */
  public Resolution(String resolver, List<NetnsTarget> namespaces, int skipped, List<String> warnings) {
    this(resolver, namespaces, skipped, warnings, List.of());
  }
}
