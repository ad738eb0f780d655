package io.containernetstat.sink.openfalcon.internal;

import io.containernetstat.core.Counters;
import io.containernetstat.core.internal.CounterLayout;
import io.containernetstat.core.internal.ModelAccess;
import io.containernetstat.sink.openfalcon.CounterType;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Decides, once per kernel field, whether an snmp/snmp6/netstat field is pushed, under which metric name
 * and with which counter type; thread-safe. Not API.
 *
 * <p>The decision is cached by group and name: a host has a few hundred distinct fields, read again in
 * every namespace of every cycle, so the regex runs once per field for the life of the mapper and the
 * lookup allocates nothing (the parsers hand out the same name strings, whose hash codes are cached);
 * {@link #pick} keeps, per kernel layout, the fields pushed, so a namespace's mapping looks up nothing.
 */
public final class FieldSelection {
  /** A field that is not pushed. */
  public static final Decision SKIP = new Decision(null, null);

  private final Pattern fields;
  private final String prefix;
  private final int maxMetricLength;
  private final Map<String, Map<String, Decision>> cache = new ConcurrentHashMap<>();
  /** The fields pushed of each kernel layout (a host has a few: one per file), by identity. */
  private final Map<CounterLayout, Picked> layouts = new ConcurrentHashMap<>();
  /** Layouts kept at most; more (never seen on one kernel) start the cache again. */
  private static final int MAX_LAYOUTS = 64;

  /**
   * Creates the selection.
   *
   * @param fields matched in full against {@code <Group>_<Field>}
   * @param prefix put before {@code <Group>.<Field>}, for example {@code container.}
   * @param maxMetricLength longer names are skipped (no kernel field comes near it)
   */
  public FieldSelection(Pattern fields, String prefix, int maxMetricLength) {
    this.fields = fields;
    this.prefix = prefix;
    this.maxMetricLength = maxMetricLength;
  }

  /**
   * Decides for one field.
   *
   * @param group the kernel's group, for example {@code TcpExt}
   * @param name the kernel's field name, for example {@code ListenOverflows}
   * @return the decision; {@link #SKIP} when the field is not pushed
   */
  public Decision lookup(String group, String name) {
    Map<String, Decision> byName = cache.computeIfAbsent(group, g -> new ConcurrentHashMap<>());
    Decision d = byName.get(name);
    if (d == null) {
      d = decide(group, name);
      byName.put(name, d);
    }
    return d;
  }

  /**
   * The fields of {@code counters} that are pushed, in file order, decided once per kernel layout (the
   * parsers share one layout between every namespace's counters of a file): a namespace's mapping
   * visits only the pushed fields, with no lookup per field.
   *
   * @param counters a file's counters
   * @return the pushed fields of its layout
   */
  public Picked pick(Counters counters) {
    CounterLayout layout = ModelAccess.layout(counters);
    Picked p = layouts.get(layout);
    if (p == null) {
      int n = 0;
      int[] index = new int[layout.size()];
      Decision[] decisions = new Decision[layout.size()];
      for (int i = 0; i < layout.size(); i++) {
        Decision d = lookup(layout.group(i), layout.name(i));
        if (d.selected()) {
          index[n] = i;
          decisions[n++] = d;
        }
      }
      p = new Picked(Arrays.copyOf(index, n), Arrays.copyOf(decisions, n));
      if (layouts.size() >= MAX_LAYOUTS) {
        layouts.clear();
      }
      layouts.put(layout, p);
    }
    return p;
  }

  /**
   * The pushed fields of one kernel layout; immutable (the arrays are never written after construction
   * and never handed out).
   */
  public static final class Picked {
    private final int[] index;
    private final Decision[] decisions;

    Picked(int[] index, Decision[] decisions) {
      this.index = index;
      this.decisions = decisions;
    }

    /** {@return the number of pushed fields} */
    public int size() {
      return index.length;
    }

    /** {@return the field index in the counters of pushed field {@code i}} */
    public int index(int i) {
      return index[i];
    }

    /** {@return how pushed field {@code i} is pushed} */
    public Decision decision(int i) {
      return decisions[i];
    }
  }

  private Decision decide(String group, String name) {
    String key = group + '_' + name;
    if (!fields.matcher(key).matches()) {
      return SKIP;
    }
    String metric = prefix + metricPart(group) + '.' + metricPart(name);
    if (metric.length() > maxMetricLength) {
      return SKIP;
    }
    return new Decision(metric, io.containernetstat.core.internal.MibFields.isGauge(group, name) ? CounterType.GAUGE : CounterType.COUNTER);
  }

  /** Kernel names are {@code [A-Za-z0-9]}; anything else a future kernel prints becomes {@code _}. */
  private static String metricPart(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      out.append(ok ? c : '_');
    }
    return out.toString();
  }

  /**
   * Whether and how a field is pushed.
   *
   * @param metric the metric name, or null when the field is skipped
   * @param type the counter type, or null when the field is skipped
   */
  public record Decision(String metric, CounterType type) {
    /** {@return whether the field is pushed} */
    public boolean selected() {
      return metric != null;
    }
  }
}
