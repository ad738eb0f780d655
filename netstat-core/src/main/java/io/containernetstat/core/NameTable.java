package io.containernetstat.core;

import java.nio.charset.StandardCharsets;

/**
 * Interns ASCII names read from a byte buffer, so that a header seen before costs no allocation.
 * Not thread-safe: one per parser.
 *
 * <p>Assumption: a kernel prints a few hundred distinct names (netstat has about 230); the table holds
 * at most {@link #MAX_ENTRIES} and then returns fresh strings, so hostile input cannot grow it without
 * bound.
 */
final class NameTable {
  static final int MAX_ENTRIES = 4096;
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
        if (size < MAX_ENTRIES) {
          keys[slot] = java.util.Arrays.copyOfRange(buf, start, end);
          prefixes[slot] = prefix;
          values[slot] = value;
          size++;
        }
        return value;
      }
      if (prefixes[slot] == prefix && java.util.Arrays.equals(key, 0, key.length, buf, start, end)) {
        return values[slot];
      }
    }
  }
}
