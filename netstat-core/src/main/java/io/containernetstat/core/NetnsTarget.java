package io.containernetstat.core;

import io.containernetstat.core.Container.Pod;
import java.util.List;
import java.util.Optional;

/**
 * One network namespace to read, with everything that lives in it; immutable.
 *
 * <p>A pod's containers share one namespace, and so do containers started with
 * {@code --network container:X}: they appear once here, so their figures are never multiplied.
 *
 * @param netnsInode the namespace inode ({@code readlink /proc/<pid>/ns/net}); 0 for a target the
 *     resolver could not identify (see {@link Resolution#failed()})
 * @param pid the process through which the namespace is read
 * @param pidStartTime that process's start time; a reader re-opens its files when it changes
 * @param hostNetwork whether this is the host's own namespace (host networking): its figures are the
 *     host's totals, not a container's
 * @param owner the id of the container that owns the namespace (the pod sandbox, or the container
 *     others joined), or null when unknown
 * @param pod the pod whose namespace this is, or null
 * @param containers the containers in the namespace, owner first; empty for a namespace found
 *     without containers
 */
public record NetnsTarget(
    long netnsInode,
    long pid,
    long pidStartTime,
    boolean hostNetwork,
    String owner,
    Pod pod,
    List<Container> containers) {

  /** Copies the container list. */
  public NetnsTarget {
    containers = List.copyOf(containers);
  }

  /**
   * {@return the container the namespace is named after, the one rule every sink and report uses: the
   * owner the resolver chose (the pod sandbox, or the container others joined with
   * {@code --network container:X}); else, in a pod, its sandbox or its only container; else the first
   * container; empty when none can be told (no containers, or a pod of several with no sandbox found)}
   */
  public Optional<Container> representative() {
    if (owner != null) {
      for (Container c : containers) {
        if (c.id().equals(owner)) {
          return Optional.of(c);
        }
      }
    }
    if (pod != null) {
      for (Container c : containers) {
        if (c.sandbox()) {
          return Optional.of(c);
        }
      }
      return containers.size() == 1 ? Optional.of(containers.get(0)) : Optional.empty();
    }
    return containers.isEmpty() ? Optional.empty() : Optional.of(containers.get(0));
  }

  /**
   * {@return a short name for people: {@code namespace/pod} for a pod whose name is known, else the
   * owner's or first container's name, else {@code pid <pid>}}
   */
  public String displayName() {
    if (pod != null && !pod.name().isEmpty()) {
      return pod.namespace().isEmpty() ? pod.name() : pod.namespace() + "/" + pod.name();
    }
    for (Container c : containers) {
      if (c.id().equals(owner)) {
        return c.name();
      }
    }
    return containers.isEmpty() ? "pid " + pid : containers.get(0).name();
  }
}
