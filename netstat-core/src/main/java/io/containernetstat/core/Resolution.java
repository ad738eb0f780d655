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
 */
public record Resolution(String resolver, List<NetnsTarget> namespaces, int skipped, List<String> warnings) {
  /** Copies the lists. */
  public Resolution {
    namespaces = List.copyOf(namespaces);
    warnings = List.copyOf(warnings);
  }
}
