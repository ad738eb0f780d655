package io.containernetstat.sink.prometheus;

import io.containernetstat.testkit.ProcfsSamples;
import io.containernetstat.testkit.Snapshots;

import static io.containernetstat.sink.prometheus.Series.family;
import static io.containernetstat.sink.prometheus.Series.names;
import static io.containernetstat.sink.prometheus.Series.points;
import static io.containernetstat.sink.prometheus.Series.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.containernetstat.core.Failure;
import io.containernetstat.core.filesystem.ContainerFilesystems;
import io.containernetstat.core.Counters;
import io.containernetstat.core.filesystem.ContainerFilesystems.FilesystemStat;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.NetnsStats;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.ProcNetFile;
import io.containernetstat.core.Snapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContainerNetstatCollectorTest {
  static final MetricSnapshots GOLDEN = PrometheusText.render(Fixtures.golden(), PrometheusOptions.defaults());

  @Test
  void podWithThreeContainersExportsOneSeriesSetLabelledByItsSandbox() {
    List<DataPointSnapshot> inuse = points(GOLDEN, "container_sockstat_TCP_inuse", "pod", "web-0");
    assertThat(inuse).hasSize(1);
    assertThat((Object) inuse.get(0).getLabels()).isEqualTo(Labels.of(
        "container", "", "id", Fixtures.SANDBOX_ID, "image", "registry.k8s.io/pause:3.9",
        "name", "k8s_POD_web-0_shop_6f1c2d3e_0", "namespace", "shop", "pod", "web-0"));
    assertThat(Series.value(inuse.get(0))).isEqualTo(5);
  }

  @Test
  void containersSharingAPlainContainersNamespaceAppearOnceUnderTheOwner() {
    assertThat(points(GOLDEN, "container_sockstat_TCP_inuse", "name", "redis-exporter")).isEmpty();
    assertThat(value(GOLDEN, "container_sockstat_TCP_inuse", "name", "redis", "id", Fixtures.REDIS_ID,
        "image", "redis:7.2", "namespace", "", "pod", "", "container", "")).isEqualTo(35);
  }

  @Test
  void podContainerNameLabelsTheNamespaceWhenThatContainerOwnsIt() {
    NetnsTarget web = Fixtures.webPod();
    NetnsTarget ownedByNginx = new NetnsTarget(web.netnsInode(), web.pid(), web.pidStartTime(), false,
        web.containers().get(1).id(), web.pod(), web.containers());
    MetricSnapshots out = render(Fixtures.snapshot(Fixtures.TIMESTAMP,
        List.of(NamespaceSnapshot.read(ownedByNginx, Fixtures.live()))), PrometheusOptions.defaults());
    assertThat(value(out, "container_sockstat_TCP_inuse", "pod", "web-0", "container", "nginx",
        "image", "nginx:1.27")).isEqualTo(5);
  }

  @Test
  void everyPerNamespaceFamilyHasTheSameLabelNames() {
    List<String> identity = List.of("container", "id", "image", "name", "namespace", "pod");
    List<String> withDevice = List.of("container", "device", "id", "image", "name", "namespace", "pod");
    int checked = 0;
    for (MetricSnapshot family : GOLDEN) {
      String name = family.getMetadata().getName();
      boolean perNamespace = name.startsWith("container_sockstat_") || name.startsWith("container_netdev_")
          || name.equals("container_netstat_agent_namespace_read_success")
          || name.startsWith("container_netstat_") && !name.startsWith("container_netstat_agent_")
              && !name.startsWith("container_netstat_host_");
      if (!perNamespace) {
        continue;
      }
      for (DataPointSnapshot p : family.getDataPoints()) {
        List<String> labelNames = p.getLabels().stream().map(l -> l.getName()).collect(Collectors.toList());
        assertThat(labelNames).as("label names of %s", name)
            .isEqualTo(name.startsWith("container_netdev_") ? withDevice : identity);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(100);
  }

  @Test
  void hostNetworkNamespaceIsNotExportedByDefault() {
    assertThat(GOLDEN.stream().flatMap(f -> f.getDataPoints().stream())
        .filter(p -> p.getLabels().contains("host_network"))).isEmpty();
    assertThat(points(GOLDEN, "container_sockstat_TCP_inuse", "namespace", "monitoring")).isEmpty();
    assertThat(points(GOLDEN, "container_sockstat_TCP_inuse")).hasSize(4);
  }

  @Test
  void hostNetworkNamespaceIsExportedClearlyLabelledWhenAskedFor() {
    MetricSnapshots out = render(Fixtures.golden(), PrometheusOptions.defaults().withHostNetwork(true));
    List<DataPointSnapshot> host = points(out, "container_sockstat_TCP_inuse", "host_network", "true");
    assertThat(host).hasSize(1);
    assertThat((Object) host.get(0).getLabels()).isEqualTo(Labels.of("container", "", "host_network", "true", "id", "",
        "image", "", "name", "", "namespace", "", "pod", ""));
    assertThat(points(out, "container_sockstat_TCP_inuse", "host_network", "false")).hasSize(4);
  }

  @Test
  void hostWideSockstatFieldsAreNeverExportedPerNamespace() {
    MetricSnapshots out = render(Fixtures.golden(),
        PrometheusOptions.defaults().withHostNetwork(true).withNetstatFields(".*"));
    assertThat(names(out)).noneMatch(n -> Pattern.matches("container_sockstat_.*_(orphan|alloc|mem)", n));
    for (String field : List.of("TCP_orphan", "TCP_alloc", "TCP_mem", "UDP_mem")) {
      List<DataPointSnapshot> host = points(out, "container_netstat_host_sockstat_" + field);
      assertThat(host).as(field).hasSize(1);
      assertThat((Object) host.get(0).getLabels()).as(field).isEqualTo(Labels.EMPTY);
    }
    assertThat(value(out, "container_netstat_host_sockstat_TCP_alloc")).isEqualTo(10);
  }

  @Test
  void hostWideFieldsCanBeTurnedOff() {
    MetricSnapshots out = render(Fixtures.golden(), PrometheusOptions.defaults().withHostWide(false));
    assertThat(names(out)).noneMatch(n -> n.startsWith("container_netstat_host_"));
  }

  @Test
  void absentFilesGiveNoSeriesNotZero() {
    assertThat(points(GOLDEN, "container_sockstat_TCP6_inuse", "pod", Fixtures.WEIRD_POD)).isEmpty();
    assertThat(points(GOLDEN, "container_netstat_Udp6_InDatagrams", "pod", Fixtures.WEIRD_POD)).isEmpty();
    assertThat(points(GOLDEN, "container_sockstat_TCP_inuse", "pod", Fixtures.WEIRD_POD)).hasSize(1);
  }

  @Test
  void failedNamespaceHasNoFiguresButAFailedReadAndAnError() {
    assertThat(points(GOLDEN, "container_sockstat_TCP_inuse", "name", "legacy-app")).isEmpty();
    assertThat(value(GOLDEN, "container_netstat_agent_namespace_read_success", "name", "legacy-app")).isEqualTo(0);
    assertThat(value(GOLDEN, "container_netstat_agent_namespace_read_success", "pod", "web-0")).isEqualTo(1);
    assertThat(value(GOLDEN, "container_netstat_agent_errors", "reason", "permission_denied")).isEqualTo(1);
    assertThat(value(GOLDEN, "container_netstat_agent_errors", "reason", "malformed")).isEqualTo(0);
    assertThat(value(GOLDEN, "container_netstat_agent_namespaces", "state", "failed")).isEqualTo(1);
    assertThat(value(GOLDEN, "container_netstat_agent_namespaces", "state", "read")).isEqualTo(5);
  }

  @Test
  void namespaceWithoutContainersIsNamedAfterItsProcess() {
    assertThat(value(GOLDEN, "container_sockstat_sockets_used", "name", "pid 6006", "id", "")).isEqualTo(12);
  }

  @ParameterizedTest(name = "{0}_{1} is a {2}")
  @CsvSource({
      "Tcp, CurrEstab, gauge", "Tcp, MaxConn, gauge", "Tcp, RtoMin, gauge", "Tcp, RtoMax, gauge",
      "Tcp, RtoAlgorithm, gauge", "Ip, Forwarding, gauge", "Ip, DefaultTTL, gauge", "Ip, ReasmTimeout, gauge",
      "Tcp, ActiveOpens, counter", "Tcp, InSegs, counter", "Udp, InDatagrams, counter",
      "Ip6, InOctets, counter", "TcpExt, ListenOverflows, counter", "IpExt, InOctets, counter",
      "Icmp, InMsgs, counter"})
  void mibFieldsAreTypedHonestly(String proto, String field, String type) {
    MetricSnapshots out = render(Fixtures.golden(), PrometheusOptions.defaults().withNetstatFields(".*"));
    MetricSnapshot family = family(out, "container_netstat_" + proto + "_" + field);
    assertThat(family).as("container_netstat_%s_%s", proto, field).isNotNull();
    assertThat(family).isInstanceOf(type.equals("gauge") ? GaugeSnapshot.class : CounterSnapshot.class);
  }

  @Test
  void signedSettingKeepsItsSign() {
    MetricSnapshots out = render(Fixtures.golden(), PrometheusOptions.defaults().withNetstatFields("^Tcp_MaxConn$"));
    assertThat(value(out, "container_netstat_Tcp_MaxConn", "pod", "web-0")).isEqualTo(-1);
    assertThat(names(out)).filteredOn(n -> n.startsWith("container_netstat_Tcp")).containsExactly("container_netstat_Tcp_MaxConn");
  }

  @Test
  void unsignedValuesAboveTwoToTheSixtyThreeStayPositive() {
    Counters snmp = ProcfsSamples.parse(ProcNetFile.SNMP,
        "Tcp: RtoAlgorithm InSegs OutSegs\nTcp: 1 18446744073709551615 9223372036854775808\n");
    NetnsStats stats = NetnsStats.of(EnumSet.of(ProcNetFile.SNMP), Map.of(ProcNetFile.SNMP, snmp));
    MetricSnapshots out = render(Fixtures.snapshot(Fixtures.TIMESTAMP,
        List.of(NamespaceSnapshot.read(Fixtures.redis(), stats))), PrometheusOptions.defaults());
    assertThat(value(out, "container_netstat_Tcp_InSegs", "name", "redis")).isEqualTo(18446744073709551615.0);
    assertThat(value(out, "container_netstat_Tcp_OutSegs", "name", "redis")).isEqualTo(9223372036854775808.0);
  }

  @Test
  void defaultFieldSelectionIsNodeExportersAndCanBeChanged() {
    assertThat(names(GOLDEN)).contains("container_netstat_Tcp_CurrEstab", "container_netstat_TcpExt_ListenOverflows",
        "container_netstat_Ip_Forwarding", "container_netstat_Udp6_NoPorts", "container_netstat_IpExt_InOctets");
    assertThat(names(GOLDEN)).doesNotContain("container_netstat_Tcp_MaxConn", "container_netstat_TcpExt_TW",
        "container_netstat_IcmpMsg_InType3", "container_netstat_MPTcpExt_MPCapableSYNRX");
    MetricSnapshots out = render(Fixtures.golden(), PrometheusOptions.defaults().withNetstatFields("^TcpExt_TW$"));
    assertThat(names(out)).filteredOn(n -> n.startsWith("container_netstat_") && !n.startsWith("container_netstat_agent_")
        && !n.startsWith("container_netstat_host_")).containsExactly("container_netstat_TcpExt_TW");
    assertThat(names(out)).contains("container_sockstat_TCP_inuse", "container_netdev_receive_bytes");
  }

  @Test
  void badFieldRegexIsRejectedWithItsReason() {
    assertThatThrownBy(() -> PrometheusOptions.defaults().withNetstatFields("Tcp_(")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("netstat field regex does not compile");
  }

  @Test
  void netDevIsExportedPerDeviceAsCounters() {
    MetricSnapshot family = family(GOLDEN, "container_netdev_receive_bytes");
    assertThat(family).isInstanceOf(CounterSnapshot.class);
    assertThat(value(GOLDEN, "container_netdev_receive_bytes", "name", "redis", "device", "eth0")).isEqualTo(438);
    assertThat(value(GOLDEN, "container_netdev_transmit_packets", "pod", "web-0", "device", "lo")).isEqualTo(20);
    assertThat(names(GOLDEN)).noneMatch(n -> n.startsWith("container_network_"));
  }

  @Test
  void labelValuesAreEscapedByTheClient() {
    String text = PrometheusText.toText(Fixtures.golden(), PrometheusOptions.defaults());
    String labels = "{container=\"\",id=\"" + Fixtures.WEIRD_SANDBOX_ID + "\","
        + "image=\"registry.example.com/app:\\\"v1\\\"\",name=\"k8s_POD_weird\","
        + "namespace=\"team-é\",pod=\"we\\\"ird\\\\pod\\nñame-日本\"}";
    assertThat(text).contains("container_sockstat_TCP_inuse" + labels + " 5.0\n");
    assertThat(text.lines()).noneMatch(l -> l.startsWith("ñame"));
  }

  @Test
  void namespacesWhoseLabelsCollideAreExportedOnceAndCountedAsErrors() {
    NetnsTarget redis = Fixtures.redis();
    NetnsTarget again = new NetnsTarget(redis.netnsInode() + 1, 9999, 1, false, redis.owner(), null, redis.containers());
    Snapshot snapshot = Fixtures.snapshot(Fixtures.TIMESTAMP, List.of(
        NamespaceSnapshot.read(redis, Fixtures.procfsFixture()), NamespaceSnapshot.read(again, Fixtures.live())));
    MetricSnapshots out = render(snapshot, PrometheusOptions.defaults());
    assertThat(value(out, "container_sockstat_TCP_inuse", "name", "redis")).isEqualTo(35);
    assertThat(value(out, "container_netstat_agent_errors", "reason", "duplicate_labels")).isEqualTo(1);
  }

  @Test
  void sameSnapshotIsCountedOnceHoweverManyScrapesGetIt() {
    Snapshot failing = Fixtures.golden();
    ContainerNetstatCollector collector = new ContainerNetstatCollector(() -> failing);
    MetricSnapshots first = collector.collect();
    MetricSnapshots second = collector.collect();
    assertThat(second).isNotSameAs(first); // renderings are not kept between scrapes
    assertThat(text(second)).isEqualTo(text(first));
    assertThat(value(second, "container_netstat_agent_errors", "reason", "permission_denied")).isEqualTo(1);
    assertThat(value(second, "container_netstat_agent_collections")).isEqualTo(1);
    assertThat(value(second, "container_netstat_agent_gone")).isEqualTo(2);
  }

  @Test
  void theCollectorDoesNotKeepASnapshotAliveByItselfAndNeverServesCountersGoingBack() throws Exception {
    java.util.concurrent.atomic.AtomicReference<java.util.function.Supplier<Snapshot>> source =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicReference<Snapshot> held = new java.util.concurrent.atomic.AtomicReference<>(
        withTimestamp(Fixtures.golden(), Fixtures.TIMESTAMP));
    source.set(held::get);
    ContainerNetstatCollector collector = new ContainerNetstatCollector(() -> source.get().get());
    collector.collect();
    assertThat(collector.lastSnapshot()).isPresent();
    held.set(null); // the supplier lets go, as SharedCollector does when it collects anew
    for (int i = 0; i < 20 && collector.lastSnapshot().isPresent(); i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertThat(collector.lastSnapshot()).as("released once nothing else holds it").isEmpty();

    // An older snapshot after the counted one is gone: serving it would show counters going backwards, so
    // the supplier is asked again and its newer answer is served (and counted).
    Snapshot newer = withTimestamp(Fixtures.golden(), Fixtures.TIMESTAMP.plusSeconds(60));
    Deque<Snapshot> answers = new ArrayDeque<>(List.of(
        withTimestamp(Fixtures.golden(), Fixtures.TIMESTAMP.minusSeconds(60)), newer));
    source.set(answers::removeFirst);
    MetricSnapshots served = collector.collect();
    assertThat(answers).as("asked twice").isEmpty();
    assertThat(collector.lastSnapshot()).containsSame(newer);
    assertThat(value(served, "container_netstat_agent_collections")).isEqualTo(2);
  }

  @Test
  void distinctSnapshotsAccumulateAndStaleOnesAreNotCountedAgain() {
    Snapshot older = withTimestamp(Fixtures.golden(), Fixtures.TIMESTAMP);
    Snapshot newer = withTimestamp(Fixtures.golden(), Fixtures.TIMESTAMP.plusSeconds(5));
    Deque<Snapshot> queue = new ArrayDeque<>(List.of(older, newer, older));
    ContainerNetstatCollector collector = new ContainerNetstatCollector(queue::removeFirst);
    collector.collect();
    MetricSnapshots afterNewer = collector.collect();
    assertThat(value(afterNewer, "container_netstat_agent_errors", "reason", "permission_denied")).isEqualTo(2);
    assertThat(value(afterNewer, "container_netstat_agent_gone")).isEqualTo(4);
    assertThat(value(afterNewer, "container_netstat_agent_collections")).isEqualTo(2);
    MetricSnapshots afterStale = collector.collect();
    assertThat(text(afterStale)).isEqualTo(text(afterNewer));
    assertThat(collector.lastSnapshot()).containsSame(newer);
  }

  @Test
  void resolverFailureIsCountedAndIsNotASuccessfulCollection() {
    Snapshot failed = new Snapshot(Fixtures.TIMESTAMP, "docker", 1_000, 2_000, null, null, EnumSet.allOf(ProcNetFile.class),
        List.of(), 0, "docker daemon at /var/run/docker.sock: connection refused", List.of(), List.of());
    MetricSnapshots out = render(failed, PrometheusOptions.defaults());
    assertThat(value(out, "container_netstat_agent_errors", "reason", "resolver")).isEqualTo(1);
    assertThat(family(out, "container_netstat_agent_last_collection_timestamp_seconds")).isNull();
    assertThat(value(out, "container_netstat_agent_namespaces", "state", "read")).isEqualTo(0);
  }

  @Test
  void selfMetricsDescribeTheCollection() {
    assertThat(value(GOLDEN, "container_netstat_agent_collection_duration_seconds")).isEqualTo(0.012345678);
    assertThat(value(GOLDEN, "container_netstat_agent_resolve_duration_seconds")).isEqualTo(0.0025);
    assertThat(points(GOLDEN, "container_netstat_agent_resolver", "resolver", "docker")).hasSize(1);
    assertThat(value(GOLDEN, "container_netstat_agent_containers")).isEqualTo(10);
    assertThat(value(GOLDEN, "container_netstat_agent_resolver_warnings")).isEqualTo(1);
    assertThat(value(GOLDEN, "container_netstat_agent_last_collection_timestamp_seconds"))
        .isEqualTo(Fixtures.TIMESTAMP.toEpochMilli() / 1000.0);
  }

  @Test
  void namespacesLeftOutByTheLimitAreAGauge() {
    assertThat(value(GOLDEN, "container_netstat_agent_namespaces_not_collected")).isZero();
    Snapshot s = Fixtures.golden();
    Snapshot limited = new Snapshot(s.timestamp(), s.resolver(), s.resolveNanos(), s.durationNanos(), s.hostNetns(),
        s.hostWide(), s.files(), s.namespaces(), s.gone(), 2413, s.resolverError(), s.warnings(), s.filesystems());
    MetricSnapshots out = render(limited, PrometheusOptions.defaults());
    assertThat(value(out, "container_netstat_agent_namespaces_not_collected")).isEqualTo(2413);
    assertThat(value(out, "container_netstat_agent_namespaces", "state", "read"))
        .isEqualTo(value(GOLDEN, "container_netstat_agent_namespaces", "state", "read"));
  }

  @Test
  void supplierIsAskedOncePerScrape() {
    AtomicInteger calls = new AtomicInteger();
    Snapshot snapshot = Fixtures.golden();
    ContainerNetstatCollector collector = new ContainerNetstatCollector(() -> {
      calls.incrementAndGet();
      return snapshot;
    });
    assertThat(collector.lastSnapshot()).isEmpty();
    collector.collect();
    collector.collect();
    assertThat(calls).hasValue(2);
  }

  @Test
  void nullSnapshotIsReportedAsSuch() {
    ContainerNetstatCollector collector = new ContainerNetstatCollector(() -> null);
    assertThatThrownBy(collector::collect).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("supplier returned null");
  }

  @Test
  void filesystemSeriesNameTheContainerAsCadvisorAndTheMountAsNodeExporter() {
    List<DataPointSnapshot> size = points(GOLDEN, "container_filesystem_size_bytes",
        "mountpoint", "/usr/share/nginx/html");
    assertThat(size).hasSize(1);
    assertThat((Object) size.get(0).getLabels()).isEqualTo(Labels.of(
        "container", "nginx", "device", "/dev/vda1", "fstype", "ext4", "id", "a1" + "0".repeat(62),
        "image", "nginx:1.27", "mountpoint", "/usr/share/nginx/html", "name", "k8s_nginx_web-0_shop_6f1c2d3e_0",
        "namespace", "shop", "pod", "web-0"));
    assertThat(Series.value(size.get(0))).isEqualTo(270_549_118_976.0);
    String[] html = {"mountpoint", "/usr/share/nginx/html"};
    assertThat(value(GOLDEN, "container_filesystem_free_bytes", html)).isEqualTo(120_000_000_000.0);
    assertThat(value(GOLDEN, "container_filesystem_avail_bytes", html)).isEqualTo(106_472_546_304.0);
    assertThat(value(GOLDEN, "container_filesystem_files", html)).isEqualTo(16_777_216);
    assertThat(value(GOLDEN, "container_filesystem_files_free", html)).isEqualTo(15_998_012);
    assertThat(value(GOLDEN, "container_filesystem_readonly", html)).isEqualTo(1);
    assertThat(value(GOLDEN, "container_filesystem_device_error", html)).isEqualTo(0);
  }

  @Test
  void everyFilesystemFamilyIsAGaugeWithTheSameLabelNames() {
    List<String> expected = List.of("container", "device", "fstype", "id", "image", "mountpoint", "name",
        "namespace", "pod");
    List<MetricSnapshot> families = GOLDEN.stream()
        .filter(f -> f.getMetadata().getName().startsWith("container_filesystem_")).collect(Collectors.toList());
    assertThat(families).extracting(f -> f.getMetadata().getName()).containsExactlyInAnyOrder(
        "container_filesystem_size_bytes", "container_filesystem_free_bytes", "container_filesystem_avail_bytes",
        "container_filesystem_files", "container_filesystem_files_free", "container_filesystem_readonly",
        "container_filesystem_device_error");
    for (MetricSnapshot family : families) {
      assertThat(family).as(family.getMetadata().getName()).isInstanceOf(GaugeSnapshot.class);
      for (DataPointSnapshot p : family.getDataPoints()) {
        List<String> names = new java.util.ArrayList<>();
        p.getLabels().forEach(l -> names.add(l.getName()));
        assertThat(names).as("labels of %s %s", family.getMetadata().getName(), p.getLabels()).isEqualTo(expected);
      }
    }
  }

  @Test
  void eachContainerOfAPodHasItsOwnFilesystemSeriesAndTheSandboxNone() {
    assertThat(points(GOLDEN, "container_filesystem_size_bytes", "pod", "web-0", "mountpoint", "/"))
        .extracting(p -> p.getLabels().get("container")).containsExactlyInAnyOrder("nginx", "metrics", "logs");
    assertThat(points(GOLDEN, "container_filesystem_size_bytes", "name", "redis-exporter"))
        .as("a container sharing another's network namespace has its own filesystems").hasSize(1);
    assertThat(points(GOLDEN, "container_filesystem_size_bytes", "id", Fixtures.SANDBOX_ID)).isEmpty();
  }

  @Test
  void aMountWhoseFiguresFailedHasDeviceErrorAndReadonlyButNoFigures() {
    String[] logs = {"mountpoint", "/var/log/app"};
    assertThat(value(GOLDEN, "container_filesystem_device_error", logs)).isEqualTo(1);
    assertThat(value(GOLDEN, "container_filesystem_readonly", logs)).isEqualTo(0);
    for (String family : List.of("size_bytes", "free_bytes", "avail_bytes", "files", "files_free")) {
      assertThat(points(GOLDEN, "container_filesystem_" + family, logs)).as(family + ", never a 0").isEmpty();
    }
    assertThat(points(GOLDEN, "container_filesystem_device_error", "container", "logs", "mountpoint", "/"))
        .extracting(Series::value).containsExactly(0.0);
  }

  @Test
  void aContainerWhoseMountTableFailedHasNoSeriesAndEveryFailureIsCounted() {
    for (MetricSnapshot family : GOLDEN) {
      if (family.getMetadata().getName().startsWith("container_filesystem_")) {
        assertThat(family.getDataPoints()).noneMatch(p -> "legacy-app".equals(p.getLabels().get("name")));
      }
    }
    assertThat(value(GOLDEN, "container_netstat_agent_errors", "reason", "filesystem"))
        .as("the legacy container's mount table and the logs container's NFS mount").isEqualTo(2);
  }

  @Test
  void hostNetworkContainersHaveTheirFilesystemsExportedEitherWay() {
    String[] host = {"pod", "node-exporter-x7k2p", "mountpoint", "/host/root"};
    assertThat(value(GOLDEN, "container_filesystem_readonly", host)).isEqualTo(1);
    MetricSnapshots withHost = render(Fixtures.golden(), PrometheusOptions.defaults().withHostNetwork(true));
    assertThat(value(withHost, "container_filesystem_readonly", host)).isEqualTo(1);
    assertThat(points(withHost, "container_filesystem_size_bytes"))
        .noneMatch(p -> p.getLabels().contains("host_network"));
  }

  @Test
  void aFilesystemWithoutAnInodeLimitHasZeroFilesAsNodeExporterSays() {
    assertThat(value(GOLDEN, "container_filesystem_files", "fstype", "btrfs")).isEqualTo(0);
    assertThat(value(GOLDEN, "container_filesystem_files_free", "fstype", "btrfs")).isEqualTo(0);
  }

  @Test
  void filesystemLabelValuesAreEscapedByTheClient() {
    String text = PrometheusText.toText(Fixtures.golden(), PrometheusOptions.defaults());
    assertThat(text).contains("mountpoint=\"/data \\\"x\\\"\\\\y\"");
    assertThat(text).contains("pod=\"we\\\"ird\\\\pod\\nñame-日本\"");
  }

  @Test
  void filesystemsWhoseLabelsCollideAreExportedOnceAndCountedAsErrors() {
    ContainerFilesystems one = Fixtures.filesystems().get(1);
    Snapshot snapshot = new Snapshot(Fixtures.TIMESTAMP, "docker", 1, 2, null, null, EnumSet.allOf(ProcNetFile.class),
        List.of(), 0, null, List.of(), List.of(one, one));
    MetricSnapshots out = render(snapshot, PrometheusOptions.defaults());
    assertThat(points(out, "container_filesystem_size_bytes")).hasSize(1);
    assertThat(value(out, "container_netstat_agent_errors", "reason", "duplicate_labels")).isEqualTo(1);
  }

  @Test
  void withoutFilesystemsThereIsNoFilesystemFamilyAndTheirErrorsStartAtZero() {
    MetricSnapshots out = render(Fixtures.snapshot(Fixtures.TIMESTAMP,
        List.of(NamespaceSnapshot.read(Fixtures.redis(), Fixtures.procfsFixture()))), PrometheusOptions.defaults());
    assertThat(names(out)).noneMatch(n -> n.startsWith("container_filesystem_"));
    assertThat(value(out, "container_netstat_agent_errors", "reason", "filesystem")).isEqualTo(0);
  }

  @Test
  void aFailedMountKeepsTheReadOnlyStateOfItsTable() {
    FilesystemStat failedReadOnly = new FilesystemStat("/mnt/ro", "nfs4", "server:/ro", "0:80", true, 0, 0, 0, 0, 0, Failure.READ_ERROR, "ESTALE (stale file handle)");
    Snapshot snapshot = new Snapshot(Fixtures.TIMESTAMP, "docker", 1, 2, null, null, EnumSet.allOf(ProcNetFile.class),
        List.of(), 0, null, List.of(), List.of(new ContainerFilesystems(Fixtures.redis().containers().get(0),
            List.of(failedReadOnly), null, null)));
    MetricSnapshots out = render(snapshot, PrometheusOptions.defaults());
    assertThat(value(out, "container_filesystem_readonly", "mountpoint", "/mnt/ro")).isEqualTo(1);
    assertThat(value(out, "container_filesystem_device_error", "mountpoint", "/mnt/ro")).isEqualTo(1);
    assertThat(names(out)).doesNotContain("container_filesystem_size_bytes");
  }

  static MetricSnapshots render(Snapshot snapshot, PrometheusOptions options) {
    return PrometheusText.render(snapshot, options);
  }

  static Snapshot withTimestamp(Snapshot s, Instant timestamp) {
    return Snapshots.at(s, timestamp);
  }

  private static String text(MetricSnapshots snapshots) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.create().write(out, snapshots);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }
}
