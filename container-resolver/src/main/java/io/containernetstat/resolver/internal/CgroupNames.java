package io.containernetstat.resolver.internal;

/**
 * Recognises container and pod cgroups by the name of their directory; stateless.
 *
 * <p>The names each runtime gives its cgroups (from moby, containerd, CRI-O, podman and kubelet):
 * <pre>
 * docker       cgroupfs /docker/ID                         systemd /system.slice/docker-ID.scope
 * containerd   cgroupfs /kubepods/QOS/podUID/ID            systemd .../kubepods-QOS-podUID_.slice/cri-containerd-ID.scope
 * CRI-O        cgroupfs .../podUID/crio-ID                 systemd .../crio-ID.scope  (crio-conmon-ID: conmon, skipped)
 * podman       cgroupfs /libpod_parent/libpod-ID           systemd /machine.slice/libpod-ID.scope (libpod-conmon-ID: skipped)
 * podman pod   cgroupfs /libpod_parent/PODID/libpod-ID     systemd /machine.slice/machine-libpod_pod_PODID.slice/libpod-ID.scope
 * </pre>
 * ID is 64 lowercase hex digits. Plain matching on characters, no regex: this runs for every
 * directory entry of every cycle. Not API.
 */
public final class CgroupNames {
  /** The runtime a cgroup name points to; {@code UNKNOWN_HEX} is a bare id (Docker or containerd). */
  public enum Kind {
    /** {@code docker-ID.scope}. */
    DOCKER,
    /** {@code cri-containerd-ID.scope}. */
    CONTAINERD,
    /** {@code crio-ID} or {@code crio-ID.scope}. */
    CRIO,
    /** {@code libpod-ID} or {@code libpod-ID.scope}. */
    PODMAN,
    /** A bare {@code ID}: Docker's cgroupfs driver, containerd CRI or cri-dockerd under kubepods. */
    BARE_ID
  }

  private static final int ID_LENGTH = 64;

  private CgroupNames() {}

  /**
   * Tells which runtime's container cgroup {@code name} is.
   *
   * @param name a directory name
   * @return the kind, or null when the name is not a container's cgroup (conmon cgroups included)
   */
  public static Kind containerKind(String name) {
    int len = name.length();
    if (len == ID_LENGTH) {
      return isId(name, 0) ? Kind.BARE_ID : null;
    }
    if (len == "docker-".length() + ID_LENGTH + ".scope".length() && name.startsWith("docker-")
        && name.endsWith(".scope") && isId(name, "docker-".length())) {
      return Kind.DOCKER;
    }
    if (len == "cri-containerd-".length() + ID_LENGTH + ".scope".length()
        && name.startsWith("cri-containerd-") && name.endsWith(".scope")
        && isId(name, "cri-containerd-".length())) {
      return Kind.CONTAINERD;
    }
    if (prefixedId(name, "crio-")) {
      return Kind.CRIO;
    }
    if (prefixedId(name, "libpod-")) {
      return Kind.PODMAN;
    }
    return null;
  }

  /**
   * Extracts the container id from a name that {@link #containerKind} recognised.
   *
   * @param name the directory name
   * @param kind what {@link #containerKind} returned
   * @return the 64-hex id
   */
  public static String containerId(String name, Kind kind) {
    switch (kind) {
      case BARE_ID:
        return name;
      case DOCKER:
        return name.substring("docker-".length(), "docker-".length() + ID_LENGTH);
      case CONTAINERD:
        return name.substring("cri-containerd-".length(), "cri-containerd-".length() + ID_LENGTH);
      case CRIO:
        return name.substring("crio-".length(), "crio-".length() + ID_LENGTH);
      case PODMAN:
        return name.substring("libpod-".length(), "libpod-".length() + ID_LENGTH);
      default:
        throw new IllegalArgumentException("kind == " + kind);
    }
  }

  /**
   * Extracts the pod UID from a pod cgroup name: {@code pod<uid>} (cgroupfs) or
   * {@code kubepods[-<qos>]-pod<uid with _ for ->.slice} (systemd).
   *
   * @param name a directory name
   * @return the UID with dashes, or null when the name is not a pod's cgroup
   */
  public static String podUid(String name) {
    if (name.startsWith("pod")) {
      String uid = name.substring(3);
      return isUid(uid) ? uid : null;
    }
    if (name.startsWith("kubepods-") && name.endsWith(".slice")) {
      int pod = name.lastIndexOf("-pod");
      if (pod < "kubepods".length()) {
        return null;
      }
      String qos = name.substring("kubepods-".length(), Math.max("kubepods-".length(), pod + 1));
      if (!qos.isEmpty() && !qos.equals("besteffort-") && !qos.equals("burstable-")) {
        return null;
      }
      String uid = name.substring(pod + 4, name.length() - ".slice".length()).replace('_', '-');
      return isUid(uid) ? uid : null;
    }
    return null;
  }

  /**
   * Extracts a podman pod's id from its cgroup name: a bare {@code PODID} (cgroupfs driver, under
   * {@code libpod_parent}) or {@code machine-libpod_pod_PODID.slice} (systemd, under {@code machine.slice}).
   *
   * @param name a directory name
   * @return the 64-hex pod id, or null when the name is not a podman pod's cgroup
   */
  public static String podmanPodId(String name) {
    if (name.length() == ID_LENGTH) {
      return isId(name, 0) ? name : null;
    }
    String prefix = "machine-libpod_pod_";
    if (name.length() == prefix.length() + ID_LENGTH + ".slice".length() && name.startsWith(prefix)
        && name.endsWith(".slice") && isId(name, prefix.length())) {
      return name.substring(prefix.length(), prefix.length() + ID_LENGTH);
    }
    return null;
  }

  /**
   * Tells whether a directory under {@code kubepods} is a QoS level to walk into: {@code besteffort},
   * {@code burstable} (cgroupfs) or {@code kubepods-besteffort.slice}, {@code kubepods-burstable.slice}
   * (systemd). Guaranteed pods sit directly under kubepods.
   */
  public static boolean isQosLevel(String name) {
    return name.equals("besteffort") || name.equals("burstable")
        || name.equals("kubepods-besteffort.slice") || name.equals("kubepods-burstable.slice");
  }

  private static boolean prefixedId(String name, String prefix) {
    int len = name.length();
    int plain = prefix.length() + ID_LENGTH;
    if (len != plain && len != plain + ".scope".length()) {
      return false;
    }
    if (!name.startsWith(prefix) || (len != plain && !name.endsWith(".scope"))) {
      return false;
    }
    // crio-conmon-ID and libpod-conmon-ID fail here: "conmon-" is not hex.
    return isId(name, prefix.length());
  }

  private static boolean isId(String s, int from) {
    if (s.length() < from + ID_LENGTH) {
      return false;
    }
    for (int i = from; i < from + ID_LENGTH; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** A Kubernetes UID: hex digits and dashes (a UUID), 1 to 64 characters. */
  private static boolean isUid(String s) {
    if (s.isEmpty() || s.length() > 64) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '-')) {
        return false;
      }
    }
    return true;
  }
}
