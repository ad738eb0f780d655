package io.containernetstat.resolver.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;

/**
 * Finds container cgroups in one hierarchy, cycle after cycle; one caller at a time.
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
 * never stats their entries. Control files ({@code cgroup.procs}, {@code pids.max}, ...) never match a
 * container or pod name.
 *
 * <p>Cost: the top directories and QoS levels are listed every cycle (a few; their other children come
 * and go unseen, so nothing short of a listing tells that a pod or container appeared among them). A
 * pod's directory, one per pod, is listed again only when it may have changed: one {@code stat} a cycle
 * reads its link count, which cgroupfs (kernfs) and the usual filesystems keep at 2 plus the number of
 * subdirectories (cgroupfs never changes a directory's mtime). The count alone misses a container
 * replaced by another between two cycles, so before a listing is used again every container found in it
 * must still hold the process chosen for it ({@link Sink#stillHeld}, the resolver's {@code pread} of the
 * held {@code stat}, which it makes anyway): a cgroup cannot be removed while it has processes, so a
 * container that went first lost its process. A link count below 2 (btrfs counts 1 for every directory)
 * means a listing every cycle. Not API.
 */
public final class CgroupWalker {
  /** Receives each container cgroup found. */
  public interface Sink {
    /**
     * Called once per container cgroup and cycle.
     *
     * @param parent the directory holding it
     * @param name its directory name
     * @param kind what the name says about the runtime
     * @param podUid the pod UID from an enclosing {@code pod<uid>} directory, or null
     * @param runtimeGuess the runtime this location implies when the metadata does not say
     */
    void container(File parent, String name, CgroupNames.Kind kind, String podUid, String runtimeGuess);

    /**
     * Asked in a cycle before a pod directory's listing of the last cycle is used again, for each
     * container found in it then.
     *
     * @param name the container cgroup's directory name, as passed to {@link #container}
     * @return true when the container still holds the same process it held in the last cycle; false
     *     makes the walk list the directory again
     */
    boolean stillHeld(String name);
  }

  /** Pods are at most two levels below kubepods (QoS, then pod); containers one more. */
  private static final int MAX_KUBE_DEPTH = 2;

  private final Function<File, String[]> lister;
  private final LinkCount linkCount;
  /** Each pod directory seen in the last cycle, by its name. */
  private final Map<String, PodDir> pods = new HashMap<>();
  private long cycle;

  /** Creates a walker that lists with {@link File#list()} and reads link counts with {@code stat}. */
  public CgroupWalker() {
    this(File::list, LinkCount.STAT);
  }

  /**
   * For tests: with any way to list a directory and to read its link count.
   *
   * @param lister lists a directory; null when it cannot be listed
   * @param linkCount reads a directory's link count
   */
  CgroupWalker(Function<File, String[]> lister, LinkCount linkCount) {
    this.lister = lister;
    this.linkCount = linkCount;
  }

  /** Reads a directory's link count. */
  @FunctionalInterface
  interface LinkCount {
    /** With {@code stat}: {@code unix:nlink}. */
    LinkCount STAT = dir -> {
      try {
        return ((Number) Files.readAttributes(dir.toPath(), "unix:nlink").get("nlink")).longValue();
      } catch (IOException | RuntimeException e) {
        return -1; // gone, unreadable, or no unix view: list it
      }
    };

    /** {@return the directory's link count, or -1 when it cannot be read} */
    long of(File dir);
  }

  /**
   * Walks the hierarchy once: each container found goes to {@code sink}.
   *
   * @param hierarchy the hierarchy's root directory
   * @param sink receives the containers
   */
  public void walk(File hierarchy, Sink sink) {
    cycle++;
    kube(new File(hierarchy, "kubepods"), 0, sink);
    kube(new File(hierarchy, "kubepods.slice"), 0, sink);
    flat(new File(hierarchy, "docker"), "docker", sink);
    flat(new File(hierarchy, "system.slice"), null, sink);
    podman(new File(hierarchy, "machine.slice"), sink);
    podman(new File(hierarchy, "libpod_parent"), sink);
    for (Iterator<PodDir> it = pods.values().iterator(); it.hasNext(); ) {
      if (it.next().seen != cycle) {
        it.remove();
      }
    }
  }

  /** {@code libpod-<id>} containers, and pods holding them, which are not containers themselves. */
  private void podman(File dir, Sink sink) {
    String[] names = lister.apply(dir);
    if (names == null) {
      return;
    }
    for (String name : names) {
      PodDir pod = pod(dir, name, true);
      if (pod != null) {
        visit(pod, sink);
        continue;
      }
      CgroupNames.Kind kind = CgroupNames.containerKind(name);
      if (kind != null) {
        sink.container(dir, name, kind, null, "podman");
      }
    }
  }

  /** Kubernetes' tops and QoS levels: containers, QoS levels and pods. */
  private void kube(File dir, int depth, Sink sink) {
    String[] names = lister.apply(dir);
    if (names == null) {
      return;
    }
    for (String name : names) {
      CgroupNames.Kind kind = CgroupNames.containerKind(name);
      if (kind != null) {
        sink.container(dir, name, kind, null, guess(kind, "containerd"));
        continue;
      }
      if (depth >= MAX_KUBE_DEPTH) {
        continue;
      }
      if (CgroupNames.isQosLevel(name)) {
        kube(new File(dir, name), depth + 1, sink);
      } else if (name.startsWith("pod") || name.startsWith("kubepods-")) {
        PodDir pod = pod(dir, name, false);
        if (pod != null) {
          visit(pod, sink);
        }
      }
    }
  }

  private void flat(File dir, String bareIdRuntime, Sink sink) {
    String[] names = lister.apply(dir);
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

  /**
   * {@return the pod directory {@code name} in {@code parent}, as seen in the last cycle or new, or null
   * when the name is no pod's}
   */
  private PodDir pod(File parent, String name, boolean podman) {
    PodDir pod = pods.get(name);
    if (pod != null && pod.parent.equals(parent.getPath())) {
      return pod; // its id is known: the name is not parsed again
    }
    String id = podman ? CgroupNames.podmanPodId(name) : CgroupNames.podUid(name);
    if (id == null) {
      return null;
    }
    pod = new PodDir(parent, name, id, podman);
    pods.put(name, pod);
    return pod;
  }

  /**
   * A pod's containers: any container name in a Kubernetes pod, {@code libpod-<id>} only in a podman pod
   * (a bare id there is no container). Listed again only when it may have changed.
   */
  private void visit(PodDir pod, Sink sink) {
    pod.seen = cycle;
    pod.refresh(lister, linkCount, sink);
    for (int i = 0; i < pod.names.length; i++) {
      CgroupNames.Kind kind = pod.kinds[i];
      sink.container(pod.dir, pod.names[i], kind, pod.podId, pod.podman ? "podman" : guess(kind, "containerd"));
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

  /** A pod's directory as last listed: its container children and the link count read before. */
  private static final class PodDir {
    private static final String[] NONE = {};
    private static final CgroupNames.Kind[] NO_KINDS = {};

    final String parent;
    final File dir;
    /** The Kubernetes pod UID or podman pod id the name gives. */
    final String podId;
    final boolean podman;
    String[] names = NONE;
    CgroupNames.Kind[] kinds = NO_KINDS;
    /** The link count read before the last listing; -1 before the first. */
    long links = -1;
    long seen;

    PodDir(File parent, String name, String podId, boolean podman) {
      this.parent = parent.getPath();
      this.dir = new File(parent, name);
      this.podId = podId;
      this.podman = podman;
    }

    /** Lists the directory again unless its link count is as before and its containers still hold. */
    void refresh(Function<File, String[]> lister, LinkCount linkCount, Sink sink) {
      long now = linkCount.of(dir); // before listing: a container made in between is seen next cycle
      if (now >= 2 && now == links && allHeld(sink)) {
        return;
      }
      links = now;
      String[] all = lister.apply(dir);
      if (all == null) {
        names = NONE;
        kinds = NO_KINDS;
        return;
      }
      int n = 0;
      CgroupNames.Kind[] found = new CgroupNames.Kind[all.length];
      for (String child : all) {
        CgroupNames.Kind kind = CgroupNames.containerKind(child);
        if (kind != null && (!podman || kind == CgroupNames.Kind.PODMAN)) {
          found[n] = kind;
          all[n++] = child;
        }
      }
      names = Arrays.copyOf(all, n);
      kinds = Arrays.copyOf(found, n);
    }

    private boolean allHeld(Sink sink) {
      for (String name : names) {
        if (!sink.stillHeld(name)) {
          return false;
        }
      }
      return true;
    }
  }
}
