package io.containernetstat.core.internal;

import io.containernetstat.core.Counters;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The field names of one file as one kernel prints it; immutable, shared by every {@link Counters}
 * parsed from a file with the same header, so that steady-state parsing allocates no names. Not API.
 */
public final class CounterLayout {
  final String[] groups;
  final String[] names;
  final boolean[] signed;
  /** Group, then name, to index: two lookups without building a key (no allocation per lookup). */
  private volatile Map<String, Map<String, Integer>> index;

  CounterLayout(String[] groups, String[] names, boolean[] signed) {
    this.groups = groups;
    this.names = names;
    this.signed = signed;
  }

  /** {@return the number of fields} */
  public int size() {
    return names.length;
  }

  /** {@return the group of field {@code i}} */
  public String group(int i) {
    return groups[i];
  }

  /** {@return the name of field {@code i}} */
  public String name(int i) {
    return names[i];
  }

  /** {@return whether field {@code i} is signed} */
  public boolean signed(int i) {
    return signed[i];
  }

  /** {@return the index of {@code group.name}, or -1} */
  public int indexOf(String group, String name) {
    Map<String, Map<String, Integer>> map = index;
    if (map == null) {
      map = new HashMap<>();
      for (int i = names.length - 1; i >= 0; i--) { // the first of a field printed twice wins
        map.computeIfAbsent(groups[i], g -> new HashMap<>()).put(names[i], i);
      }
      index = map;
    }
    Map<String, Integer> byName = map.get(group);
    Integer i = byName == null ? null : byName.get(name);
    return i == null ? -1 : i;
  }

  /** {@return whether both layouts name the same fields in the same order} */
  public boolean sameAs(CounterLayout other) {
    return this == other
        || (Arrays.equals(groups, other.groups)
            && Arrays.equals(names, other.names)
            && Arrays.equals(signed, other.signed));
  }
}
