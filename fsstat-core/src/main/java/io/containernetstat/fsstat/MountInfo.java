package io.containernetstat.fsstat;

import java.util.List;
import java.util.Objects;

/**
 * One line of {@code /proc/<pid>/mountinfo}: one mount as a process's mount namespace sees it;
 * immutable.
 *
 * <p>Paths are decoded: the kernel writes a space, tab, newline and backslash in a path as the octal
 * escapes {@code \040}, {@code \011}, {@code \012}, {@code \134}, and these fields hold the real
 * characters. Other bytes are taken as UTF-8. The two option fields are kept as the kernel wrote them.
 *
 * @param mountId the mount's unique id (field 1); may be reused after an unmount
 * @param parentId the id of the parent mount (field 2); the mount itself for the namespace's root
 * @param major the major number of the filesystem's device ({@code st_dev}) (field 3)
 * @param minor the minor number of the filesystem's device (field 3)
 * @param root the directory of the filesystem that is mounted (field 4): {@code /} for a whole
 *     filesystem, the source directory or file of a bind mount, {@code net:[4026532181]} for an nsfs
 *     bind
 * @param mountPoint where the mount is, relative to the process's root (field 5)
 * @param mountOptions the per-mount options, for example {@code ro,relatime} (field 6)
 * @param optionalFields zero or more {@code tag[:value]} fields such as {@code shared:2} or
 *     {@code master:1} (fields 7 up to the {@code -} separator)
 * @param fsType the filesystem type, for example {@code ext4} or {@code fuse.sshfs}
 * @param source the mount source, for example {@code /dev/vda}, {@code overlay}, {@code shm}; may be
 *     empty
 * @param superOptions the per-superblock options, for example {@code rw,size=65536k}
 */
public record MountInfo(
    int mountId,
    int parentId,
    int major,
    int minor,
    String root,
    String mountPoint,
    String mountOptions,
    List<String> optionalFields,
    String fsType,
    String source,
    String superOptions) {

  /**
   * Validates and copies the fields.
   *
   * @throws NullPointerException if a field is null
   * @throws IllegalArgumentException if {@code mountPoint} does not start with {@code /}, or a number
   *     is negative
   */
  public MountInfo {
    Objects.requireNonNull(root, "root == null");
    Objects.requireNonNull(mountPoint, "mountPoint == null");
    Objects.requireNonNull(mountOptions, "mountOptions == null");
    Objects.requireNonNull(fsType, "fsType == null");
    Objects.requireNonNull(source, "source == null");
    Objects.requireNonNull(superOptions, "superOptions == null");
    optionalFields = List.copyOf(optionalFields);
    if (!mountPoint.startsWith("/")) {
      throw new IllegalArgumentException("mountPoint does not start with '/': " + mountPoint);
    }
    if (mountId < 0 || parentId < 0 || major < 0 || minor < 0) {
      throw new IllegalArgumentException("negative id or device number");
    }
  }

  /** {@return the device as {@code major:minor}, as mountinfo writes it, for example {@code 254:0}} */
  public String device() {
    return major + ":" + minor;
  }

  /**
   * {@return whether writes are refused: {@code ro} in the mount options or the superblock options,
   * which is what {@code statvfs} reports as {@code ST_RDONLY} for a path on this mount}
   */
  public boolean readOnly() {
    return mountReadOnly() || superblockReadOnly();
  }

  /**
   * {@return whether this mount itself is read-only: {@code ro} in the mount options, as {@code mount
   * -o bind,ro} or Docker's {@code :ro} set it; the mount namespace's change event covers this flag}
   */
  public boolean mountReadOnly() {
    return hasOption(mountOptions, "ro");
  }

  /**
   * {@return whether the filesystem is read-only wherever it is mounted: {@code ro} in the superblock
   * options; this can change without an event in the namespaces that see it (an ext4
   * {@code errors=remount-ro}, a remount in another namespace)}
   */
  public boolean superblockReadOnly() {
    return hasOption(superOptions, "ro");
  }

  /** {@return whether this mount is the root of a filesystem ({@code root} is {@code /}), not a bind of a part} */
  public boolean wholeFilesystem() {
    return root.equals("/");
  }

  /**
   * {@return whether the comma-separated {@code options} holds {@code option} as a whole item}
   *
   * @param options options as mountinfo writes them, for example {@code rw,nosuid,size=65536k}
   * @param option an option without value, for example {@code ro}
   */
  static boolean hasOption(String options, String option) {
    int from = 0;
    int n = options.length();
    while (from <= n) {
      int comma = options.indexOf(',', from);
      int end = comma < 0 ? n : comma;
      if (end - from == option.length() && options.startsWith(option, from)) {
        return true;
      }
      if (comma < 0) {
        return false;
      }
      from = comma + 1;
    }
    return false;
  }
}
