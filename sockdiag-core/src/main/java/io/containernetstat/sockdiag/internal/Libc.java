package io.containernetstat.sockdiag.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The libc calls a sock_diag dump needs, bound with JNA's direct mapping; failures throw
 * {@link LastErrorException} carrying errno. Only for 64-bit Linux on x86-64 and arm64 (the constants and
 * {@code size_t} as {@code long} are theirs); elsewhere {@link #PROBLEM} says why nothing is bound.
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

  /** Null when bound; otherwise why sock_diag cannot be used here. */
  static final String PROBLEM = bind();

  private Libc() {}

  private static String bind() {
    boolean supported = Platform.isLinux() && Platform.is64Bit() && (Platform.isIntel() || Platform.isARM());
    try {
      if (supported) {
        Native.register(Libc.class, Platform.C_LIBRARY_NAME);
      }
      return supported ? null : "sock_diag is read on 64-bit Linux for x86-64 or arm64 only, this is "
          + System.getProperty("os.name") + " on " + Platform.ARCH;
    } catch (LinkageError | RuntimeException e) {
      return "libc cannot be bound through JNA: " + e;
    }
  }

  static native int open(String path, int flags) throws LastErrorException;

  static native int close(int fd) throws LastErrorException;

  static native int setns(int fd, int nstype) throws LastErrorException;

  static native int socket(int domain, int type, int protocol) throws LastErrorException;

  static native int setsockopt(int fd, int level, int name, byte[] value, int length) throws LastErrorException;

  static native long send(int fd, byte[] buf, long length, int flags) throws LastErrorException;

  static native long recv(int fd, Pointer buf, long length, int flags) throws LastErrorException;
}
