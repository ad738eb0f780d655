package io.containernetstat.sink.openfalcon;

import io.containernetstat.testkit.ProcfsSamples;
import io.containernetstat.testkit.Snapshots;

import static io.containernetstat.sink.openfalcon.TestSnapshots.PLAIN_TAGS;
import static io.containernetstat.sink.openfalcon.TestSnapshots.POD_TAGS;
import static io.containernetstat.sink.openfalcon.TestSnapshots.map;
import static io.containernetstat.sink.openfalcon.TestSnapshots.options;
import static io.containernetstat.sink.openfalcon.TestSnapshots.reference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.containernetstat.core.Container;
import io.containernetstat.core.LabelSelection;
import io.containernetstat.core.filesystem.ContainerFilesystems;
import io.containernetstat.core.filesystem.ContainerFilesystems.FilesystemStat;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.NetnsStats;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.Container.Pod;
import io.containernetstat.core.ProcNetFile;
import io.containernetstat.core.Snapshot;
import io.containernetstat.sink.openfalcon.internal.FalconJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenFalconMapperTest {
  /** The per-namespace items: not the per-container filesystem ones. */
  private static List<FalconItem> namespaceItems(List<FalconItem> items) {
    return items.stream().filter(i -> !i.metric().startsWith("container.df.")).collect(Collectors.toList());
  }

  private static List<FalconItem> withTags(List<FalconItem> items, String tags) {
    return items.stream().filter(i -> i.tags().equals(tags)).collect(Collectors.toList());
  }

  private static FalconItem only(List<FalconItem> items, String metric, String tags) {
    List<FalconItem> found = items.stream()
        .filter(i -> i.metric().equals(metric) && i.tags().equals(tags)).collect(Collectors.toList());
    assertThat(found).as("items %s {%s}", metric, tags).hasSize(1);
    return found.get(0);
  }

  @Test
  void referenceSnapshotMapsToTheGoldenPayload() {
    Golden.assertMatches("reference-default.json", FalconJson.write(map(options(), reference())));
  }

  @Test
  void referenceSnapshotWithHostNetworkAndHostWideMapsToTheGoldenPayload() {
    Golden.assertMatches("reference-host.json",
        FalconJson.write(map(options().includeHostNetwork(true).hostWide(true), reference())));
  }

  @Test
  void podWithThreeContainersIsPushedOnceNotTripled() {
    List<FalconItem> items = map(options(), reference());
    List<FalconItem> pod = withTags(items, POD_TAGS);
    Set<String> metrics = new HashSet<>();
    for (FalconItem item : pod) {
      assertThat(metrics.add(item.metric())).as("%s pushed twice for the pod", item.metric()).isTrue();
    }
    assertThat(pod).isNotEmpty();
    assertThat(items).noneMatch(i -> i.tags().contains("k8s_") || i.tags().contains("container="
        + "k8s"));
    Set<String> seriesKeys = new HashSet<>();
    for (FalconItem item : items) {
      assertThat(seriesKeys.add(item.metric() + " " + item.tags())).as("duplicate series %s {%s}", item.metric(),
          item.tags()).isTrue();
    }
  }

  @Test
  void podFiguresAreTheLiveCaptureValuesWithHonestTypes() {
    List<FalconItem> items = map(options(), reference());
    assertThat(only(items, "container.ss.estab", POD_TAGS).value()).isEqualTo(6);
    assertThat(only(items, "container.ss.timewait", POD_TAGS).value()).isEqualTo(1);
    assertThat(only(items, "container.ss.tcp.inuse", POD_TAGS).value()).as("TCP 5 + TCP6 3").isEqualTo(8);
    assertThat(only(items, "container.ss.udp.inuse", POD_TAGS).value()).as("UDP 2 + UDP6 1").isEqualTo(3);
    assertThat(only(items, "container.ss.sockets.used", POD_TAGS).value()).isEqualTo(12);
    for (FalconItem item : withTags(items, POD_TAGS)) {
      if (item.metric().startsWith("container.ss.")) {
        assertThat(item.counterType()).as(item.metric()).isEqualTo(CounterType.GAUGE);
      }
    }
    FalconItem estab = only(items, "container.Tcp.CurrEstab", POD_TAGS);
    assertThat(estab.counterType()).isEqualTo(CounterType.GAUGE);
    assertThat(estab.value()).isEqualTo(6);
    assertThat(only(items, "container.Ip.Forwarding", POD_TAGS).counterType()).isEqualTo(CounterType.GAUGE);
    FalconItem opens = only(items, "container.Tcp.ActiveOpens", POD_TAGS);
    assertThat(opens.counterType()).isEqualTo(CounterType.COUNTER);
    assertThat(opens.value()).isEqualTo(4);
    assertThat(only(items, "container.Tcp.RetransSegs", POD_TAGS).counterType()).isEqualTo(CounterType.COUNTER);
    assertThat(only(items, "container.TcpExt.ListenOverflows", POD_TAGS).counterType())
        .isEqualTo(CounterType.COUNTER);
    assertThat(only(items, "container.Udp.OutDatagrams", POD_TAGS).value()).isEqualTo(2);
    assertThat(only(items, "container.Ip6.OutOctets", POD_TAGS).counterType()).isEqualTo(CounterType.COUNTER);
    assertThat(only(items, "container.IpExt.InOctets", POD_TAGS).value()).isEqualTo(790);
    for (FalconItem item : items) {
      assertThat(item.endpoint()).isEqualTo("node-1.example");
      assertThat(item.step()).isEqualTo(60);
      assertThat(item.timestamp()).isEqualTo(TestSnapshots.TIME.getEpochSecond());
    }
  }

  @Test
  void hostNetworkNamespaceIsNotPushedByDefault() {
    List<FalconItem> items = namespaceItems(map(options(), reference()));
    assertThat(items).noneMatch(i -> i.tags().contains("netns") || i.tags().contains("node-exporter"));
    assertThat(items.stream().map(FalconItem::tags).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(POD_TAGS, PLAIN_TAGS);
  }

  @Test
  void hostNetworkNamespaceIsPushedTaggedNetnsHostWhenAsked() {
    List<FalconItem> items = namespaceItems(map(options().includeHostNetwork(true), reference()));
    assertThat(only(items, "container.ss.sockets.used", "netns=host").value()).isEqualTo(1602);
    assertThat(only(items, "container.ss.tcp.inuse", "netns=host").value()).as("TCP 35 + TCP6 17").isEqualTo(52);
    assertThat(items).noneMatch(i -> i.tags().contains("node-exporter"));
  }

  @Test
  void hostNetnsIsRecognisedByItsInodeEvenWhenTheTargetIsNotFlagged() {
    Snapshot s = reference();
    NetnsTarget unflagged = new NetnsTarget(TestSnapshots.HOST_INODE, 1, 1, false, null, null, List.of());
    Snapshot snapshot = new Snapshot(s.timestamp(), s.resolver(), 0, 0, s.hostNetns(), null, s.files(),
        List.of(NamespaceSnapshot.read(unflagged, TestSnapshots.hostStats())), 0, null, List.of(), List.of());
    assertThat(map(options(), snapshot)).isEmpty();
    assertThat(map(options().includeHostNetwork(true), snapshot)).allMatch(i -> i.tags().equals("netns=host"));
  }

  @Test
  void hostWideFieldsAreNeverPushedPerNamespace() {
    for (OpenFalconOptions.Builder o : List.of(options(), options().includeHostNetwork(true).hostWide(true))) {
      for (FalconItem item : map(o, reference())) {
        if (!item.tags().isEmpty()) {
          assertThat(item.metric()).as("{%s}", item.tags())
              .doesNotContain("orphan", "alloc", ".mem", "container.host.");
        }
      }
    }
  }

  @Test
  void hostWideFieldsArePushedOnceWithoutTagsWhenAsked() {
    assertThat(map(options(), reference())).noneMatch(i -> i.tags().isEmpty());
    List<FalconItem> host = withTags(map(options().hostWide(true), reference()), "");
    assertThat(host).extracting(FalconItem::metric).containsExactly(
        "container.host.tcp.orphan", "container.host.tcp.alloc", "container.host.tcp.mem", "container.host.udp.mem");
    assertThat(host).extracting(FalconItem::value).containsExactly(0L, 59L, 22L, 62L);
    assertThat(host).allMatch(i -> i.counterType() == CounterType.GAUGE);
  }

  @Test
  void theAgentsItemCountsTheNamespacesLeftOutAndIsNeverAmongTheNamespaceItems() {
    Snapshot s = reference();
    Snapshot limited = new Snapshot(s.timestamp(), s.resolver(), 0, 0, s.hostNetns(), s.hostWide(), s.files(),
        s.namespaces(), 0, 4412, null, List.of(), List.of());
    OpenFalconMapper mapper = new OpenFalconMapper(options().build());
    assertThat(mapper.map(limited)).noneMatch(i -> i.metric().startsWith("container.agent."));
    assertThat(mapper.agentItems(limited)).singleElement().satisfies(i -> {
      assertThat(i.metric()).isEqualTo(OpenFalconMapper.AGENT_NOT_COLLECTED);
      assertThat(i.value()).isEqualTo(4412);
      assertThat(i.tags()).isEmpty();
      assertThat(i.counterType()).isEqualTo(CounterType.GAUGE);
      assertThat(i.timestamp()).isEqualTo(s.timestamp().getEpochSecond());
    });
    assertThat(mapper.agentItems(s)).singleElement().extracting(FalconItem::value).isEqualTo(0L);
  }

  @Test
  void failedNamespacePushesNothingAndTheOthersStillDo() {
    List<FalconItem> items = map(options(), reference());
    assertThat(items).noneMatch(i -> i.tags().contains("broken") || i.tags().contains("eeeeeeee"));
    assertThat(withTags(items, POD_TAGS)).isNotEmpty();
    assertThat(withTags(items, PLAIN_TAGS)).isNotEmpty();
  }

  @Test
  void weirdContainerNameIsSanitisedAndTheIdShortened() {
    assertThat(OpenFalconMapper.tags(TestSnapshots.weirdPlainContainer())).isEqualTo(PLAIN_TAGS);
    assertThat(OpenFalconMapper.tags(TestSnapshots.pod())).isEqualTo(POD_TAGS);
  }

  @Test
  void withoutIpv6TheSummaryIsIpv4OnlyAndNoIpv6ItemIsInvented() {
    List<FalconItem> plain = withTags(map(options(), reference()), PLAIN_TAGS);
    assertThat(only(plain, "container.ss.tcp.inuse", PLAIN_TAGS).value()).isEqualTo(35);
    assertThat(only(plain, "container.ss.udp.inuse", PLAIN_TAGS).value()).isEqualTo(12);
    assertThat(only(plain, "container.ss.timewait", PLAIN_TAGS).value()).isEqualTo(4);
    assertThat(plain).noneMatch(i -> i.metric().contains("6.") || i.metric().contains("Ext."));
  }

  @Test
  void absentFilesGiveAbsentFiguresNotZeros() {
    NetnsStats onlySockstat = NetnsStats.of(Set.of(ProcNetFile.SOCKSTAT),
        Map.of(ProcNetFile.SOCKSTAT, ProcfsSamples.parse(ProcfsSamples.LIVE + "sockstat")));
    Snapshot snapshot = Snapshots.of(TestSnapshots.TIME, Set.of(ProcNetFile.SOCKSTAT),
        List.of(NamespaceSnapshot.read(TestSnapshots.pod(), onlySockstat)));
    assertThat(map(options(), snapshot)).extracting(FalconItem::metric).containsExactly(
        "container.ss.timewait", "container.ss.tcp.inuse", "container.ss.udp.inuse", "container.ss.sockets.used");
  }

  @Test
  void namespaceWithoutContainersIsTaggedByItsInode() {
    NetnsTarget bare = new NetnsTarget(4026539999L, 77, 1, false, null, null, List.of());
    assertThat(OpenFalconMapper.tags(bare)).isEqualTo("netns=4026539999");
  }

  @Test
  void plainContainerIsTaggedByTheNamespaceOwnerNotTheFirstContainer() {
    Container joiner = TestSnapshots.container("11".repeat(32), "/joiner", "", null, null, false);
    Container owner = TestSnapshots.container("22".repeat(32), "/owner", "", null, null, false);
    NetnsTarget target = new NetnsTarget(1, 2, 3, false, owner.id(), null, List.of(joiner, owner));
    assertThat(OpenFalconMapper.tags(target)).as("an empty image adds no tag").isEqualTo("container=owner,id=222222222222");
  }

  @Test
  void everyItemIsValidForFalconTransferGraphAndNightingale() throws Exception {
    ObjectMapper json = new ObjectMapper();
    Instant now = Instant.now();
    List<Snapshot> snapshots = List.of(reference(now), TestSnapshots.referenceWithSockets(now), longNames(now),
        TestSnapshots.many(20, now));
    for (Snapshot snapshot : snapshots) {
      List<FalconItem> items = map(options().includeHostNetwork(true).hostWide(true).fields(".*"), snapshot);
      assertThat(items).isNotEmpty();
      JsonNode array = json.readTree(FalconJson.write(items));
      for (JsonNode item : array) {
        assertThat(FalconRules.invalidReason(item, now.getEpochSecond())).as("%s", item).isNull();
      }
    }
  }

  @Test
  void longNamesAreCutWithinTheBudgetAndStayDistinct() {
    List<FalconItem> items = map(options().fields(".*"), longNames(TestSnapshots.TIME));
    Set<String> tags = items.stream().map(FalconItem::tags).collect(Collectors.toSet());
    assertThat(tags).as("three namespaces, three tag sets").hasSize(3);
    for (String t : tags) {
      assertThat(t.length()).as(t).isLessThanOrEqualTo(OpenFalconMapper.TAG_BUDGET);
    }
    int longestMetric = items.stream().mapToInt(i -> i.metric().length()).max().orElseThrow();
    assertThat(longestMetric).isLessThanOrEqualTo(OpenFalconMapper.MAX_METRIC_LENGTH);
    String plain = items.stream().map(FalconItem::tags).filter(t -> t.startsWith("container=")).findFirst()
        .orElseThrow();
    assertThat(plain).as("image is dropped before names are cut").doesNotContain("image=").contains(",id=abcdef012345");
  }

  private static final String WEB_ROOT_TAGS = "mount=_,fstype=overlay," + POD_TAGS + ",container=web";

  @Test
  void aFilesystemIsPushedUnderFalconAgentsDfNamesAsGauges() {
    List<FalconItem> root = withTags(map(options(), reference()), WEB_ROOT_TAGS);

    // 252 GiB, 150,549,118,976 used, 106,472,546,304 available to users: 58.6% -> 59 as df rounds.
    assertThat(root).extracting(FalconItem::metric, FalconItem::value).containsExactly(
        org.assertj.core.groups.Tuple.tuple("container.df.bytes.total", 270_549_118_976L),
        org.assertj.core.groups.Tuple.tuple("container.df.bytes.used", 150_549_118_976L),
        org.assertj.core.groups.Tuple.tuple("container.df.bytes.free", 106_472_546_304L),
        org.assertj.core.groups.Tuple.tuple("container.df.bytes.used.percent", 59L),
        org.assertj.core.groups.Tuple.tuple("container.df.bytes.free.percent", 41L),
        org.assertj.core.groups.Tuple.tuple("container.df.inodes.total", 16_777_216L),
        org.assertj.core.groups.Tuple.tuple("container.df.inodes.used", 779_204L),
        org.assertj.core.groups.Tuple.tuple("container.df.inodes.free", 15_998_012L),
        org.assertj.core.groups.Tuple.tuple("container.df.inodes.used.percent", 5L),
        org.assertj.core.groups.Tuple.tuple("container.df.inodes.free.percent", 95L));
    assertThat(root).allMatch(i -> i.counterType() == CounterType.GAUGE && !i.signed());
  }

  @ParameterizedTest(name = "size {0}, free {1}, available {2}: {3}% used")
  @CsvSource({
      "3, 2, 2, 34", "4, 2, 2, 50", "100, 100, 100, 0", "100, 0, 0, 100", "100, 10, 5, 95",
      "100, 10, 0, 100", "1000000, 1, 1, 100", "1000000, 999999, 999999, 1",
      "9223372036854775807, 4611686018427387904, 4611686018427387904, 50",
      "9223372036854775807, 1, 0, 100"})
  void usedPercentIsRoundedUpAsDfRoundsUsePercent(long size, long free, long avail, long percent) {
    FilesystemStat fs = new FilesystemStat("/d", "ext4", "/dev/vdd", "254:48", false, size, free, avail, 10, 5, null, null);

    List<OpenFalconMapper.Figure> figures = OpenFalconMapper.filesystemItems(fs);

    assertThat(figures).contains(new OpenFalconMapper.Figure("container.df.bytes.used.percent", percent),
        new OpenFalconMapper.Figure("container.df.bytes.free.percent", 100 - percent),
        new OpenFalconMapper.Figure("container.df.bytes.used", size - free),
        new OpenFalconMapper.Figure("container.df.bytes.free", avail));
  }

  @ParameterizedTest(name = "{0} inodes, {1} free: {2}% used")
  @CsvSource({"10, 5, 50", "3, 2, 34", "1000, 1000, 0", "1000, 0, 100", "9223372036854775807, 1, 100"})
  void inodesUsedPercentIsRoundedUpAsDfRoundsIUsePercent(long files, long free, long percent) {
    FilesystemStat fs = new FilesystemStat("/d", "ext4", "/dev/vdd", "254:48", false, 100, 50, 50, files, free, null, null);

    assertThat(OpenFalconMapper.filesystemItems(fs)).contains(
        new OpenFalconMapper.Figure("container.df.inodes.used", files - free),
        new OpenFalconMapper.Figure("container.df.inodes.used.percent", percent),
        new OpenFalconMapper.Figure("container.df.inodes.free.percent", 100 - percent));
  }

  @Test
  void filesystemTagsAreTheMountTheTypeAndTheContainerNotItsNamespace() {
    List<FalconItem> items = map(options(), reference());
    Set<String> tags = items.stream().filter(i -> i.metric().startsWith("container.df.")).map(FalconItem::tags)
        .collect(Collectors.toSet());

    assertThat(tags).containsExactlyInAnyOrder(
        WEB_ROOT_TAGS,
        "mount=_etc_web_d,fstype=ext4," + POD_TAGS + ",container=web",
        "mount=_var_cache_web,fstype=xfs," + POD_TAGS + ",container=web",
        "mount=_,fstype=overlay," + POD_TAGS + ",container=envoy",
        "mount=_dev_shm,fstype=tmpfs," + POD_TAGS + ",container=envoy",
        "mount=_,fstype=overlay," + PLAIN_TAGS,
        "mount=_srv_data_base,fstype=btrfs," + PLAIN_TAGS,
        "mount=_,fstype=overlay,container=node-exporter,id=dddddddddddd,image=prom_node-exporter_v1_8_0");
  }

  @Test
  void noInodeCountNoBlocksAFailedMountAndAFailedTablePushNothingOfTheirs() {
    List<FalconItem> items = map(options(), reference());

    assertThat(withTags(items, "mount=_srv_data_base,fstype=btrfs," + PLAIN_TAGS)).extracting(FalconItem::metric)
        .as("btrfs has no inode count: no inode items").containsExactly("container.df.bytes.total",
            "container.df.bytes.used", "container.df.bytes.free", "container.df.bytes.used.percent",
            "container.df.bytes.free.percent");
    assertThat(items).as("a FUSE mount without blocks or inodes").noneMatch(i -> i.tags().contains("mount=_mnt_remote"));
    assertThat(items).as("a dead NFS mount").noneMatch(i -> i.tags().contains("mount=_mnt_nfs"));
    assertThat(items).as("a container whose mount table failed").noneMatch(i -> i.tags().contains("broken"));
  }

  @Test
  void aHostNetworkContainersFilesystemsArePushedThoughItsNamespaceIsNot() {
    List<FalconItem> items = map(options(), reference());

    assertThat(items).anyMatch(i -> i.metric().equals("container.df.bytes.total")
        && i.tags().contains("container=node-exporter"));
    assertThat(namespaceItems(items)).noneMatch(i -> i.tags().contains("node-exporter"));
  }

  @Test
  void mountPointsThatReadTheSameOnceSanitisedArePushedOnce() {
    Container c = TestSnapshots.weirdPlainContainer().containers().get(0);
    FilesystemStat dotted = new FilesystemStat("/a.b", "tmpfs", "tmpfs", "0:80", false, 100, 50, 50, 10, 5, null, null);
    FilesystemStat underscored = new FilesystemStat("/a_b", "tmpfs", "tmpfs", "0:81", false, 200, 50, 50, 10, 5, null, null);
    Snapshot snapshot = new Snapshot(TestSnapshots.TIME, "docker", 0, 0, null, null, Set.of(), List.of(), 0, null,
        List.of(), List.of(new ContainerFilesystems(c, List.of(dotted, underscored), null, null)));

    List<FalconItem> items = map(options(), snapshot);

    assertThat(only(items, "container.df.bytes.total", "mount=_a_b,fstype=tmpfs," + PLAIN_TAGS).value())
        .as("the first").isEqualTo(100);
  }

  @Test
  void longMountPointsAreCutWithinTheBudgetAndStayDistinct() {
    Pod pod = new Pod("n".repeat(63), "p".repeat(253), "");
    Container c = new Container("ab".repeat(32), "k8s_x", "img", "containerd", 1, 1, Map.of(), pod, "c".repeat(63),
        false);
    String stem = "/" + "d".repeat(300);
    Snapshot snapshot = new Snapshot(TestSnapshots.TIME, "docker", 0, 0, null, null, Set.of(), List.of(), 0, null,
        List.of(), List.of(new ContainerFilesystems(c, List.of(
            new FilesystemStat(stem + "1", "ext4", "/dev/vde", "254:64", false, 100, 50, 50, 10, 5, null, null),
            new FilesystemStat(stem + "2", "ext4", "/dev/vde", "254:64", false, 100, 50, 50, 10, 5, null, null)), null, null)));

    List<FalconItem> items = map(options(), snapshot);

    Set<String> tags = items.stream().map(FalconItem::tags).collect(Collectors.toSet());
    assertThat(tags).as("two mounts, two tag sets").hasSize(2);
    assertThat(tags).allSatisfy(t -> assertThat(t.length()).as(t).isLessThanOrEqualTo(OpenFalconMapper.TAG_BUDGET))
        .allSatisfy(t -> assertThat(t).contains("mount=", "fstype=ext4", "container="));
  }

  @Test
  void withoutFilesystemsNothingChangesForTheNamespaces() {
    Snapshot s = reference();
    Snapshot without = new Snapshot(s.timestamp(), s.resolver(), s.resolveNanos(), s.durationNanos(), s.hostNetns(),
        s.hostWide(), s.files(), s.namespaces(), s.gone(), s.resolverError(), s.warnings(), List.of());

    assertThat(map(options(), without)).isEqualTo(namespaceItems(map(options(), s)));
  }

  /** Two pods whose 253-character names differ only at the end, and a plain container with huge names. */
  private static Snapshot longNames(Instant timestamp) {
    String stem = "a".repeat(250);
    Pod p1 = new Pod("n".repeat(63), stem + "-x1", "");
    Pod p2 = new Pod("n".repeat(63), stem + "-x2", "");
    String id = "abcdef0123456789".repeat(4);
    Container big = TestSnapshots.container(id, "/" + "c".repeat(200), "registry/" + "i".repeat(200), null, null,
        false);
    NetnsStats stats = TestSnapshots.liveStats();
    return Snapshots.of(timestamp, TestSnapshots.ALL_FILES, List.of(
        NamespaceSnapshot.read(new NetnsTarget(1, 1, 1, false, null, p1, List.of()), stats),
        NamespaceSnapshot.read(new NetnsTarget(2, 2, 1, false, null, p2, List.of()), stats),
        NamespaceSnapshot.read(new NetnsTarget(3, 3, 1, false, id, null, List.of(big)), stats)));
  }

  @Test
  void fieldSelectionIsConfigurable() {
    List<FalconItem> items = withTags(
        map(options().fields("Tcp_RetransSegs|TcpExt_ListenDrops"), reference()), POD_TAGS);
    assertThat(items).extracting(FalconItem::metric).containsExactly(
        "container.ss.estab", "container.ss.timewait", "container.ss.tcp.inuse", "container.ss.udp.inuse",
        "container.ss.sockets.used", "container.Tcp.RetransSegs", "container.TcpExt.ListenDrops");
  }

  @ParameterizedTest(name = "{0} selected by default: {1}")
  @CsvSource({
      "Tcp_CurrEstab, true", "Tcp_RetransSegs, true", "Tcp_InErrs, true", "Tcp_MaxConn, false",
      "Tcp_RtoMin, false", "TcpExt_ListenOverflows, true", "TcpExt_ListenDrops, true",
      "TcpExt_SyncookiesSent, true", "TcpExt_TCPTimeouts, true", "TcpExt_TCPAbortOnData, false",
      "Udp_InErrors, true", "Udp_RcvbufErrors, true", "UdpLite_InErrors, true", "Udp6_InDatagrams, true",
      "Udp_IgnoredMulti, false", "Ip_Forwarding, true", "Ip_DefaultTTL, false", "IpExt_InOctets, true",
      "Ip6_OutOctets, true", "Icmp_InMsgs, true", "Icmp6_OutMsgs, true", "MPTcpExt_MPCapableSYNRX, false"})
  void defaultSelectionIsNodeExportersNetstatFields(String field, boolean selected) {
    assertThat(OpenFalconOptions.builder().endpoint("h").build().selection().fields().matcher(field).matches())
        .isEqualTo(selected);
  }

  @Test
  void unsignedValuesAboveLongMaxAndSignedValuesAreWrittenExactly() {
    String snmp = "Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets "
        + "CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors\n"
        + "Tcp: 1 200 120000 -1 4 4 0 0 6 18 18446744073709551615 9223372036854775808 0 0 0\n";
    NetnsStats stats = NetnsStats.of(Set.of(ProcNetFile.SNMP),
        Map.of(ProcNetFile.SNMP, ProcfsSamples.parse(ProcNetFile.SNMP, snmp)));
    Snapshot snapshot = Snapshots.of(TestSnapshots.TIME, Set.of(ProcNetFile.SNMP),
        List.of(NamespaceSnapshot.read(TestSnapshots.pod(), stats)));
    String json = new String(FalconJson.write(
        map(options().fields("Tcp_(MaxConn|OutSegs|RetransSegs)"), snapshot)), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(json)
        .contains("\"metric\":\"container.Tcp.MaxConn\",\"value\":-1,")
        .contains("\"metric\":\"container.Tcp.OutSegs\",\"value\":18446744073709551615,")
        .contains("\"metric\":\"container.Tcp.RetransSegs\",\"value\":9223372036854775808,");
  }

  @Test
  void bodyIsACompactArrayWithIntegerStepAndTimestamp() {
    String json = new String(FalconJson.write(map(options().step(java.time.Duration.ofSeconds(30)), reference())),
        java.nio.charset.StandardCharsets.UTF_8);
    assertThat(json).startsWith("[{\"endpoint\":\"node-1.example\",\"metric\":\"container.ss.estab\",\"value\":6,"
        + "\"step\":30,\"counterType\":\"GAUGE\",\"tags\":\"" + POD_TAGS + "\",\"timestamp\":1767323045}")
        .endsWith("}]").doesNotContain(" ", "\n", ".0,");
    assertThat(FalconJson.write(List.of())).asString().isEqualTo("[]");
  }

  @Test
  void mappingIsPureAndRepeatable() {
    OpenFalconMapper mapper = new OpenFalconMapper(options().build());
    List<FalconItem> first = mapper.map(reference());
    List<FalconItem> second = mapper.map(reference());
    assertThat(second).isEqualTo(first);
    assertThat(new ArrayList<>(first)).isEqualTo(map(options(), reference()));
  }

  @Test
  void timestampBeforeTheEpochIsRefused() {
    assertThatThrownBy(() -> map(options(), reference(Instant.EPOCH)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timestamp <= 0");
  }

  @Test
  void selectedContainerLabelsAreTagsOfTheNamespacesItemsAndOffByDefault() {
    Container web = new Container(TestSnapshots.PLAIN_ID, "/web", "nginx:1.25", "docker", 10, 1,
        Map.of("com.example.team", "shop", "com.example.secret", "x", "tier", "edge"), null, null, false);
    Snapshot snapshot = Snapshots.of(TestSnapshots.TIME, TestSnapshots.ALL_FILES, List.of(NamespaceSnapshot.read(
        new NetnsTarget(TestSnapshots.PLAIN_INODE, 10, 1, false, web.id(), null, List.of(web)),
        TestSnapshots.liveStats())));
    String plain = "container=web,id=3f4e5d6c7b8a,image=nginx_1_25";
    assertThat(map(options(), snapshot)).isNotEmpty().allMatch(i -> i.tags().equals(plain));
    List<FalconItem> items = map(options().containerLabels(LabelSelection.matching("com\\.example\\.team|tier")),
        snapshot);
    assertThat(items).isNotEmpty().allMatch(i -> i.tags().equals(
        plain + ",container_label_com_example_team=shop,container_label_tier=edge"), "tagged with the labels");
  }
}
