package io.containernetstat.core;

import java.util.Objects;

/**
 * A Kubernetes pod's identity; immutable.
 *
 * @param namespace the pod's Kubernetes namespace
 * @param name the pod's name
 * @param uid the pod's UID; empty when unknown
 */
public record Pod(String namespace, String name, String uid) {
  /**
   * Validates the fields.
   *
   * @throws NullPointerException if a field is null
   */
  public Pod {
    Objects.requireNonNull(namespace, "namespace == null");
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(uid, "uid == null");
  }
}
