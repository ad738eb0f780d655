package io.containernetstat.core.internal;

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
  /**
   * Slots at first: enough for every name of sockstat or snmp; netstat's ~230 names take one doubling.
   * The table doubles when half full, up to twice {@link #MAX_ENTRIES} slots (probes stay short), so a
   * parser holds a few KB rather than the 130 KB a full-size table would keep for its whole life.
   */
  static final int INITIAL_SLOTS = 256;
  private static final int MAX_SLOTS = 2 * MAX_ENTRIES;

  private String[] prefixes = new String[INITIAL_SLOTS];
  private byte[][] keys = new byte[INITIAL_SLOTS][];
  private String[] values = new String[INITIAL_SLOTS];
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
    int mask = keys.length - 1;
    for (int slot = h & mask; ; slot = (slot + 1) & mask) {
      byte[] key = keys[slot];
      if (key == null) {
        String value = prefix + new String(buf, start, end - start, StandardCharsets.US_ASCII);
        if (size == MAX_ENTRIES) {
          clear();
        } else if (2 * (size + 1) > keys.length) {
          grow();
        }
        put(h, prefix, Arrays.copyOfRange(buf, start, end), value);
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

  /** {@return the number of slots (tests)} */
  int slots() {
    return keys.length;
  }

  private void put(int h, String prefix, byte[] key, String value) {
    int mask = keys.length - 1;
    int slot = h & mask;
    while (keys[slot] != null) {
      slot = (slot + 1) & mask;
    }
    keys[slot] = key;
    prefixes[slot] = prefix;
    values[slot] = value;
    size++;
  }

  private void grow() {
    if (keys.length >= MAX_SLOTS) {
      return;
    }
    String[] oldPrefixes = prefixes;
    byte[][] oldKeys = keys;
    String[] oldValues = values;
    prefixes = new String[oldKeys.length * 2];
    keys = new byte[oldKeys.length * 2][];
    values = new String[oldKeys.length * 2];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null) {
        put(hash(oldPrefixes[i], oldKeys[i]), oldPrefixes[i], oldKeys[i], oldValues[i]);
      }
    }
  }

  private static int hash(String prefix, byte[] key) {
    int h = System.identityHashCode(prefix);
    for (byte b : key) {
      h = 31 * h + b;
    }
    return h ^ (h >>> 16);
  }

  /** Forgets every name and returns to the initial size. */
  private void clear() {
    prefixes = new String[INITIAL_SLOTS];
    keys = new byte[INITIAL_SLOTS][];
    values = new String[INITIAL_SLOTS];
    size = 0;
  }
}
