package io.containernetstat.core;

import io.containernetstat.core.internal.CounterLayout;
import io.containernetstat.core.internal.ModelAccess;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;

/**
 * The counters of one procfs file, each under the kernel's own group and field name; immutable and
 * thread-safe.
 *
 * <p>Fields keep the order of the file. A field is addressed by its group and name exactly as the
 * kernel printed them:
 * <ul>
 *   <li>sockstat: group {@code TCP}, name {@code tw}; the first line gives group {@code sockets},
 *       name {@code used};</li>
 *   <li>snmp and netstat: group {@code Tcp}, name {@code CurrEstab}; group {@code TcpExt}, name
 *       {@code ListenOverflows};</li>
 *   <li>snmp6: {@code Ip6InReceives} is group {@code Ip6}, name {@code InReceives} (the name up to and
 *       including the first {@code 6} is the group, as node_exporter splits it);</li>
 *   <li>dev: group is the interface name, names are {@code receive_bytes}, {@code transmit_packets},
 *       ... (the header's section and column).</li>
 * </ul>
 * Fields a newer kernel adds appear under their own names with no code change.
 *
 * <p>Values are 64-bit: unsigned unless {@link #isSigned(int)} says otherwise (only fields the kernel
 * prints with a sign, such as {@code Tcp MaxConn = -1}). Use {@link #format(int)} or
 * {@link #doubleValue(int)} rather than treating {@link #value(int)} as a signed Java long.
 */
public final class Counters {
  static {
    ModelAccess.grant(new Access());
  }

  private final CounterLayout layout;
  private final long[] values;

  Counters(CounterLayout layout, long[] values) {
    this.layout = layout;
    this.values = values;
  }

  /** {@return the number of fields} */
  public int size() {
    return values.length;
  }

  /** {@return the group of field {@code index}, for example {@code Tcp}} */
  public String group(int index) {
    return layout.group(index);
  }

  /** {@return the name of field {@code index} within its group, for example {@code CurrEstab}} */
  public String name(int index) {
    return layout.name(index);
  }

  /**
   * Returns the raw 64-bit value of field {@code index}.
   *
   * @param index the field index, {@code 0 <= index < size()}
   * @return the value; an unsigned field above {@link Long#MAX_VALUE} reads negative here
   */
  public long value(int index) {
    return values[index];
  }

  /** {@return whether field {@code index} is signed (printed with a sign by the kernel)} */
  public boolean isSigned(int index) {
    return layout.signed(index);
  }

  /** {@return the value of field {@code index} as a double, honouring its signedness} */
  public double doubleValue(int index) {
    long v = values[index];
    if (v >= 0 || layout.signed(index)) {
      return v;
    }
    // Above Long.MAX_VALUE: halve, keeping the lowest bit as a sticky bit so that the one rounding to
    // double is the correct one ("(v >>> 1) * 2.0 + (v & 1)" rounds twice and can be off by one ulp).
    return (double) ((v >>> 1) | (v & 1)) * 2.0;
  }

  /** {@return the value of field {@code index} exactly as the kernel printed it} */
  public String format(int index) {
    return layout.signed(index) ? Long.toString(values[index]) : Long.toUnsignedString(values[index]);
  }

  /**
   * Finds a field.
   *
   * @param group the group, for example {@code TcpExt}
   * @param name the field name, for example {@code ListenOverflows}
   * @return its index, or -1 when the file has no such field
   */
  public int indexOf(String group, String name) {
    return layout.indexOf(group, name);
  }

  /**
   * Returns a field's raw value.
   *
   * @param group the group, for example {@code Tcp}
   * @param name the field name, for example {@code CurrEstab}
   * @return the value, or empty when the file has no such field (absent is not zero)
   */
  public OptionalLong get(String group, String name) {
    int i = layout.indexOf(group, name);
    return i < 0 ? OptionalLong.empty() : OptionalLong.of(values[i]);
  }

  /** {@return the distinct groups in file order} */
  public List<String> groups() {
    List<String> out = new ArrayList<>();
    String last = null;
    for (int i = 0; i < layout.size(); i++) {
      String g = layout.group(i);
      if (!g.equals(last) && !out.contains(g)) {
        out.add(g);
      }
      last = g;
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("Counters{");
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(layout.group(i)).append('.').append(layout.name(i)).append('=').append(format(i));
    }
    return out.append('}').toString();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Counters)) {
      return false;
    }
    Counters other = (Counters) o;
    return layout.sameAs(other.layout) && java.util.Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(values);
  }

  /** The constructors the internal parsers and reader use. */
  private static final class Access implements ModelAccess.Grant {
    @Override
    public Counters counters(CounterLayout layout, long[] values) {
      return new Counters(layout, values);
    }

    @Override
    public NetnsStats stats(Counters[] byFile, java.util.Set<ProcNetFile> requested) {
      return NetnsStats.ofArray(byFile, requested);
    }

    @Override
    public CounterLayout layout(Counters counters) {
      return counters.layout;
    }

    @Override
    public Counters file(NetnsStats stats, ProcNetFile file) {
      return stats.fileOrNull(file);
    }
  }
}
