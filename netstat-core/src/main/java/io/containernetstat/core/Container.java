package io.containernetstat.core;

import java.util.Map;
import java.util.Objects;

/**
 * A running container as a resolver found it; immutable.
 *
 * @param id the runtime's container id (64 hex characters for Docker, containerd, CRI-O, podman; the
 *     network namespace inode as text for a plain process found by the netns scan, see {@link #process})
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

  /** The {@link #runtime()} of a process the netns scan found outside any container. */
  public static final String PLAIN_PROCESS = "process";

  /**
   * {@return a process found outside any container, named as every sink and report names it: its network
   * namespace's inode as {@code id}, which stays the same for as long as the namespace lives (a PID changes
   * at every restart and is reused), and its command ({@code comm}) as {@code name}; runtime
   * {@link #PLAIN_PROCESS}, no image, labels or pod}
   *
   * @param netnsInode the inode of the process's network namespace
   * @param command the process's command
   * @param pid the process, through which the namespace is read
   * @param startTime that process's start time
   * @throws NullPointerException if command is null
   */
  public static Container process(long netnsInode, String command, long pid, long startTime) {
    return new Container(Long.toString(netnsInode), command, "", PLAIN_PROCESS, pid, startTime, Map.of(), null,
        null, false);
  }

  /**
   * {@return whether this is an application container: not a pod's sandbox (whose pause process holds
   * nothing of its own) and not a plain process found outside any container}
   */
  public boolean application() {
    return !sandbox && !PLAIN_PROCESS.equals(runtime);
  }

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
}
