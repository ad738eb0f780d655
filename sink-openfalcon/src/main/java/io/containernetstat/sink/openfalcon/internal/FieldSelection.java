package io.containernetstat.sink.openfalcon.internal;

import io.containernetstat.sink.openfalcon.CounterType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Decides, once per kernel field, whether an snmp/snmp6/netstat field is pushed, under which metric name
 * and with which counter type; thread-safe. Not API.
 *
 * <p>The decision is cached by group and name: a host has a few hundred distinct fields, read again in
 * every namespace of every cycle, so the regex runs once per field for the life of the mapper and the
 * lookup allocates nothing (the parsers hand out the same name strings, whose hash codes are cached).
 */
public final class FieldSelection {
  /** A field that is not pushed. */
  public static final Decision SKIP = new Decision(null, null);

  private final Pattern fields;
  private final String prefix;
  private final int maxMetricLength;
  private final Map<String, Map<String, Decision>> cache = new ConcurrentHashMap<>();

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
