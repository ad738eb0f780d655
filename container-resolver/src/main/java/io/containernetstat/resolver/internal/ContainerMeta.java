package io.containernetstat.resolver.internal;

import java.util.Map;
import java.util.Objects;

/**
 * What a runtime wrote on disk about a container (its bundle or state file); immutable. A container's
 * bundle does not change while the container exists, so this is read once per container id. Not API.
 *
 * @param runtime {@code docker}, {@code containerd}, {@code cri-o} or {@code podman}; null when the
 *     metadata was not found and the runtime is only guessed from the cgroup name
 * @param name the container's name; null when unknown
 * @param image the image reference; empty when unknown
 * @param labels the labels (Docker) or annotations (OCI bundle); empty when unknown
 * @param networkMode Docker's {@code HostConfig.NetworkMode} ({@code none}, {@code host},
 *     {@code container:<id>}); null when unknown or not Docker
 * @param source the file read, for messages; null when nothing was found
 * @param identity the container's pod identity as its runtime states it (podman's pods); null to read a
 *     Kubernetes identity from {@code labels}
 */
public record ContainerMeta(String runtime, String name, String image, Map<String, String> labels,
    String networkMode, String source, KubernetesIdentity identity) {

  /** Nothing found on disk. */
  public static final ContainerMeta UNKNOWN = new ContainerMeta(null, null, "", Map.of(), null, null, null);

  /** {@return metadata whose pod identity, if any, is read from its labels} */
  public static ContainerMeta of(String runtime, String name, String image, Map<String, String> labels,
      String networkMode, String source) {
    return new ContainerMeta(runtime, name, image, labels, networkMode, source, null);
  }

  /** Validates and copies. */
  public ContainerMeta {
    Objects.requireNonNull(image, "image == null");
    labels = Map.copyOf(labels);
  }
}
