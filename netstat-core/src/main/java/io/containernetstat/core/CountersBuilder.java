package io.containernetstat.core;

import java.util.Arrays;

/**
 * Collects the fields of one parse and turns them into {@link Counters}, reusing the previous layout
 * when the names are the same (compared by reference: names come from one {@link NameTable}).
 * Not thread-safe: one per parser.
 *
 * <p>Steady state (same kernel, same header): one {@code long[]} and one {@code Counters} per parse.
 */
final class CountersBuilder {
  private String[] groups = new String[64];
  private String[] names = new String[64];
  private boolean[] signed = new boolean[64];
  private long[] values = new long[64];
  private int size;
  private CounterLayout last = new CounterLayout(new String[0], new String[0], new boolean[0]);

  void reset() {
    size = 0;
  }

  int size() {
    return size;
  }

  void add(String group, String name, long value, boolean isSigned) {
    if (size == values.length) {
      int n = size * 2;
      groups = Arrays.copyOf(groups, n);
      names = Arrays.copyOf(names, n);
      signed = Arrays.copyOf(signed, n);
      values = Arrays.copyOf(values, n);
    }
    groups[size] = group;
    names[size] = name;
    signed[size] = isSigned;
    values[size] = value;
    size++;
  }

  Counters build() {
    CounterLayout layout = last;
    if (!matches(layout)) {
      layout = new CounterLayout(
          Arrays.copyOf(groups, size), Arrays.copyOf(names, size), Arrays.copyOf(signed, size));
      last = layout;
    }
    return new Counters(layout, Arrays.copyOf(values, size));
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
