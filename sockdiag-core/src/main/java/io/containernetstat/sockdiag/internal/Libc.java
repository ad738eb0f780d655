package io.containernetstat.sockdiag.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The libc calls a sock_diag dump needs, bound with JNA's direct mapping; failures throw
 * {@link LastErrorException} carrying errno. Only for 64-bit Linux on x86-64 and arm64 (the constants and
 * {@code size_t} as {@code long} are theirs); elsewhere {@link #problem()} says why nothing is bound.
 * Not API.
 */
final class Libc {
  static final int O_RDONLY = 0;
  static final int O_CLOEXEC = 0x80000;
  static final int AF_NETLINK = 16;
  static final int SOCK_RAW = 3;
  static final int SOCK_CLOEXEC = 0x80000;
  static final int NETLINK_SOCK_DIAG = 4;
  static final int CLONE_NEWNET = 0x40000000;
  static final int SOL_SOCKET = 1;
  static final int SO_RCVTIMEO = 20;
  /** For {@code recv}: return the real length of a datagram longer than the buffer. */
  static final int MSG_TRUNC = 0x20;

  static final int EPERM = 1;
  static final int ENOENT = 2;
  static final int ESRCH = 3;
  static final int EINTR = 4;
  static final int EAGAIN = 11;
  static final int EACCES = 13;

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

  static native int close(int fd) throws LastErrorException;

  static native int setns(int fd, int nstype) throws LastErrorException;

  static native int socket(int domain, int type, int protocol) throws LastErrorException;

  static native int setsockopt(int fd, int level, int name, byte[] value, int length) throws LastErrorException;

  static native long send(int fd, byte[] buf, long length, int flags) throws LastErrorException;

  static native long recv(int fd, Pointer buf, long length, int flags) throws LastErrorException;
}
