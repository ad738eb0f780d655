package io.containernetstat.fsstat.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The libc calls that {@link MountinfoWatcher} and {@link JnaStatvfs} make, bound with JNA's direct
 * mapping (a static native method per call: no proxy and no reflection per call, which matters for a
 * call made once per container per probe). Not API.
 *
 * <p>Only for 64-bit Linux on x86-64 and arm64: {@code size_t} and {@code off_t} are mapped to
 * {@code long}, {@link #O_CLOEXEC} has its value there (other architectures, such as sparc or alpha,
 * use other values), and {@link JnaStatvfs} reads {@code struct statvfs} at its offsets there.
 * Elsewhere {@link #problem()} says why it is not loaded, and callers keep to plain Java I/O or say
 * that they are unavailable.
 */
final class Libc {
  static final int O_RDONLY = 0;
  /** {@code 02000000}: so that a process the agent starts does not inherit the descriptors. */
  static final int O_CLOEXEC = 0x80000;
  static final short POLLPRI = 0x2;
  static final short POLLERR = 0x8;
  static final short POLLHUP = 0x10;
  static final short POLLNVAL = 0x20;

  static final int EPERM = 1;
  static final int ENOENT = 2;
  static final int ESRCH = 3;
  static final int EINTR = 4;
  static final int EACCES = 13;
  static final int ENFILE = 23;
  static final int EMFILE = 24;

  private static final String PROBLEM = load();

  private Libc() {}

  private static String load() {
    if (!Platform.isLinux() || !Platform.is64Bit() || !(Platform.isIntel() || Platform.isARM())) {
      return "not 64-bit Linux on x86-64 or arm64 (os.name " + System.getProperty("os.name") + ", os.arch "
          + System.getProperty("os.arch") + ")";
    }
    try {
      Native.register(Libc.class, Platform.C_LIBRARY_NAME);
      return null;
    } catch (LinkageError | RuntimeException e) {
      return "libc cannot be bound through JNA: " + e;
    }
  }

  /** {@return null when the calls are bound, else why not} */
  static String problem() {
    return PROBLEM;
  }

  static native int open(String path, int flags) throws LastErrorException;

  static native long pread(int fd, Pointer buf, long count, long offset) throws LastErrorException;

  static native int poll(Pointer fds, long nfds, int timeout) throws LastErrorException;

  static native int close(int fd) throws LastErrorException;

  /**
   * {@code int statvfs(const char *path, struct statvfs *buf)}.
   *
   * @param path in JNA's string encoding ({@code jna.encoding}, else the platform's)
   * @param buf at least 112 bytes ({@code sizeof(struct statvfs)} on 64-bit Linux), filled on success
   */
  static native int statvfs(String path, Pointer buf) throws LastErrorException;
}
