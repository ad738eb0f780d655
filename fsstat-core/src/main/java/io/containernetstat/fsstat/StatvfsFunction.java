package io.containernetstat.fsstat;

import java.io.IOException;

/**
 * Calls {@code statvfs(3)} on a path. Implementations must be thread-safe: calls run on several
 * worker threads at once.
 *
 * <p>{@link #jna()} is the real one; tests inject their own to count calls or to block like a dead NFS
 * server.
 */
@FunctionalInterface
public interface StatvfsFunction {

  /**
   * Measures the filesystem that holds {@code path}.
   *
   * @param path an absolute path as the kernel resolves it, for example
   *     {@code /proc/4242/root/data}
   * @return the figures
   * @throws java.nio.file.NoSuchFileException if the path does not exist (ENOENT: the mount or the
   *     process is gone)
   * @throws java.nio.file.AccessDeniedException if the path may not be reached (EACCES, EPERM:
   *     {@code /proc/<pid>/root} of another user's process needs root or CAP_SYS_PTRACE)
   * @throws IOException for any other failure, with the errno's name in the message (ESTALE, EIO,
   *     ENOTCONN of a dead FUSE daemon, ...)
   */
  Statvfs statvfs(String path) throws IOException;

  /**
   * {@return {@code statvfs} through JNA's direct mapping of libc}
   *
   * @throws IllegalStateException if JNA or its native library cannot be loaded here, or this is not
   *     64-bit Linux on x86-64 or arm64
   */
  static StatvfsFunction jna() {
    return io.containernetstat.fsstat.internal.JnaStatvfs.create();
  }
}
