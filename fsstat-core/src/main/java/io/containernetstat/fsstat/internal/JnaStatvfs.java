package io.containernetstat.fsstat.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.platform.linux.LibC;
import io.containernetstat.fsstat.Statvfs;
import io.containernetstat.fsstat.StatvfsFunction;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * {@code statvfs(3)} through JNA's {@code com.sun.jna.platform.linux.LibC}. Thread-safe: each thread
 * reuses its own native structure. Not API.
 *
 * <p>Why JNA and this call: {@code java.nio.file.FileStore} gives total, unallocated and usable bytes
 * but no inode counts, and running out of inodes is one of the failures this module exists to show.
 * JNA ({@code jna} + {@code jna-platform} 5.18.1) is well kept, already on the agent's runtime class
 * path through docker-java's transport, and {@code LibC.statvfs} with its {@code Statvfs} structure
 * matches glibc's 64-bit layout, so no native code of our own is built. The alternative of forking
 * {@code stat -f} per mount costs a process per call and cannot be bounded as cleanly.
 *
 * <p>The path string reaches libc in JNA's encoding ({@code jna.encoding}, else the platform's): run
 * the agent with a UTF-8 locale ({@code LANG=C.UTF-8}) so that non-ASCII mount points resolve.
 */
public final class JnaStatvfs implements StatvfsFunction {
  private static final int EPERM = 1;
  private static final int ENOENT = 2;
  private static final int EACCES = 13;

  private final LibC libc;
  private final ThreadLocal<LibC.Statvfs> buffers = ThreadLocal.withInitial(LibC.Statvfs::new);

  private JnaStatvfs(LibC libc) {
    this.libc = libc;
  }

  /**
   * {@return the function, with libc loaded}
   *
   * @throws IllegalStateException if JNA or its native library cannot be loaded
   */
  public static JnaStatvfs create() {
    try {
      return new JnaStatvfs(LibC.INSTANCE);
    } catch (LinkageError e) {
      throw new IllegalStateException("statvfs through JNA is unavailable: " + e, e);
    }
  }

  @Override
  public Statvfs statvfs(String path) throws IOException {
    LibC.Statvfs s = buffers.get();
    int rc;
    try {
      rc = libc.statvfs(path, s);
    } catch (LastErrorException e) {
      throw failure(path, e.getErrorCode());
    }
    if (rc != 0) {
      throw failure(path, Native.getLastError());
    }
    return new Statvfs(s.f_bsize.longValue(), s.f_frsize.longValue(), s.f_blocks.longValue(),
        s.f_bfree.longValue(), s.f_bavail.longValue(), s.f_files.longValue(), s.f_ffree.longValue(),
        s.f_favail.longValue(), s.f_flag.longValue());
  }

  private static IOException failure(String path, int errno) {
    String reason = Errno.describe(errno);
    switch (errno) {
      case ENOENT:
        return new NoSuchFileException(path, null, reason);
      case EACCES:
      case EPERM:
        return new AccessDeniedException(path, null, reason);
      default:
        return new FileSystemException(path, null, reason);
    }
  }
}
