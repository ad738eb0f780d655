package io.containernetstat.sink.prometheus;

import static io.containernetstat.sink.prometheus.Series.family;
import static io.containernetstat.sink.prometheus.Series.points;
import static io.containernetstat.sink.prometheus.Series.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.Failure;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.Snapshot;
import io.containernetstat.core.sockets.Listener;
import io.containernetstat.core.sockets.NamespaceSockets;
import io.containernetstat.core.sockets.SocketStats;
import io.containernetstat.core.sockets.SocketStats.EstablishedHash;
import io.containernetstat.core.sockets.SocketStats.LeftOut;
import io.containernetstat.testkit.Snapshots;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The socket families ({@code --sockets listen|states}) of {@link Fixtures#goldenWithSockets()} and variants. */
class SocketSeriesTest {
  static final MetricSnapshots OUT = PrometheusText.render(Fixtures.goldenWithSockets(), PrometheusOptions.defaults());
  static final List<String> SOCKET_FAMILIES = List.of("container_network_tcp_usage_total",
      "container_network_udp_usage_total", "container_tcp_listen_queue_length", "container_tcp_listen_queue_limit",
      "container_tcp_listeners", "container_tcp_listeners_left_out", "container_tcp_ehash_own");
  /** The pod's namespace labels, as its other families have them. */
  static final Labels WEB = Labels.of("container", "", "id", Fixtures.SANDBOX_ID, "image", "registry.k8s.io/pause:3.9",
      "name", "k8s_POD_web-0_shop_6f1c2d3e_0", "namespace", "shop", "pod", "web-0");
  static final Labels REDIS = Labels.of("container", "", "id", Fixtures.REDIS_ID, "image", "redis:7.2",
      "name", "redis", "namespace", "", "pod", "");

  @Test
  void statesDumpGivesCadvisorsTcpUsageByStateAsAGauge() {
    assertThat(byLabel("container_network_tcp_usage_total", WEB, "tcp_state")).containsOnly(
        Map.entry("established", 4.0), Map.entry("syn_sent", 1.0), Map.entry("syn_recv", 0.0),
        Map.entry("fin_wait1", 0.0), Map.entry("fin_wait2", 0.0), Map.entry("time_wait", 2.0),
        Map.entry("close", 0.0), Map.entry("close_wait", 3.0), Map.entry("last_ack", 0.0),
        Map.entry("listen", 4.0), Map.entry("closing", 0.0));
    assertThat(family(OUT, "container_network_tcp_usage_total")).isInstanceOf(GaugeSnapshot.class);
    assertThat(PrometheusText.toText(Fixtures.goldenWithSockets(), PrometheusOptions.defaults()))
        .contains("# TYPE container_network_tcp_usage_total gauge\n")
        .contains("# TYPE container_network_udp_usage_total gauge\n")
        .contains("container_network_tcp_usage_total{container=\"\",id=\"" + Fixtures.SANDBOX_ID
            + "\",image=\"registry.k8s.io/pause:3.9\",name=\"k8s_POD_web-0_shop_6f1c2d3e_0\",namespace=\"shop\","
            + "pod=\"web-0\",tcp_state=\"close_wait\"} 3.0\n");
  }

  @Test
  void statesDumpGivesCadvisorsUdpUsage() {
    assertThat(byLabel("container_network_udp_usage_total", WEB, "udp_state")).containsOnly(
        Map.entry("listen", 2.0), Map.entry("dropped", 5.0), Map.entry("rxqueued", 768.0),
        Map.entry("txqueued", 512.0));
  }

  @Test
  void listenersSharingAPortAreToldApartByAddressAndTheLeftOutAreSummedAsOther() {
    assertThat(labelsAndValues("container_tcp_listen_queue_length", WEB)).containsOnly(
        Map.entry(WEB.add("port", "8080").add("address", "0.0.0.0"), 3.0),
        Map.entry(WEB.add("port", "8080").add("address", "::"), 0.0),
        Map.entry(WEB.add("port", "9090"), 0.0),
        Map.entry(WEB.add("port", "other"), 2.0));
    assertThat(labelsAndValues("container_tcp_listen_queue_limit", WEB)).containsOnly(
        Map.entry(WEB.add("port", "8080").add("address", "0.0.0.0"), 5.0),
        Map.entry(WEB.add("port", "8080").add("address", "::"), 128.0),
        Map.entry(WEB.add("port", "9090"), 4096.0),
        Map.entry(WEB.add("port", "other"), 10.0));
    assertThat(value(OUT, "container_tcp_listeners", "pod", "web-0")).isEqualTo(4);
    assertThat(value(OUT, "container_tcp_listeners_left_out", "pod", "web-0")).isEqualTo(1);
    assertThat(value(OUT, "container_tcp_ehash_own", "pod", "web-0")).isZero();
  }

  @Test
  void listenOnlyDumpHasListenersAndNoTcpOrUdpUsage() {
    NetnsTarget redis = Fixtures.redis();
    MetricSnapshots out = render(Snapshots.withSockets(Fixtures.snapshot(Fixtures.TIMESTAMP,
        List.of(NamespaceSnapshot.read(redis, Fixtures.procfsFixture()))),
        List.of(NamespaceSockets.dumped(redis, Snapshots.listenOnly())), 1_000L), PrometheusOptions.defaults());
    assertThat(family(out, "container_network_tcp_usage_total")).isNull();
    assertThat(family(out, "container_network_udp_usage_total")).isNull();
    assertThat(labelsAndValues(out, "container_tcp_listen_queue_length", REDIS))
        .containsOnly(Map.entry(REDIS.add("port", "5432"), 0.0));
    assertThat(labelsAndValues(out, "container_tcp_listen_queue_limit", REDIS))
        .containsOnly(Map.entry(REDIS.add("port", "5432"), 244.0));
    assertThat(labelsAndValues(out, "container_tcp_listeners", REDIS)).containsOnly(Map.entry(REDIS, 1.0));
    assertThat(labelsAndValues(out, "container_tcp_listeners_left_out", REDIS)).containsOnly(Map.entry(REDIS, 0.0));
    assertThat(labelsAndValues(out, "container_tcp_ehash_own", REDIS)).containsOnly(Map.entry(REDIS, 1.0));
  }

  @Test
  void reusePortSocketsOnOneAddressAreOneSeriesAndAPortOnOneAddressHasNoAddressLabel() {
    Labels bare = Labels.of("container", "", "id", "", "image", "", "name", "pid 6006", "namespace", "", "pod", "");
    assertThat(labelsAndValues("container_tcp_listen_queue_length", bare)).containsOnly(
        Map.entry(bare.add("port", "80"), 3.0),
        Map.entry(bare.add("port", "443").add("address", "0.0.0.0"), 0.0),
        Map.entry(bare.add("port", "443").add("address", "::"), 0.0));
    assertThat(labelsAndValues("container_tcp_listen_queue_limit", bare)).containsOnly(
        Map.entry(bare.add("port", "80"), 1022.0),
        Map.entry(bare.add("port", "443").add("address", "0.0.0.0"), 511.0),
        Map.entry(bare.add("port", "443").add("address", "::"), 511.0));
    assertThat(value(OUT, "container_tcp_listeners", "name", "pid 6006")).isEqualTo(4);
    assertThat(points(OUT, "container_tcp_ehash_own", "name", "pid 6006")).as("established hash unknown").isEmpty();
  }

  @Test
  void listenersOutOfOrderStillGiveOneSeriesEach() {
    NetnsTarget redis = Fixtures.redis();
    SocketStats unordered = new SocketStats(Map.of(), Optional.empty(), List.of(new Listener("::", 8080, 1, 10),
        new Listener("0.0.0.0", 9090, 2, 20), new Listener("0.0.0.0", 8080, 3, 30), new Listener("::", 8080, 4, 40)),
        LeftOut.NONE, EstablishedHash.SHARED);
    MetricSnapshots out = render(Snapshots.withSockets(Fixtures.snapshot(Fixtures.TIMESTAMP,
        List.of(NamespaceSnapshot.read(redis, Fixtures.procfsFixture()))),
        List.of(NamespaceSockets.dumped(redis, unordered)), 1_000L), PrometheusOptions.defaults());
    assertThat(labelsAndValues(out, "container_tcp_listen_queue_length", REDIS)).containsOnly(
        Map.entry(REDIS.add("port", "8080").add("address", "0.0.0.0"), 3.0),
        Map.entry(REDIS.add("port", "8080").add("address", "::"), 5.0),
        Map.entry(REDIS.add("port", "9090"), 2.0));
  }

  @Test
  void failedDumpGivesNoSeriesAndCountsAsASocketsError() {
    for (String name : SOCKET_FAMILIES) {
      assertThat(points(OUT, name, "pod", Fixtures.WEIRD_POD)).as(name).isEmpty();
    }
    assertThat(points(OUT, "container_sockstat_TCP_inuse", "pod", Fixtures.WEIRD_POD)).as("its counters").hasSize(1);
    assertThat(value(OUT, "container_netstat_agent_errors", "reason", "sockets")).isEqualTo(1);
  }

  @Test
  void socketsReasonIsExportedAtZeroOnceSocketsAreMonitoredAndNotBefore() {
    NetnsTarget redis = Fixtures.redis();
    Snapshot plain = Fixtures.snapshot(Fixtures.TIMESTAMP, List.of(NamespaceSnapshot.read(redis, Fixtures.live())));
    assertThat(points(render(plain, PrometheusOptions.defaults()), "container_netstat_agent_errors",
        "reason", "sockets")).isEmpty();
    MetricSnapshots out = render(Snapshots.withSockets(plain,
        List.of(NamespaceSockets.dumped(redis, Snapshots.listenOnly())), 1_000L), PrometheusOptions.defaults());
    assertThat(value(out, "container_netstat_agent_errors", "reason", "sockets")).isZero();
  }

  @Test
  void hostNetworkSocketsFollowTheHostNetworkOption() {
    for (String name : SOCKET_FAMILIES) {
      assertThat(points(OUT, name, "namespace", "monitoring")).as(name).isEmpty();
      assertThat(OUT.stream().filter(f -> f.getMetadata().getName().equals(name))
          .flatMap(f -> f.getDataPoints().stream()).filter(p -> p.getLabels().contains("host_network"))).isEmpty();
    }
    MetricSnapshots withHost = render(Fixtures.goldenWithSockets(), PrometheusOptions.defaults().withHostNetwork(true));
    Labels host = Labels.of("container", "", "host_network", "true", "id", "", "image", "", "name", "",
        "namespace", "", "pod", "");
    assertThat(byLabel(withHost, "container_network_tcp_usage_total", host, "tcp_state")).containsEntry("established", 4.0)
        .hasSize(11);
    assertThat(labelsAndValues(withHost, "container_tcp_listeners", host)).containsOnly(Map.entry(host, 4.0));
    assertThat(points(withHost, "container_tcp_listeners", "host_network", "false", "pod", "web-0")).hasSize(1);
  }

  @Test
  void socketsOfANamespaceLeftOutAsADuplicateAreLeftOutToo() {
    NetnsTarget redis = Fixtures.redis();
    NetnsTarget again = new NetnsTarget(redis.netnsInode() + 1, 9999, 1, false, redis.owner(), null, redis.containers());
    Snapshot snapshot = Snapshots.withSockets(Fixtures.snapshot(Fixtures.TIMESTAMP, List.of(
            NamespaceSnapshot.read(redis, Fixtures.procfsFixture()), NamespaceSnapshot.read(again, Fixtures.live()))),
        List.of(NamespaceSockets.dumped(redis, Snapshots.listenOnly()),
            NamespaceSockets.dumped(again, Snapshots.webSockets())), 1_000L);
    MetricSnapshots out = render(snapshot, PrometheusOptions.defaults());
    assertThat(labelsAndValues(out, "container_tcp_listeners", REDIS)).containsOnly(Map.entry(REDIS, 1.0));
    assertThat(family(out, "container_network_tcp_usage_total")).as("the duplicate's states dump").isNull();
    assertThat(value(out, "container_netstat_agent_errors", "reason", "duplicate_labels")).isEqualTo(1);
  }

  @Test
  void socketsDurationIsExportedOnlyWhenSocketsAreMonitored() {
    assertThat(value(OUT, "container_netstat_agent_sockets_duration_seconds")).isEqualTo(0.003456789);
    MetricSnapshots plain = PrometheusText.render(Fixtures.golden(), PrometheusOptions.defaults());
    assertThat(family(plain, "container_netstat_agent_sockets_duration_seconds")).isNull();
    for (String name : SOCKET_FAMILIES) {
      assertThat(family(plain, name)).as(name).isNull();
    }
    MetricSnapshots noneFound = render(Snapshots.withSockets(Fixtures.golden(), List.of(), 2_000_000L),
        PrometheusOptions.defaults());
    assertThat(value(noneFound, "container_netstat_agent_sockets_duration_seconds")).isEqualTo(0.002);
  }

  @Test
  void everySocketFamilyIsAGaugeWithTheNamespaceLabelsAndItsOwn() {
    Map<String, List<String>> own = Map.of("container_network_tcp_usage_total", List.of("tcp_state"),
        "container_network_udp_usage_total", List.of("udp_state"));
    for (String name : SOCKET_FAMILIES) {
      MetricSnapshot family = family(OUT, name);
      assertThat(family).as(name).isInstanceOf(GaugeSnapshot.class);
      for (DataPointSnapshot p : family.getDataPoints()) {
        List<String> extra = p.getLabels().stream().map(l -> l.getName())
            .filter(n -> !List.of("container", "id", "image", "name", "namespace", "pod").contains(n))
            .collect(Collectors.toList());
        List<String> allowed = name.startsWith("container_tcp_listen_queue_") ? List.of("address", "port")
            : own.getOrDefault(name, List.of());
        assertThat(allowed).as("labels of %s", name).containsAll(extra);
        assertThat(p.getLabels().size() - extra.size()).as("namespace labels of %s", name).isEqualTo(6);
      }
    }
  }

  private static MetricSnapshots render(Snapshot snapshot, PrometheusOptions options) {
    return new ContainerNetstatCollector(() -> snapshot, options).collect();
  }

  private static Map<String, Double> byLabel(String name, Labels namespace, String label) {
    return byLabel(OUT, name, namespace, label);
  }

  /** {@return the values of the namespace's series of {@code name} by the value of {@code label}, in order} */
  private static Map<String, Double> byLabel(MetricSnapshots out, String name, Labels namespace, String label) {
    return rekeyed(labelsAndValues(out, name, namespace), l -> l.get(label));
  }

  private static Map<Labels, Double> labelsAndValues(String name, Labels namespace) {
    return labelsAndValues(OUT, name, namespace);
  }

  /**
   * {@return the series of {@code name} whose labels include every one of {@code namespace}, by labels, in
   * the client's order}
   */
  private static Map<Labels, Double> labelsAndValues(MetricSnapshots out, String name, Labels namespace) {
    Map<Labels, Double> found = new LinkedHashMap<>();
    for (DataPointSnapshot p : points(out, name)) {
      if (namespace.stream().allMatch(l -> l.getValue().equals(p.getLabels().get(l.getName())))) {
        found.put(p.getLabels(), Series.value(p));
      }
    }
    return found;
  }

  private static <K> Map<K, Double> rekeyed(Map<Labels, Double> byLabels, Function<Labels, K> key) {
    Map<K, Double> out = new LinkedHashMap<>();
    byLabels.forEach((l, v) -> out.put(key.apply(l), v));
    return out;
  }
}
