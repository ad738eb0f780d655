package io.containernetstat.fsstat.internal;

import io.containernetstat.core.Failure;
import io.containernetstat.core.filesystem.ContainerFilesystems.FilesystemStat;
import io.containernetstat.core.internal.Failures;
import io.containernetstat.fsstat.MountInfo;
import io.containernetstat.fsstat.Statvfs;
import io.containernetstat.fsstat.internal.MountKinds.Known;
import io.containernetstat.fsstat.internal.StatvfsCalls.Measured;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Turns a call's outcome into the {@link FilesystemStat} of one mount, its figures or its failure. Not API. */
public final class MountStats {
  private MountStats() {}

  /**
   * {@return the mount's figures or failure, or null when it is not measured (not a directory)}
   *
   * @param o the outcome of the call for the mount's filesystem; null when it was known not to be a
   *     directory and not called
   * @param timeout the calls' timeout, for the messages
   */
  public static FilesystemStat of(MountInfo m, String device, BoundedCalls.Outcome<Measured> o, Duration timeout) {
    if (o == null) {
      return null;
    }
    if (o instanceof BoundedCalls.Done<Measured> done) {
      return done.value().kind() == Known.NOT_DIRECTORY ? null : figures(m, device, done.value());
    }
    if (o instanceof BoundedCalls.Failed<Measured> f) {
      Throwable t = f.error();
      return failed(m, device, Failures.of(t), t instanceof IOException io ? describe(io) : t.toString());
    }
    if (o instanceof BoundedCalls.TimedOut) {
      return failed(m, device, Failure.TIMED_OUT, "statvfs did not return within " + millis(timeout.toNanos())
          + " (a hung network filesystem?); abandoned, and not called again until it returns");
    }
    if (o instanceof BoundedCalls.StillBlocked<Measured> b) {
      return failed(m, device, Failure.TIMED_OUT, "an earlier statvfs of device " + device + " has been blocked for "
          + millis(b.sinceNanos()) + "; not called again until it returns");
    }
    BoundedCalls.NotStarted<Measured> ns = (BoundedCalls.NotStarted<Measured>) o;
    return failed(m, device, Failure.TIMED_OUT, "statvfs not started within " + millis(timeout.toNanos())
        + ": no free worker (" + ns.busy() + " busy, " + ns.hung() + " hung calls)");
  }

  /** {@return whether the call failed because its path was gone (ENOENT): the container may have exited} */
  public static boolean vanished(BoundedCalls.Outcome<Measured> o) {
    return o instanceof BoundedCalls.Failed<Measured> f && f.error() instanceof NoSuchFileException;
  }

  private static FilesystemStat figures(MountInfo m, String device, Measured measured) {
    Statvfs s = measured.statvfs();
    // ST_RDONLY is the call's mount's ro flag or its superblock's; through a read-write mount it is the
    // superblock's alone, and fresh, while the table's superblock options may be stale (see StatvfsFilesystemProbe).
    boolean readOnly = m.mountReadOnly()
        || (measured.viaReadOnlyMount() ? m.superblockReadOnly() : s.readOnly());
    try {
      if (s.files() < 0 || s.filesFree() < 0) {
        throw new ArithmeticException("inode count exceeds 2^63-1");
      }
      return new FilesystemStat(m.mountPoint(), m.fsType(), m.source(), device, readOnly,
          s.sizeBytes(), s.freeBytes(), s.availBytes(), s.files(), s.filesFree(), null, null);
    } catch (ArithmeticException e) {
      return failed(m, device, Failure.MALFORMED, "statvfs figures out of range: " + e.getMessage() + " (" + s + ")");
    }
  }

  private static FilesystemStat failed(MountInfo m, String device, Failure failure, String error) {
    return new FilesystemStat(m.mountPoint(), m.fsType(), m.source(), device, m.readOnly(),
        0, 0, 0, 0, 0, failure, error);
  }

  /** {@return what went wrong, for a user: with the privilege it needs when permission was denied} */
  public static String describe(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied (" + e.getMessage()
          + "): reading another user's /proc/<pid>/root needs root or CAP_SYS_PTRACE";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory: " + e.getMessage() + " (the mount or the container is gone)";
    }
    String m = e.getMessage();
    return m == null ? e.toString() : m;
  }

  private static String millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos) + " ms";
  }
}
