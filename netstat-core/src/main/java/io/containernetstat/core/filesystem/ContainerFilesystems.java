package io.containernetstat.core.filesystem;

import io.containernetstat.core.Container;
import io.containernetstat.core.Failure;
import java.util.List;

/**
 * The filesystems of one container in one collection; immutable.
 *
 * @param container the container
 * @param filesystems each filesystem it writes to (per-mount failures carry their own error)
 * @param failure null, or why the container's mount table could not be read at all
 * @param error null, or that failure's message: the file and what went wrong
 */
public record ContainerFilesystems(Container container, List<FilesystemStat> filesystems, Failure failure, String error) {
  /** Copies the list. */
  public ContainerFilesystems {
    filesystems = List.copyOf(filesystems);
    if ((failure == null) != (error == null)) {
      throw new IllegalArgumentException("failure and error are set together");
    }
  }

  /**
   * One filesystem as a container sees it, with its size and inode figures as {@code df} computes them;
   * immutable.
   *
   * <p>When {@code error} is set the figures are zero and meaningless: that one mount failed (it vanished,
   * permission was denied, or {@code statvfs} did not answer in time, as on a dead NFS server).
   *
   * @param mountPoint where the container sees it, for example {@code /data}
   * @param fsType the filesystem type, for example {@code ext4}, {@code overlay}, {@code tmpfs}
   * @param source the mount source, for example {@code /dev/vda1}
   * @param device the device number {@code major:minor}
   * @param readOnly whether it is mounted read-only
   * @param sizeBytes total size: blocks times fragment size
   * @param freeBytes free bytes, including those reserved for root
   * @param availBytes bytes available to unprivileged users
   * @param files total inodes
   * @param filesFree free inodes
   * @param failure null, or why this mount's figures could not be read
   * @param error null, or that failure's message
   */
  public record FilesystemStat(
      String mountPoint,
      String fsType,
      String source,
      String device,
      boolean readOnly,
      long sizeBytes,
      long freeBytes,
      long availBytes,
      long files,
      long filesFree,
      Failure failure,
      String error) {
    /**
     * Validates that failure and error are set together.
     *
     * @throws IllegalArgumentException if only one is
     */
    public FilesystemStat {
      if ((failure == null) != (error == null)) {
        throw new IllegalArgumentException("failure and error are set together");
      }
    }
  }
}
