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
  private volatile Map<String, Integer> index;

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
    Map<String, Integer> map = index;
    if (map == null) {
      map = new HashMap<>(names.length * 2);
      for (int i = names.length - 1; i >= 0; i--) {
        map.put(groups[i] + '\u0000' + names[i], i);
      }
      index = map;
    }
    Integer i = map.get(group + '\u0000' + name);
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
