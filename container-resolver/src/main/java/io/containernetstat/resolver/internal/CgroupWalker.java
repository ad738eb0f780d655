package io.containernetstat.resolver.internal;

import java.io.File;

/**
 * Finds container cgroups in one hierarchy; stateless, thread-safe.
 *
 * <p>Walks only where runtimes put containers, and no deeper than pods:
 * <pre>
 * kubepods/[besteffort|burstable/]pod&lt;uid&gt;/&lt;container&gt;                         cgroupfs driver
 * kubepods.slice/[kubepods-&lt;qos&gt;.slice/]kubepods[-&lt;qos&gt;]-pod&lt;uid&gt;.slice/&lt;container&gt;  systemd
 * docker/&lt;id&gt;, system.slice/&lt;x&gt;-&lt;id&gt;.scope
 * machine.slice/libpod-&lt;id&gt;.scope, machine.slice/machine-libpod_pod_&lt;podid&gt;.slice/libpod-&lt;id&gt;.scope  podman, systemd
 * libpod_parent/libpod-&lt;id&gt;, libpod_parent/&lt;podid&gt;/libpod-&lt;id&gt;                             podman, cgroupfs
 * </pre>
 * A podman pod's cgroup (measured with podman 4.3, cgroupfs: {@code libpod_parent/<podid>}, beside
 * {@code conmon}) holds its containers' cgroups, the infra container's among them; its id reaches the
 * sink as the pod, as a Kubernetes pod UID does.
 * Directory names alone tell containers, pods and QoS levels apart, so the walk lists directories and
 * never stats their entries: one {@code getdents} per directory (pods, QoS levels and the tops above).
 * Control files ({@code cgroup.procs}, {@code pids.max}, ...) never match a container or pod name.
 * Not API.
 */
public final class CgroupWalker {
  /** Receives each container cgroup found. */
  @FunctionalInterface
  public interface Sink {
    /**
     * Called once per container cgroup.
     *
     * @param parent the directory holding it
     * @param name its directory name
     * @param kind what the name says about the runtime
     * @param podUid the pod UID from an enclosing {@code pod<uid>} directory, or null
     * @param runtimeGuess the runtime this location implies when the metadata does not say
     */
    void container(File parent, String name, CgroupNames.Kind kind, String podUid, String runtimeGuess);
  }

  /** Pods are at most two levels below kubepods (QoS, then pod); containers one more. */
  private static final int MAX_KUBE_DEPTH = 2;

  private CgroupWalker() {}

  /**
   * Walks a hierarchy.
   *
   * @param hierarchy the hierarchy's root directory
   * @param sink receives the containers
   */
  public static void walk(File hierarchy, Sink sink) {
    kube(new File(hierarchy, "kubepods"), null, 0, sink);
    kube(new File(hierarchy, "kubepods.slice"), null, 0, sink);
    flat(new File(hierarchy, "docker"), "docker", sink);
    flat(new File(hierarchy, "system.slice"), null, sink);
    podman(new File(hierarchy, "machine.slice"), sink);
    podman(new File(hierarchy, "libpod_parent"), sink);
  }

  /** {@code libpod-<id>} containers, and pods holding them, which are not containers themselves. */
  private static void podman(File dir, Sink sink) {
    String[] names = dir.list();
    if (names == null) {
      return;
    }
    for (String name : names) {
      String pod = CgroupNames.podmanPodId(name);
      if (pod != null) {
        podMembers(new File(dir, name), pod, sink);
        continue;
      }
      CgroupNames.Kind kind = CgroupNames.containerKind(name);
      if (kind != null) {
        sink.container(dir, name, kind, null, "podman");
      }
    }
  }

  private static void kube(File dir, String podUid, int depth, Sink sink) {
    String[] names = dir.list();
    if (names == null) {
      return;
    }
    for (String name : names) {
      CgroupNames.Kind kind = CgroupNames.containerKind(name);
      if (kind != null) {
        sink.container(dir, name, kind, podUid, guess(kind, "containerd"));
        continue;
      }
      if (depth >= MAX_KUBE_DEPTH) {
        continue;
      }
      if (CgroupNames.isQosLevel(name)) {
        kube(new File(dir, name), podUid, depth + 1, sink);
      } else if (name.startsWith("pod") || name.startsWith("kubepods-")) {
        String uid = CgroupNames.podUid(name);
        if (uid != null) {
          kube(new File(dir, name), uid, MAX_KUBE_DEPTH, sink);
        }
      }
    }
  }

  private static void flat(File dir, String bareIdRuntime, Sink sink) {
    String[] names = dir.list();
    if (names == null) {
      return;
    }
    for (String name : names) {
      CgroupNames.Kind kind = CgroupNames.containerKind(name);
      if (kind != null && (kind != CgroupNames.Kind.BARE_ID || bareIdRuntime != null)) {
        sink.container(dir, name, kind, null, guess(kind, bareIdRuntime));
      }
    }
  }

  /** A podman pod's containers: {@code libpod-<id>} only (a bare id there is no container). */
  private static void podMembers(File pod, String podId, Sink sink) {
    String[] names = pod.list();
    if (names == null) {
      return;
    }
    for (String name : names) {
      if (CgroupNames.containerKind(name) == CgroupNames.Kind.PODMAN) {
        sink.container(pod, name, CgroupNames.Kind.PODMAN, podId, "podman");
      }
    }
  }

  private static String guess(CgroupNames.Kind kind, String bareIdRuntime) {
    switch (kind) {
      case DOCKER:
        return "docker";
      case CONTAINERD:
        return "containerd";
      case CRIO:
        return "cri-o";
      case PODMAN:
        return "podman";
      default:
        return bareIdRuntime;
    }
  }
}
