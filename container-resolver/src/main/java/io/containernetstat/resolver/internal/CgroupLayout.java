package io.containernetstat.resolver.internal;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/**
 * Which cgroup hierarchy to scan under a cgroup root; immutable.
 *
 * <p>cgroup v2 has one hierarchy at the root, recognised by its {@code cgroup.controllers} file (only
 * the v2 file system has it). On a v1 or hybrid host each controller has its own hierarchy with the
 * same relative paths; the {@code pids} one is the cheapest to walk (few control files per
 * directory). A hybrid host's {@code unified} v2 mount is used only when asked for. Not API.
 *
 * @param dir the hierarchy's directory
 * @param description how it was chosen, for messages
 */
public record CgroupLayout(Path dir, String description) {

  /**
   * Chooses the hierarchy.
   *
   * @param root the cgroup root ({@code /sys/fs/cgroup})
   * @param configured a directory name under the root, {@code ""} for the root, or null to choose
   * @param v1Preference the v1 hierarchies to try, in order
   * @return the layout, or null when no hierarchy is found
   */
  public static CgroupLayout choose(Path root, String configured, List<String> v1Preference) {
    if (configured != null) {
      Path dir = configured.isEmpty() ? root : root.resolve(configured);
      return isDir(dir) ? new CgroupLayout(dir, "configured hierarchy " + dir) : null;
    }
    if (new File(root.toFile(), "cgroup.controllers").exists()) {
      return new CgroupLayout(root, "cgroup v2 at " + root);
    }
    for (String name : v1Preference) {
      Path dir = root.resolve(name);
      if (new File(dir.toFile(), "cgroup.procs").exists()) {
        return new CgroupLayout(dir, "cgroup v1 hierarchy " + name + " at " + dir);
      }
    }
    return null;
  }

  private static boolean isDir(Path dir) {
    return dir.toFile().isDirectory();
  }
}
