package io.containernetstat.core;

import java.util.Map;
import java.util.Objects;

/**
 * A running container as a resolver found it; immutable.
 *
 * @param id the runtime's container id (64 hex characters for Docker, containerd, CRI-O, podman; the
 *     PID as text for a plain process found by the netns scan)
 * @param name the container's name ({@code k8s_<container>_<pod>_...} for cri-dockerd), or the
 *     process's command for a plain process
 * @param image the image reference; empty when unknown
 * @param runtime {@code docker}, {@code containerd}, {@code cri-o}, {@code podman} or {@code process}
 * @param pid a process of the container, in the proc root's PID namespace
 * @param startTime that process's start time (field 22 of its stat), so a reused PID is never
 *     mistaken for this container
 * @param labels the runtime's labels or annotations; empty when unknown
 * @param pod the Kubernetes pod the container belongs to, or null
 * @param podContainer the container's name within its pod, or null (null for the sandbox)
 * @param sandbox whether this is the pod's sandbox (pause) container, which owns the pod's netns
 */
public record Container(
    String id,
    String name,
    String image,
    String runtime,
    long pid,
    long startTime,
    Map<String, String> labels,
    Pod pod,
    String podContainer,
    boolean sandbox) {

  /**
   * Validates and copies the fields.
   *
   * @throws NullPointerException if id, name, image, runtime or labels is null
   */
  public Container {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(image, "image == null");
    Objects.requireNonNull(runtime, "runtime == null");
    labels = Map.copyOf(labels);
  }
}
