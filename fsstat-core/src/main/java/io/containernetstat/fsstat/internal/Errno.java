package io.containernetstat.fsstat.internal;

/** Names of the errno values {@code statvfs}, {@code stat}, {@code open} and {@code pread} return on Linux. Not API. */
final class Errno {
  private Errno() {}

  /** {@return for example {@code "ESTALE (stale file handle)"}, or {@code "errno 123"}} */
  static String describe(int errno) {
    switch (errno) {
      case 1: return "EPERM (operation not permitted)";
      case 2: return "ENOENT (no such file or directory)";
      case 3: return "ESRCH (no such process)";
      case 4: return "EINTR (interrupted)";
      case 5: return "EIO (input/output error)";
      case 9: return "EBADF (bad file descriptor)";
      case 12: return "ENOMEM (out of memory)";
      case 13: return "EACCES (permission denied)";
      case 14: return "EFAULT (bad address)";
      case 20: return "ENOTDIR (not a directory)";
      case 22: return "EINVAL (invalid argument)";
      case 23: return "ENFILE (too many open files in the system)";
      case 24: return "EMFILE (too many open files)";
      case 36: return "ENAMETOOLONG (file name too long)";
      case 38: return "ENOSYS (not implemented)";
      case 40: return "ELOOP (too many symbolic links)";
      case 75: return "EOVERFLOW (value too large: a 32-bit statvfs on a large filesystem)";
      case 107: return "ENOTCONN (transport endpoint is not connected: a FUSE daemon died)";
      case 110: return "ETIMEDOUT (timed out)";
      case 112: return "EHOSTDOWN (host is down)";
      case 116: return "ESTALE (stale file handle)";
      default: return "errno " + errno;
    }
  }
}
