package io.containernetstat.fsstat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Chooses, from a container's mount table, the filesystems a user running {@code df} inside it wants
 * to see; immutable and thread-safe.
 *
 * <p>Kept: the root filesystem (overlay), volumes and bind-mounted directories, and {@code tmpfs}
 * (it consumes memory; {@link Builder#includeTmpfs(boolean)} drops it), {@code /dev/shm} included: a
 * full {@code /dev/shm} (64 MB by default in Docker) breaks PostgreSQL and Chromium, and Kubernetes
 * puts memory-backed {@code emptyDir} volumes there. Dropped, in this order:
 * <ol>
 *   <li>mounts nobody can reach: a mount covered by a later mount on the same mount point (stacked
 *       mounts), or by a later mount on an ancestor directory that is not one of its own parents
 *       (see {@link #visible(List)});
 *   <li>types in {@link #DEFAULT_EXCLUDED_TYPES}: pseudo filesystems whose sizes mean nothing
 *       ({@code proc}, {@code sysfs}, {@code cgroup}, ...), {@code devtmpfs} (the host kernel's
 *       device nodes: its "size" is a nominal half of RAM and it holds no data) and {@code ramfs}
 *       (its {@code statvfs} reports zero for everything, so there is nothing to measure);
 *   <li>mount points under {@link #DEFAULT_EXCLUDED_TREES} ({@code /proc}, {@code /sys}): the
 *       runtime masks paths there with read-only tmpfs ({@code /proc/acpi}, {@code /sys/firmware})
 *       and mounts {@code /sys/fs/cgroup} as tmpfs; none of it is data;
 *   <li>mount points in {@link #DEFAULT_EXCLUDED_MOUNT_POINTS} ({@code /dev}): the runtime's tmpfs
 *       that holds the container's device nodes; nothing is stored there and it would add an empty
 *       series per container (mounts below it, such as {@code /dev/shm}, are judged on their own).
 * </ol>
 * Single-file bind mounts ({@code /etc/hosts}, {@code /etc/resolv.conf}, {@code /etc/hostname},
 * {@code /dev/termination-log}, a bind-mounted socket) are dropped too, but the mount table does not
 * say whether a mount is a file: {@link StatvfsFilesystemProbe} decides it with a {@code stat} of the
 * mount point ("not a directory"), never by name.
 */
public final class MountFilter {
  /** Filesystem types dropped by default: pseudo and kernel-interface filesystems, devtmpfs, ramfs. */
  public static final Set<String> DEFAULT_EXCLUDED_TYPES = Set.of(
      "proc", "sysfs", "cgroup", "cgroup2", "cpuset", "devpts", "mqueue", "nsfs", "bpf", "tracefs",
      "securityfs", "debugfs", "pstore", "configfs", "fusectl", "hugetlbfs", "autofs", "binfmt_misc",
      "rpc_pipefs", "selinuxfs", "efivarfs", "devtmpfs", "ramfs");

  /** Mount point trees dropped by default: the mount point itself and everything below it. */
  public static final Set<String> DEFAULT_EXCLUDED_TREES = Set.of("/proc", "/sys");

  /** Mount points dropped by default (exactly these; mounts below them are kept). */
  public static final Set<String> DEFAULT_EXCLUDED_MOUNT_POINTS = Set.of("/dev");

  private static final MountFilter DEFAULTS = builder().build();

  private final Set<String> excludedTypes;
  private final Set<String> excludedTrees;
  private final Set<String> excludedMountPoints;
  private final boolean includeTmpfs;

  private MountFilter(Builder b) {
    this.excludedTypes = b.excludedTypes;
    this.excludedTrees = b.excludedTrees;
    this.excludedMountPoints = b.excludedMountPoints;
    this.includeTmpfs = b.includeTmpfs;
  }

  /** {@return the default filter, described above} */
  public static MountFilter defaults() {
    return DEFAULTS;
  }

  /** {@return a builder that starts from the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Selects the mounts to measure.
   *
   * @param mounts a mount table in the file's order
   * @return the visible mounts that no rule excludes, in the table's order
   */
  public List<MountInfo> select(List<MountInfo> mounts) {
    List<MountInfo> out = new ArrayList<>();
    for (MountInfo m : visible(mounts)) {
      if (!excludes(m)) {
        out.add(m);
      }
    }
    return out;
  }

  /**
   * {@return whether a rule drops this mount: its type, or its mount point (the file-type check is not
   * done here)}
   *
   * @param mount one mount
   */
  public boolean excludes(MountInfo mount) {
    String type = mount.fsType();
    if (excludedTypes.contains(type) || (!includeTmpfs && type.equals("tmpfs"))) {
      return true;
    }
    String point = mount.mountPoint();
    if (excludedMountPoints.contains(point)) {
      return true;
    }
    for (String tree : excludedTrees) {
      if (isSameOrUnder(point, tree)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Drops the mounts that no path reaches. The kernel lists mounts in the order they joined the
   * namespace, so a mount is covered when a later one sits on the same mount point (a stack: the
   * newest is on top), or on an ancestor directory while not being one of its parents (a later mount
   * on {@code /a} hides an earlier {@code /a/b} whose parent is the mount below {@code /a}). A mount
   * moved onto an ancestor with {@code MS_MOVE} keeps its older place in the list and is not seen as
   * covering; no container runtime does that after setting up the mounts.
   *
   * @param mounts a mount table in the file's order
   * @return the visible mounts, in the table's order
   */
  public static List<MountInfo> visible(List<MountInfo> mounts) {
    int n = mounts.size();
    Map<String, List<Integer>> byPoint = new HashMap<>(n * 2);
    Map<Integer, Integer> parentOf = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      MountInfo m = mounts.get(i);
      byPoint.computeIfAbsent(m.mountPoint(), k -> new ArrayList<>(1)).add(i);
      parentOf.putIfAbsent(m.mountId(), m.parentId());
    }
    List<MountInfo> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (!covered(mounts, i, byPoint, parentOf)) {
        out.add(mounts.get(i));
      }
    }
    return out;
  }

  private static boolean covered(List<MountInfo> mounts, int i, Map<String, List<Integer>> byPoint,
      Map<Integer, Integer> parentOf) {
    MountInfo m = mounts.get(i);
    String point = m.mountPoint();
    List<Integer> same = byPoint.get(point);
    if (same.get(same.size() - 1) > i) {
      return true;
    }
    // Every strict ancestor directory: "/" then "/a", "/a/b" for "/a/b/c".
    int slash = 0;
    while (slash >= 0 && slash < point.length()) {
      String ancestor = slash == 0 ? "/" : point.substring(0, slash);
      List<Integer> at = byPoint.get(ancestor);
      if (at != null) {
        for (int j : at) {
          if (j > i && !isParentOf(mounts.get(j).mountId(), m, parentOf, mounts.size())) {
            return true;
          }
        }
      }
      slash = point.indexOf('/', slash + 1);
    }
    return false;
  }

  private static boolean isParentOf(int candidate, MountInfo m, Map<Integer, Integer> parentOf, int limit) {
    int id = m.mountId();
    for (int steps = 0; steps <= limit; steps++) {
      Integer parent = parentOf.get(id);
      if (parent == null || parent == id) {
        return false;
      }
      if (parent == candidate) {
        return true;
      }
      id = parent;
    }
    return false;
  }

  private static boolean isSameOrUnder(String path, String tree) {
    if (tree.equals("/")) {
      return true;
    }
    return path.startsWith(tree) && (path.length() == tree.length() || path.charAt(tree.length()) == '/');
  }

  /** {@return the excluded filesystem types} */
  public Set<String> excludedTypes() {
    return excludedTypes;
  }

  /** {@return the excluded mount point trees} */
  public Set<String> excludedTrees() {
    return excludedTrees;
  }

  /** {@return the excluded mount points} */
  public Set<String> excludedMountPoints() {
    return excludedMountPoints;
  }

  /** {@return whether tmpfs mounts are kept} */
  public boolean includeTmpfs() {
    return includeTmpfs;
  }

  @Override
  public String toString() {
    return "MountFilter{excludedTypes=" + excludedTypes + ", excludedTrees=" + excludedTrees
        + ", excludedMountPoints=" + excludedMountPoints + ", includeTmpfs=" + includeTmpfs + "}";
  }

  /** Builds a {@link MountFilter}, starting from the defaults. Not thread-safe. */
  public static final class Builder {
    private Set<String> excludedTypes = DEFAULT_EXCLUDED_TYPES;
    private Set<String> excludedTrees = DEFAULT_EXCLUDED_TREES;
    private Set<String> excludedMountPoints = DEFAULT_EXCLUDED_MOUNT_POINTS;
    private boolean includeTmpfs = true;

    private Builder() {}

    /** Replaces the excluded filesystem types (default {@link #DEFAULT_EXCLUDED_TYPES}). */
    public Builder excludedTypes(Set<String> types) {
      this.excludedTypes = Set.copyOf(types);
      return this;
    }

    /**
     * Replaces the excluded mount point trees (default {@link #DEFAULT_EXCLUDED_TREES}).
     *
     * @throws IllegalArgumentException if a path does not start with {@code /}
     */
    public Builder excludedTrees(Set<String> trees) {
      this.excludedTrees = absolute(trees, "excludedTrees");
      return this;
    }

    /**
     * Replaces the excluded mount points (default {@link #DEFAULT_EXCLUDED_MOUNT_POINTS}).
     *
     * @throws IllegalArgumentException if a path does not start with {@code /}
     */
    public Builder excludedMountPoints(Set<String> mountPoints) {
      this.excludedMountPoints = absolute(mountPoints, "excludedMountPoints");
      return this;
    }

    /** Sets whether tmpfs mounts are measured (default true). */
    public Builder includeTmpfs(boolean include) {
      this.includeTmpfs = include;
      return this;
    }

    /** {@return the filter} */
    public MountFilter build() {
      return new MountFilter(this);
    }

    private static Set<String> absolute(Set<String> paths, String what) {
      Objects.requireNonNull(paths, what + " == null");
      for (String p : paths) {
        if (!p.startsWith("/")) {
          throw new IllegalArgumentException(what + " holds a relative path: " + p);
        }
        if (p.length() > 1 && p.endsWith("/")) {
          throw new IllegalArgumentException(what + " holds a path ending in '/': " + p);
        }
      }
      return Set.copyOf(paths);
    }
  }
}
