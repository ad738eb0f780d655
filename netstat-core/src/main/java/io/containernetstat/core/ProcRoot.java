package io.containernetstat.core;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The directory where procfs is mounted; immutable and thread-safe.
 *
 * <p>Never hard-code {@code /proc}: an agent running in a container reads the host's procfs mounted at
 * {@code /host/proc}, and tests read fixture trees. Every path this library opens goes through a
 * {@code ProcRoot}.
 *
 * @param path the procfs mount point, for example {@code /proc}
 */
public record ProcRoot(Path path) {

  /** The conventional mount point, {@code /proc}. */
  public static final ProcRoot DEFAULT = new ProcRoot(Path.of("/proc"));

  /**
   * Validates the path.
   *
   * @throws NullPointerException if {@code path == null}
   */
  public ProcRoot {
    Objects.requireNonNull(path, "path == null");
  }

  /**
   * Returns a proc root at {@code path}.
   *
   * @param path the directory holding the {@code <pid>} entries
   * @return the proc root
   */
  public static ProcRoot of(String path) {
    return new ProcRoot(Path.of(path));
  }

  /** {@return the directory {@code <root>/<pid>}} */
  public Path pid(long pid) {
    return path.resolve(Long.toString(pid));
  }

  /** {@return the path {@code <root>/<pid>/net/<file>}} */
  public Path netFile(long pid, ProcNetFile file) {
    return pid(pid).resolve("net").resolve(file.fileName());
  }
}
