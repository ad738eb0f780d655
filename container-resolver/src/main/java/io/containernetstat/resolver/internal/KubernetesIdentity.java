package io.containernetstat.resolver.internal;

import io.containernetstat.core.Container;
import io.containernetstat.core.Container.Pod;
import java.util.Map;

/**
 * A container's Kubernetes identity taken from its runtime's labels or annotations; immutable.
 *
 * <p>Keys read, by runtime:
 * <pre>
 * containerd CRI  io.kubernetes.cri.container-type=sandbox|container, io.kubernetes.cri.sandbox-name,
 *                 io.kubernetes.cri.sandbox-namespace, io.kubernetes.cri.sandbox-uid,
 *                 io.kubernetes.cri.container-name
 * CRI-O           io.kubernetes.pod.name, io.kubernetes.pod.namespace, io.kubernetes.pod.uid,
 *                 io.kubernetes.container.name (POD for the infra container),
 *                 io.kubernetes.cri-o.ContainerType=sandbox|container
 * cri-dockerd     io.kubernetes.pod.name, io.kubernetes.pod.namespace, io.kubernetes.pod.uid,
 *                 io.kubernetes.container.name, io.kubernetes.docker.type=podsandbox|container
 * </pre>
 * Not API.
 *
 * @param pod the pod, or null when the container is not a pod's
 * @param podContainer the container's name in its pod, null for the sandbox or outside a pod
 * @param sandbox whether the container is the pod's sandbox
 */
public record KubernetesIdentity(Pod pod, String podContainer, boolean sandbox) {
  /** No Kubernetes identity. */
  public static final KubernetesIdentity NONE = new KubernetesIdentity(null, null, false);

  /**
   * Reads the identity from labels or annotations.
   *
   * @param labels the runtime's labels or annotations
   * @param uidFromPath the pod UID found in the cgroup path, or null
   * @return the identity; {@link #NONE} when there is no sign of a pod
   */
  public static KubernetesIdentity from(Map<String, String> labels, String uidFromPath) {
    String name = first(labels, "io.kubernetes.cri.sandbox-name", "io.kubernetes.pod.name");
    String namespace = first(labels, "io.kubernetes.cri.sandbox-namespace", "io.kubernetes.pod.namespace");
    String uid = first(labels, "io.kubernetes.cri.sandbox-uid", "io.kubernetes.pod.uid");
    if (uid == null) {
      uid = uidFromPath;
    }
    String containerName = first(labels, "io.kubernetes.cri.container-name", "io.kubernetes.container.name");
    boolean sandbox = "sandbox".equals(labels.get("io.kubernetes.cri.container-type"))
        || "podsandbox".equals(labels.get("io.kubernetes.docker.type"))
        || "sandbox".equals(labels.get("io.kubernetes.cri-o.ContainerType"))
        || (!labels.containsKey("io.kubernetes.cri.container-type") && "POD".equals(containerName));
    if (name == null && namespace == null && uid == null) {
      return sandbox ? new KubernetesIdentity(null, null, true) : NONE;
    }
    Pod pod = new Pod(namespace == null ? "" : namespace, name == null ? "" : name, uid == null ? "" : uid);
    return new KubernetesIdentity(pod, sandbox ? null : containerName, sandbox);
  }

  /**
   * {@return a container whose Kubernetes identity is read from its labels}
   *
   * @param uidFromPath the pod UID found in the cgroup path, or null; used when no label gives one
   */
  public static Container container(String id, String name, String image, String runtime, long pid, long startTime,
      Map<String, String> labels, String uidFromPath) {
    KubernetesIdentity k8s = from(labels, uidFromPath);
    return new Container(id, name, image, runtime, pid, startTime, labels, k8s.pod(), k8s.podContainer(),
        k8s.sandbox());
  }

  private static String first(Map<String, String> labels, String a, String b) {
    String v = labels.get(a);
    if (v == null || v.isEmpty()) {
      v = labels.get(b);
    }
    return v == null || v.isEmpty() ? null : v;
  }
}
