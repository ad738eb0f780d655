package io.containernetstat.sink.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Looks series up in {@link MetricSnapshots}, with failure messages that name what is missing. */
final class Series {
  private Series() {}

  /** {@return the family named {@code name} (counters without {@code _total}), or null} */
  static MetricSnapshot family(MetricSnapshots snapshots, String name) {
    for (MetricSnapshot s : snapshots) {
      if (s.getMetadata().getName().equals(name)) {
        return s;
      }
    }
    return null;
  }

  /** {@return the family names, counters without {@code _total}} */
  static List<String> names(MetricSnapshots snapshots) {
    return snapshots.stream().map(s -> s.getMetadata().getName()).collect(Collectors.toList());
  }

  /** {@return the data points of family {@code name} whose labels include {@code pairs} (name, value, ...)} */
  static List<DataPointSnapshot> points(MetricSnapshots snapshots, String name, String... pairs) {
    MetricSnapshot family = family(snapshots, name);
    assertThat(family).as("family %s is missing; families: %s", name, names(snapshots)).isNotNull();
    List<DataPointSnapshot> out = new ArrayList<>();
    for (DataPointSnapshot p : family.getDataPoints()) {
      if (matches(p.getLabels(), pairs)) {
        out.add(p);
      }
    }
    return out;
  }

  /** {@return the value of the one series of {@code name} whose labels include {@code pairs}} */
  static double value(MetricSnapshots snapshots, String name, String... pairs) {
    List<DataPointSnapshot> found = points(snapshots, name, pairs);
    assertThat(found).as("series %s with labels %s", name, List.of(pairs)).hasSize(1);
    return value(found.get(0));
  }

  static double value(DataPointSnapshot p) {
    if (p instanceof GaugeSnapshot.GaugeDataPointSnapshot) {
      return ((GaugeSnapshot.GaugeDataPointSnapshot) p).getValue();
    }
    if (p instanceof CounterSnapshot.CounterDataPointSnapshot) {
      return ((CounterSnapshot.CounterDataPointSnapshot) p).getValue();
    }
    throw new AssertionError("not a gauge or counter: " + p);
  }

  private static boolean matches(Labels labels, String... pairs) {
    for (int i = 0; i < pairs.length; i += 2) {
      if (!pairs[i + 1].equals(labels.get(pairs[i]))) {
        return false;
      }
    }
    return true;
  }
}
