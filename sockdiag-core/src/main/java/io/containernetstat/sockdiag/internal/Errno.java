package io.containernetstat.sockdiag.internal;

/** The errno values the calls of a dump check for, and the names of those they report. Not API. */
final class Errno {
  static final int EPERM = 1;
  static final int ENOENT = 2;
  static final int ESRCH = 3;
  static final int EINTR = 4;
  static final int EAGAIN = 11;
  static final int EACCES = 13;

  /** Linux's names by number, 1 to 24, then the few socket ones by {@link #describe}. */
  private static final String[] NAMES = {null, "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG",
      "ENOEXEC", "EBADF", "ECHILD", "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST",
      "EXDEV", "ENODEV", "ENOTDIR", "EISDIR", "EINVAL", "ENFILE", "EMFILE"};

  private Errno() {}

  /** {@return the errno's name and number, for example {@code "EPERM (errno 1)"}, or {@code "errno 123"}} */
  static String describe(int errno) {
    String name = errno > 0 && errno < NAMES.length ? NAMES[errno] : switch (errno) {
      case 93 -> "EPROTONOSUPPORT";
      case 95 -> "EOPNOTSUPP";
      case 105 -> "ENOBUFS";
      default -> null;
    };
    return name == null ? "errno " + errno : name + " (errno " + errno + ")";
  }
}
