package io.containernetstat.fsstat.internal;

import io.containernetstat.core.internal.ProcFormatException;
import io.containernetstat.fsstat.MountFilter;
import io.containernetstat.fsstat.MountInfo;
import io.containernetstat.fsstat.MountInfoParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A container's parsed mount table, with what each probe needs of it computed once; immutable. Keeps
 * the bytes it was parsed from, so that a table read again is parsed again only when they differ. Not
 * API.
 */
public final class MountTable {
  private final byte[] bytes;
  private final List<Mount> mounts;
  private final String error;

  /**
   * One mount to measure.
   *
   * @param info the mount
   * @param key its filesystem, as {@code statvfs} sees it
   * @param device its device as {@code major:minor}
   * @param path {@code /proc/<pid>/root<mount point>}
   */
  public record Mount(MountInfo info, MountKey key, String device, String path) {}

  private MountTable(byte[] bytes, List<Mount> mounts, String error) {
    this.bytes = bytes;
    this.mounts = mounts;
    this.error = error;
  }

  /**
   * Parses the first {@code n} bytes of {@code buf} and selects the mounts to measure; a malformed
   * table is a table too (no mounts, and the {@link #error()}), so that the same bytes are not parsed
   * again.
   *
   * @param source the file's name, for the parser's messages
   * @param rootPrefix {@code /proc/<pid>/root}, put before each mount point
   */
  public static MountTable parse(String source, byte[] buf, int n, MountFilter filter, String rootPrefix) {
    byte[] copy = Arrays.copyOf(buf, n);
    List<MountInfo> selected;
    try {
      selected = filter.select(MountInfoParser.parse(source, buf, 0, n));
    } catch (ProcFormatException e) {
      return new MountTable(copy, List.of(), e.getMessage());
    }
    List<Mount> mounts = new ArrayList<>(selected.size());
    for (MountInfo m : selected) {
      mounts.add(new Mount(m, new MountKey(m.major(), m.minor(), m.root()), m.device(), rootPrefix + m.mountPoint()));
    }
    return new MountTable(copy, List.copyOf(mounts), null);
  }

  /** {@return whether the first {@code n} bytes of {@code buf} are the bytes this table was parsed from} */
  public boolean sameBytes(byte[] buf, int n) {
    return Arrays.equals(bytes, 0, bytes.length, buf, 0, n);
  }

  /** {@return the mounts to measure, in the table's order; empty when malformed} */
  public List<Mount> mounts() {
    return mounts;
  }

  /** {@return the parser's message when the table is malformed, else null} */
  public String error() {
    return error;
  }
}
