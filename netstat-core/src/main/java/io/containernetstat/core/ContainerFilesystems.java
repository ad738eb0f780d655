package io.containernetstat.core;

import java.util.List;

/**
 * The filesystems of one container in one collection; immutable.
 *
 * @param container the container
 * @param filesystems each filesystem it writes to (per-mount failures carry their own error)
 * @param error null, or why the container's mount table could not be read at all
 */
public record ContainerFilesystems(Container container, List<FilesystemStat> filesystems, String error) {
  /** Copies the list. */
  public ContainerFilesystems {
    filesystems = List.copyOf(filesystems);
  }
}
