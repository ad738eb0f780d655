package io.containernetstat.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interns ASCII names read from a byte buffer, so that a header seen before costs no allocation.
 * Not thread-safe: one per parser.
 *
 * <p>Assumption: a kernel prints a few hundred distinct names (netstat has about 230, each under 40
 * bytes). Hostile or corrupt input must not grow the table without bound, in entries or in bytes: names
 * longer than {@link #MAX_NAME_LENGTH} are returned as fresh strings and never kept, and when
 * {@link #MAX_ENTRIES} names are held the table is emptied and starts over, so that garbage seen once
 * cannot keep the real names of later reads from being interned.
 */
final class NameTable {
  static final int MAX_ENTRIES = 4096;
  /** Longest name kept: 4 times the longest kernel name seen (MPTcpExt/TcpExt names are under 32). */
  static final int MAX_NAME_LENGTH = 128;
  private static final int SLOTS = 8192; // power of two, twice MAX_ENTRIES: probes stay short

  private final String[] prefixes = new String[SLOTS];
  private final byte[][] keys = new byte[SLOTS][];
  private final String[] values = new String[SLOTS];
  private int size;

  /**
   * Returns {@code prefix + ascii(buf[start, end))}, interned.
   *
   * @param prefix a constant prefix (compared by reference), or {@code ""}
   */
  String intern(String prefix, byte[] buf, int start, int end) {
    if (end - start > MAX_NAME_LENGTH) {
      return prefix + new String(buf, start, end - start, StandardCharsets.US_ASCII);
    }
    int h = System.identityHashCode(prefix);
    for (int i = start; i < end; i++) {
      h = 31 * h + buf[i];
    }
    h ^= h >>> 16;
    int mask = SLOTS - 1;
    for (int slot = h & mask; ; slot = (slot + 1) & mask) {
      byte[] key = keys[slot];
      if (key == null) {
        String value = prefix + new String(buf, start, end - start, StandardCharsets.US_ASCII);
        if (size == MAX_ENTRIES) {
          clear();
          slot = h & mask;
        }
        keys[slot] = Arrays.copyOfRange(buf, start, end);
        prefixes[slot] = prefix;
        values[slot] = value;
        size++;
        return value;
      }
      if (prefixes[slot] == prefix && Arrays.equals(key, 0, key.length, buf, start, end)) {
        return values[slot];
      }
    }
  }

  /** {@return how many names are held} */
  int size() {
    return size;
  }

  private void clear() {
    Arrays.fill(keys, null);
    Arrays.fill(prefixes, null);
    Arrays.fill(values, null);
    size = 0;
  }
}
