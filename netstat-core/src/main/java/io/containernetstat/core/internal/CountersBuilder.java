package io.containernetstat.core.internal;

import io.containernetstat.core.Counters;
import java.util.Arrays;

/**
 * Collects the fields of one parse and turns them into {@link Counters}, reusing the previous layout
 * when the names are the same (compared by reference: names come from one {@link NameTable}).
 * Not thread-safe: one per parser.
 *
 * <p>A field that appears twice in one file (same group and name) makes the file malformed: the kernel
 * prints each once, and keeping either copy would be a silent guess. The check runs only when the layout
 * differs from the previous one, which was checked when it was built; so in steady state (same kernel,
 * same header) a parse still costs one {@code long[]} and one {@code Counters}, and the check's table is
 * reused.
 */
final class CountersBuilder {
  private static final ModelAccess.Grant MODEL = ModelAccess.get();

  private String[] groups = new String[64];
  private String[] names = new String[64];
  private boolean[] signed = new boolean[64];
  private long[] values = new long[64];
  /** The line each field was named on, for the message about a repeated field. */
  private int[] lines = new int[64];
  private int size;
  private CounterLayout last = new CounterLayout(new String[0], new String[0], new boolean[0]);
  /**
   * Open-addressing table of field index + 1 for {@link #checkUnique}: kept up to
   * {@link #KEPT_SLOTS} (netstat's ~230 fields take 512), larger ones are dropped after use.
   */
  private int[] slots = new int[KEPT_SLOTS];
  private static final int KEPT_SLOTS = 1024;

  void reset() {
    size = 0;
  }

  int size() {
    return size;
  }

  /**
   * Adds a field.
   *
   * @param line the 1-based line that names the field (the header line of a header/value pair)
   */
  void add(String group, String name, long value, boolean isSigned, int line) {
    if (size == values.length) {
      int n = size * 2;
      groups = Arrays.copyOf(groups, n);
      names = Arrays.copyOf(names, n);
      signed = Arrays.copyOf(signed, n);
      values = Arrays.copyOf(values, n);
      lines = Arrays.copyOf(lines, n);
    }
    groups[size] = group;
    names[size] = name;
    signed[size] = isSigned;
    values[size] = value;
    lines[size] = line;
    size++;
  }

  /**
   * Builds the counters of the fields added since {@link #reset()}.
   *
   * @param cursor the cursor over the same content, to name the line of a repeated field
   * @throws ProcFormatException if a group and name appear twice
   */
  Counters build(LineCursor cursor) {
    CounterLayout layout = last;
    if (!matches(layout)) {
      checkUnique(cursor);
      layout = new CounterLayout(
          Arrays.copyOf(groups, size), Arrays.copyOf(names, size), Arrays.copyOf(signed, size));
      last = layout;
    }
    return MODEL.counters(layout, Arrays.copyOf(values, size));
  }

  private void checkUnique(LineCursor cursor) {
    int capacity = Integer.highestOneBit(Math.max(size, 1) * 2 - 1) * 2;
    int[] slots = capacity <= this.slots.length ? this.slots : new int[capacity];
    Arrays.fill(slots, 0, capacity, 0);
    int mask = capacity - 1;
    for (int i = 0; i < size; i++) {
      int h = groups[i].hashCode() * 31 + names[i].hashCode();
      h ^= h >>> 16;
      for (int slot = h & mask; ; slot = (slot + 1) & mask) {
        int j = slots[slot] - 1;
        if (j < 0) {
          slots[slot] = i + 1;
          break;
        }
        if (groups[j].equals(groups[i]) && names[j].equals(names[i])) {
          throw duplicate(cursor, j, i);
        }
      }
    }
  }

  private ProcFormatException duplicate(LineCursor cursor, int first, int again) {
    String field = Ascii.shorten(groups[again]) + " " + Ascii.shorten(names[again]);
    String where = lines[first] == lines[again] ? "earlier on this line" : "first on line " + lines[first];
    return cursor.failAt(lines[again], "field '" + field + "' appears twice (" + where + ")");
  }

  private boolean matches(CounterLayout layout) {
    if (layout.names.length != size) {
      return false;
    }
    for (int i = 0; i < size; i++) {
      if (layout.names[i] != names[i] || layout.groups[i] != groups[i] || layout.signed[i] != signed[i]) {
        return false;
      }
    }
    return true;
  }
}
