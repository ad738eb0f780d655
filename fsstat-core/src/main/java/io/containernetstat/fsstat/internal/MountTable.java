package io.containernetstat.fsstat.internal;

import io.containernetstat.core.internal.ProcFormatException;
import io.containernetstat.fsstat.MountFilter;
import io.containernetstat.fsstat.MountInfo;
import io.containernetstat.fsstat.MountInfoParser;
import java.util.Arrays;
import java.util.List;

/**
 * A container's parsed mount table, with what each probe needs of it computed once: the selected
 * mounts, their {@link MountKey}s, devices and paths through {@code /proc/<pid>/root}; immutable. Keeps
 * the bytes it was parsed from, so that a table read again is parsed again only when they differ. Not
 * API.
 */
public final class MountTable {
  private final byte[] bytes;
  private final List<MountInfo> selected;
  private final MountKey[] keys;
  private final String[] devices;
  private final String[] paths;
  private final String error;

  private MountTable(byte[] bytes, List<MountInfo> selected, String rootPrefix, String error) {
    this.bytes = bytes;
    this.selected = selected;
    this.error = error;
    int n = selected.size();
    keys = new MountKey[n];
    devices = new String[n];
    paths = new String[n];
    for (int i = 0; i < n; i++) {
      MountInfo m = selected.get(i);
      keys[i] = new MountKey(m.major(), m.minor(), m.root());
      devices[i] = m.device();
      paths[i] = rootPrefix + m.mountPoint();
    }
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
    try {
      return new MountTable(copy, filter.select(MountInfoParser.parse(source, buf, 0, n)), rootPrefix, null);
    } catch (ProcFormatException e) {
      return new MountTable(copy, List.of(), "", e.getMessage());
    }
  }

  /** {@return whether the first {@code n} bytes of {@code buf} are the bytes this table was parsed from} */
  public boolean sameBytes(byte[] buf, int n) {
    return Arrays.equals(bytes, 0, bytes.length, buf, 0, n);
  }

  /** {@return the mounts to measure, in the table's order} */
  public List<MountInfo> selected() {
    return selected;
  }

  /** {@return the key of the {@code i}th selected mount} */
  public MountKey key(int i) {
    return keys[i];
  }

  /** {@return the device of the {@code i}th selected mount, as {@code major:minor}} */
  public String device(int i) {
    return devices[i];
  }

  /** {@return {@code /proc/<pid>/root<mount point>} of the {@code i}th selected mount} */
  public String path(int i) {
    return paths[i];
  }

  /** {@return the parser's message when the table is malformed, else null} */
  public String error() {
    return error;
  }
}
