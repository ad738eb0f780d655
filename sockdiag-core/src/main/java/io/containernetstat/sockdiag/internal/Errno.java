package io.containernetstat.sockdiag.internal;

/** Names of the errno values the calls of a dump return on Linux. Not API. */
final class Errno {
  private Errno() {}

  /** {@return for example {@code "EPERM (operation not permitted)"}, or {@code "errno 123"}} */
  static String describe(int errno) {
    switch (errno) {
      case 1: return "EPERM (operation not permitted)";
      case 2: return "ENOENT (no such file or directory)";
      case 3: return "ESRCH (no such process)";
      case 4: return "EINTR (interrupted)";
      case 9: return "EBADF (bad file descriptor)";
      case 11: return "EAGAIN (no reply in time)";
      case 12: return "ENOMEM (out of memory)";
      case 13: return "EACCES (permission denied)";
      case 22: return "EINVAL (invalid argument)";
      case 23: return "ENFILE (too many open files in the system)";
      case 24: return "EMFILE (too many open files)";
      case 93: return "EPROTONOSUPPORT (protocol not supported: no sock_diag module for it)";
      case 95: return "EOPNOTSUPP (operation not supported)";
      case 105: return "ENOBUFS (no buffer space)";
      default: return "errno " + errno;
    }
  }
}
