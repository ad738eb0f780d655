package io.containernetstat.sink.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.Snapshot;
import io.containernetstat.sink.prometheus.internal.Exposition;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MetricNameFilter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The page {@link Exposition} writes (per-namespace families written straight into the page, label sets
 * encoded once per namespace) is byte for byte what client_java's writer writes for the same collector,
 * in both text formats, every name escaping, with and without a name filter, and across scrapes of a
 * long-lived collector whose namespaces come, go and change.
 */
class DirectExpositionTest {
  static Stream<Arguments> pages() {
    List<Arguments> out = new ArrayList<>();
    PrometheusOptions[] options = {PrometheusOptions.defaults(), PrometheusOptions.defaults().withHostNetwork(true),
        PrometheusOptions.defaults().withBuildInfo(GoldenExpositionTest.BUILD)};
    Predicate<String> names = MetricNameFilter.builder().nameMustBeEqualTo(
        "container_sockstat_TCP_inuse", "container_netstat_Tcp_InSegs", "container_netstat_agent_errors",
        "container_netstat_agent_namespace_read_success").build();
    for (String snapshot : new String[] {"golden", "sockets"}) {
      for (PrometheusOptions o : options) {
        for (EscapingScheme scheme : EscapingScheme.values()) {
          for (boolean openMetrics : new boolean[] {false, true}) {
            out.add(Arguments.of(snapshot, o, scheme, openMetrics, null));
          }
        }
        out.add(Arguments.of(snapshot, o, EscapingScheme.DEFAULT, false, names));
        out.add(Arguments.of(snapshot, o, EscapingScheme.DEFAULT, true, names));
      }
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("pages")
  void pageIsTheWritersPage(String which, PrometheusOptions options, EscapingScheme scheme, boolean openMetrics,
      Predicate<String> filter) throws IOException {
    Snapshot snapshot = which.equals("golden") ? Fixtures.golden() : Fixtures.goldenWithSockets();
    ExpositionFormatWriter writer = writer(openMetrics);
    String expected = byWriter(registry(() -> snapshot, options), writer, scheme, filter);
    String actual = direct(registry(() -> snapshot, options), writer, scheme, filter);
    assertThat(actual).isEqualTo(expected);
    // the page holds per-namespace samples (the filter keeps this family); dots escaping doubles underscores
    assertThat(actual).containsPattern("container_+netstat_+Tcp_+InSegs_+total\\{container");
  }

  /**
   * Two long-lived collectors given the same collections, one scraped through the writer, the other
   * directly: same pages while namespaces come and go, change target (new labels) and change order.
   */
  @Test
  void longLivedCollectorFollowsNamespaces() throws IOException {
    AtomicReference<Snapshot> current = new AtomicReference<>();
    PrometheusRegistry slow = registry(current::get, PrometheusOptions.defaults());
    PrometheusRegistry fast = registry(current::get, PrometheusOptions.defaults());
    Snapshot golden = Fixtures.golden();
    List<NamespaceSnapshot> ns = golden.namespaces();
    NetnsTarget redis = ns.get(1).target();
    NetnsTarget renamed = new NetnsTarget(redis.netnsInode(), redis.pid(), redis.pidStartTime(), false,
        redis.owner(), null, List.of(Fixtures.container(Fixtures.REDIS_ID, "redis-2", "redis:7.4", 2001, null,
            null, false)));
    List<List<NamespaceSnapshot>> cycles = List.of(
        ns,
        ns,
        List.of(ns.get(4), ns.get(0), ns.get(1)),
        List.of(ns.get(0), NamespaceSnapshot.read(renamed, ns.get(1).stats()), ns.get(5)),
        List.of(ns.get(1), ns.get(1), ns.get(0)), // the same namespace twice: a duplicate
        ns);
    int i = 0;
    for (List<NamespaceSnapshot> cycle : cycles) {
      current.set(Fixtures.snapshot(Instant.parse("2026-01-02T03:04:05Z").plusSeconds(i++), cycle));
      for (boolean openMetrics : new boolean[] {false, true}) {
        String expected = byWriter(slow, writer(openMetrics), EscapingScheme.DEFAULT, null);
        String actual = direct(fast, writer(openMetrics), EscapingScheme.DEFAULT, null);
        assertThat(actual).as("cycle %d", i).isEqualTo(expected);
      }
    }
    assertThat(byWriter(fast, writer(false), EscapingScheme.DEFAULT, null))
        .contains("container_netstat_agent_errors_total{reason=\"duplicate_labels\"} 1.0");
  }

  private static ExpositionFormatWriter writer(boolean openMetrics) {
    return openMetrics ? OpenMetricsTextFormatWriter.create() : PrometheusTextFormatWriter.create();
  }

  private static PrometheusRegistry registry(java.util.function.Supplier<Snapshot> s, PrometheusOptions options) {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new ContainerNetstatCollector(s, options));
    return registry;
  }

  private static String byWriter(PrometheusRegistry r, ExpositionFormatWriter w, EscapingScheme scheme,
      Predicate<String> filter) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    w.write(out, filter == null ? r.scrape() : r.scrape(filter), scheme);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String direct(PrometheusRegistry r, ExpositionFormatWriter w, EscapingScheme scheme,
      Predicate<String> filter) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Exposition scrape = Exposition.scrape(r, filter, w, scheme);
    assertThat(scrape.directFamilies()).as("families written directly").isGreaterThanOrEqualTo(filter == null ? 30 : 3);
    scrape.write(out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
