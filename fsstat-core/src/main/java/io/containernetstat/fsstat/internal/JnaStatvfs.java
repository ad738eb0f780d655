package io.containernetstat.fsstat.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import io.containernetstat.fsstat.Statvfs;
import io.containernetstat.fsstat.StatvfsFunction;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * {@code statvfs(3)} through JNA's direct mapping ({@link Libc#statvfs}). Thread-safe: each thread
 * reuses its own native buffer. Not API.
 *
 * <p>Why JNA and this call: {@code java.nio.file.FileStore} gives total, unallocated and usable bytes
 * but no inode counts, and running out of inodes is one of the failures this module exists to show.
 * JNA ({@code jna} 5.18.1) is well kept and already on the agent's runtime class path through
 * docker-java's transport, so no native code of our own is built. The alternative of forking
 * {@code stat -f} per mount costs a process per call and cannot be bounded as cleanly.
 *
 * <p>Why direct mapping and a plain buffer: {@code jna-platform}'s {@code LibC.statvfs} with its
 * {@code Statvfs} structure worked, but it is an interface proxy over a reflective {@code Structure},
 * so each call went through a proxy handler and reflection, and the artifact put some 1,300 entries into
 * the agent's jar for one function; {@code jna-platform} is no longer used. A static native method and
 * {@link Memory} read with {@code getLong} load no proxy, no {@code Structure} and no reflection.
 *
 * <p>The layout is read at fixed offsets: glibc's (and musl's) {@code struct statvfs} on 64-bit Linux
 * (x86-64, aarch64) is eleven 64-bit fields, {@code f_bsize} at 0, {@code f_frsize} 8, {@code f_blocks}
 * 16, {@code f_bfree} 24, {@code f_bavail} 32, {@code f_files} 40, {@code f_ffree} 48, {@code f_favail}
 * 56, {@code f_fsid} 64, {@code f_flag} 72, {@code f_namemax} 80, then 24 spare bytes: 112 in all. This
 * holds only where {@link Libc} binds (it refuses other platforms, 32-bit ones included, whose fields
 * differ), so {@link #create()} fails wherever {@link Libc#problem()} is not null.
 *
 * <p>The path string reaches libc in JNA's encoding ({@code jna.encoding}, else the platform's): run
 * the agent with a UTF-8 locale ({@code LANG=C.UTF-8}) so that non-ASCII mount points resolve.
 */
public final class JnaStatvfs implements StatvfsFunction {
  /** {@code sizeof(struct statvfs)} of glibc on 64-bit Linux. */
  static final int STRUCT_SIZE = 112;
  /** What each thread's buffer holds: the structure and 16 bytes of slack, in case a libc writes more. */
  static final int BUFFER_SIZE = STRUCT_SIZE + 16;

  static final long F_BSIZE = 0;
  static final long F_FRSIZE = 8;
  static final long F_BLOCKS = 16;
  static final long F_BFREE = 24;
  static final long F_BAVAIL = 32;
  static final long F_FILES = 40;
  static final long F_FFREE = 48;
  static final long F_FAVAIL = 56;
  static final long F_FLAG = 72;

  private final ThreadLocal<Memory> buffers = ThreadLocal.withInitial(() -> new Memory(BUFFER_SIZE));

  private JnaStatvfs() {}

  /**
   * {@return the function, with libc bound}
   *
   * @throws IllegalStateException if JNA or libc cannot be loaded here, or this is not 64-bit Linux on
   *     x86-64 or arm64 (the message says which, from {@link Libc#problem()})
   */
  public static JnaStatvfs create() {
    String problem;
    try {
      problem = Libc.problem();
    } catch (LinkageError e) {
      throw new IllegalStateException("statvfs through JNA is unavailable: JNA cannot be loaded: " + e, e);
    }
    if (problem != null) {
      throw new IllegalStateException("statvfs through JNA is unavailable: " + problem);
    }
    return new JnaStatvfs();
  }

  @Override
  public Statvfs statvfs(String path) throws IOException {
    Memory s = buffers.get();
    int rc;
    try {
      rc = Libc.statvfs(path, s);
    } catch (LastErrorException e) {
      throw failure(path, e.getErrorCode());
    }
    if (rc != 0) {
      throw failure(path, Native.getLastError());
    }
    return new Statvfs(s.getLong(F_BSIZE), s.getLong(F_FRSIZE), s.getLong(F_BLOCKS), s.getLong(F_BFREE),
        s.getLong(F_BAVAIL), s.getLong(F_FILES), s.getLong(F_FFREE), s.getLong(F_FAVAIL), s.getLong(F_FLAG));
  }

  private static IOException failure(String path, int errno) {
    String reason = Errno.describe(errno);
    switch (errno) {
      case Libc.ENOENT:
        return new NoSuchFileException(path, null, reason);
      case Libc.EACCES:
      case Libc.EPERM:
        return new AccessDeniedException(path, null, reason);
      default:
        return new FileSystemException(path, null, reason);
    }
  }
}
