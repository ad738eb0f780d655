package io.containernetstat.sink.openfalcon;

import static io.containernetstat.sink.openfalcon.TestSnapshots.PLAIN_TAGS;
import static io.containernetstat.sink.openfalcon.TestSnapshots.POD_TAGS;
import static io.containernetstat.sink.openfalcon.TestSnapshots.TIME;
import static io.containernetstat.sink.openfalcon.TestSnapshots.map;
import static io.containernetstat.sink.openfalcon.TestSnapshots.options;
import static io.containernetstat.sink.openfalcon.TestSnapshots.reference;
import static io.containernetstat.sink.openfalcon.TestSnapshots.referenceWithSockets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.containernetstat.core.Container.Pod;
import io.containernetstat.core.Failure;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.Snapshot;
import io.containernetstat.core.sockets.Listener;
import io.containernetstat.core.sockets.NamespaceSockets;
import io.containernetstat.core.sockets.SocketStats;
import io.containernetstat.core.sockets.SocketStats.EstablishedHash;
import io.containernetstat.core.sockets.SocketStats.LeftOut;
import io.containernetstat.core.sockets.TcpState;
import io.containernetstat.sink.openfalcon.internal.FalconJson;
import io.containernetstat.testkit.Snapshots;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The socket items ({@link Snapshot#sockets()}) and the agent's socket dump time. */
class OpenFalconMapperSocketsTest {
  /** The socket items: those whose metric is one of the socket names. */
  private static List<FalconItem> socketItems(List<FalconItem> items) {
    return items.stream().filter(i -> i.metric().startsWith("container.tcp.")
        || i.metric().startsWith("container.udp.")).collect(Collectors.toList());
  }

  private static List<FalconItem> withTagsEnding(List<FalconItem> items, String namespaceTags) {
    return items.stream().filter(i -> i.tags().equals(namespaceTags) || i.tags().endsWith("," + namespaceTags))
        .collect(Collectors.toList());
  }

  /**
   * {@return one line per item: its metric, the tags it has before the namespace's (if any), its value}
   *
   * @param items items whose tags are or end with {@code namespaceTags}
   */
  private static String lines(List<FalconItem> items, String namespaceTags) {
    StringBuilder out = new StringBuilder();
    for (FalconItem item : items) {
      String own = item.tags().substring(0, Math.max(0, item.tags().length() - namespaceTags.length() - 1));
      out.append(item.metric()).append(own.isEmpty() ? "" : " " + own).append(' ').append(item.value()).append('\n');
    }
    return out.toString();
  }

  private static Snapshot withSockets(NetnsTarget target, SocketStats stats) {
    return Snapshots.withSockets(reference(), List.of(NamespaceSockets.dumped(target, stats)), 1);
  }

  @Test
  void referenceSnapshotWithSocketsPushesTheGoldenPayload() {
    OpenFalconMapper mapper = new OpenFalconMapper(options().build());
    Golden.assertMatches("reference-sockets.json", FalconJson.write(mapper.pushItems(referenceWithSockets(TIME))));
  }

  @Test
  void aStatesDumpGivesEveryTcpStateTheUdpFiguresTheListenersAndTheHashInThatOrder() {
    List<FalconItem> pod = withTagsEnding(socketItems(map(options(), referenceWithSockets(TIME))), POD_TAGS);

    assertThat(lines(pod, POD_TAGS)).isEqualTo("""
        container.tcp.state.established 4
        container.tcp.state.syn_sent 1
        container.tcp.state.syn_recv 0
        container.tcp.state.fin_wait1 0
        container.tcp.state.fin_wait2 0
        container.tcp.state.time_wait 2
        container.tcp.state.close 0
        container.tcp.state.close_wait 3
        container.tcp.state.last_ack 0
        container.tcp.state.listen 4
        container.tcp.state.closing 0
        container.udp.state.listen 2
        container.udp.state.dropped 5
        container.udp.state.rxqueued 768
        container.udp.state.txqueued 512
        container.tcp.listeners 4
        container.tcp.listeners.left_out 1
        container.tcp.listen.queue port=8080,address=0_0_0_0 3
        container.tcp.listen.limit port=8080,address=0_0_0_0 5
        container.tcp.listen.queue port=8080,address=__ 0
        container.tcp.listen.limit port=8080,address=__ 128
        container.tcp.listen.queue port=9090 0
        container.tcp.listen.limit port=9090 4096
        container.tcp.listen.queue port=other 2
        container.tcp.listen.limit port=other 10
        container.tcp.ehash.own 0
        """);
    assertThat(pod).allMatch(i -> i.counterType() == CounterType.GAUGE && !i.signed());
  }

  @Test
  void aListenersOnlyDumpGivesNoStateItems() {
    List<FalconItem> plain = withTagsEnding(socketItems(map(options(), referenceWithSockets(TIME))), PLAIN_TAGS);

    assertThat(lines(plain, PLAIN_TAGS)).isEqualTo("""
        container.tcp.listeners 1
        container.tcp.listeners.left_out 0
        container.tcp.listen.queue port=5432 0
        container.tcp.listen.limit port=5432 244
        container.tcp.ehash.own 1
        """);
  }

  @Test
  void theNamesAreThePublicConstants() {
    assertThat(OpenFalconMapper.tcpStateMetric(TcpState.CLOSE_WAIT)).isEqualTo("container.tcp.state.close_wait");
    for (TcpState state : TcpState.values()) {
      assertThat(OpenFalconMapper.tcpStateMetric(state)).isEqualTo(OpenFalconMapper.TCP_STATE + state.label());
    }
    assertThat(List.of(OpenFalconMapper.UDP_LISTEN, OpenFalconMapper.UDP_DROPPED, OpenFalconMapper.UDP_RXQUEUED,
        OpenFalconMapper.UDP_TXQUEUED, OpenFalconMapper.LISTEN_QUEUE, OpenFalconMapper.LISTEN_LIMIT,
        OpenFalconMapper.LISTENERS, OpenFalconMapper.LISTENERS_LEFT_OUT, OpenFalconMapper.EHASH_OWN,
        OpenFalconMapper.AGENT_SOCKETS_DURATION)).containsExactly("container.udp.state.listen",
        "container.udp.state.dropped", "container.udp.state.rxqueued", "container.udp.state.txqueued",
        "container.tcp.listen.queue", "container.tcp.listen.limit", "container.tcp.listeners",
        "container.tcp.listeners.left_out", "container.tcp.ehash.own", "container.agent.sockets.duration.ms");
  }

  @Test
  void listenersSharingOnePortAndAddressAreSummedWithoutAnAddressTag() {
    SocketStats reusePort = new SocketStats(Map.of(), Optional.empty(), List.of(
        new Listener("0.0.0.0", 80, 1, 511), new Listener("0.0.0.0", 80, 2, 511), new Listener("0.0.0.0", 443, 0, 511)),
        LeftOut.NONE, EstablishedHash.SHARED);

    List<FalconItem> items = socketItems(map(options(), withSockets(TestSnapshots.pod(), reusePort)));

    assertThat(lines(items, POD_TAGS)).isEqualTo("""
        container.tcp.listeners 3
        container.tcp.listeners.left_out 0
        container.tcp.listen.queue port=80 3
        container.tcp.listen.limit port=80 1022
        container.tcp.listen.queue port=443 0
        container.tcp.listen.limit port=443 511
        container.tcp.ehash.own 0
        """);
  }

  @Test
  void everySocketItemOfANamespaceIsItsOwnSeries() {
    Set<String> series = new HashSet<>();
    for (FalconItem item : map(options().includeHostNetwork(true), referenceWithSockets(TIME))) {
      assertThat(series.add(item.metric() + " " + item.tags())).as("duplicate series %s {%s}", item.metric(),
          item.tags()).isTrue();
    }
  }

  @Test
  void anUnknownEstablishedHashGivesNoItemAndNoListenersGiveNoListenItems() {
    SocketStats none = new SocketStats(Map.of(), Optional.empty(), List.of(), LeftOut.NONE, EstablishedHash.UNKNOWN);

    assertThat(socketItems(map(options(), withSockets(TestSnapshots.pod(), none))))
        .extracting(FalconItem::metric, FalconItem::value)
        .containsExactly(tuple("container.tcp.listeners", 0L), tuple("container.tcp.listeners.left_out", 0L));
  }

  @Test
  void aFailedDumpPushesNoSocketItemsButTheAgentsTime() {
    Snapshot failed = Snapshots.withSockets(reference(), List.of(NamespaceSockets.failed(TestSnapshots.pod(),
        Failure.PERMISSION_DENIED, "sock_diag in pid 2001's namespace: setns needs CAP_SYS_ADMIN")), 1_000_000);
    OpenFalconMapper mapper = new OpenFalconMapper(options().build());

    assertThat(socketItems(mapper.map(failed))).isEmpty();
    assertThat(mapper.map(failed)).as("the namespace's other items stay").isEqualTo(mapper.map(reference()));
    assertThat(mapper.agentItems(failed)).extracting(FalconItem::metric, FalconItem::value)
        .containsExactly(tuple(OpenFalconMapper.AGENT_NOT_COLLECTED, 0L), tuple(OpenFalconMapper.AGENT_SOCKETS_DURATION, 1L));
    assertThat(failed.errorsByReason()).containsEntry("sockets", 1);
  }

  @Test
  void theHostsNamespaceSocketsFollowTheHostNetworkOption() {
    assertThat(map(options(), referenceWithSockets(TIME))).noneMatch(i -> i.tags().contains("netns=host"));

    List<FalconItem> host = withTagsEnding(socketItems(map(options().includeHostNetwork(true),
        referenceWithSockets(TIME))), "netns=host");

    assertThat(host).hasSize(26);
    assertThat(host).extracting(FalconItem::tags).contains("netns=host", "port=8080,address=0_0_0_0,netns=host",
        "port=9090,netns=host", "port=other,netns=host");
  }

  @Test
  void theFieldSelectionDoesNotApplyToSocketItems() {
    Snapshot s = referenceWithSockets(TIME);

    assertThat(socketItems(map(options().fields("Tcp_RetransSegs"), s))).isEqualTo(socketItems(map(options(), s)))
        .hasSize(26 + 5);
  }

  @Test
  void socketItemsFollowTheNamespacesItemsAndPrecedeTheFilesystems() {
    List<FalconItem> items = map(options(), referenceWithSockets(TIME));
    List<String> metrics = items.stream().map(FalconItem::metric).collect(Collectors.toList());

    int firstSocket = metrics.indexOf("container.tcp.state.established");
    assertThat(metrics.subList(0, firstSocket)).noneMatch(m -> m.startsWith("container.tcp.")
        || m.startsWith("container.df."));
    assertThat(metrics.subList(firstSocket, firstSocket + 31)).allMatch(m -> m.startsWith("container.tcp.")
        || m.startsWith("container.udp."));
    assertThat(metrics.subList(firstSocket + 31, metrics.size())).allMatch(m -> m.startsWith("container.df."));
  }

  @Test
  void theAgentsSocketTimeIsPushedInMillisecondsRoundedUpOnlyWhenSocketsAreDumped() {
    OpenFalconMapper mapper = new OpenFalconMapper(options().build());
    Snapshot none = reference();

    assertThat(mapper.agentItems(none)).extracting(FalconItem::metric).containsExactly(OpenFalconMapper.AGENT_NOT_COLLECTED);
    assertThat(mapper.agentItems(referenceWithSockets(TIME))).last().satisfies(i -> {
      assertThat(i.metric()).isEqualTo("container.agent.sockets.duration.ms");
      assertThat(i.value()).as("2.345678 ms").isEqualTo(3);
      assertThat(i.tags()).isEmpty();
      assertThat(i.counterType()).isEqualTo(CounterType.GAUGE);
    });
    assertThat(mapper.agentItems(Snapshots.withSockets(none, List.of(), 4_000_000))).as("every process exited")
        .extracting(FalconItem::metric, FalconItem::value)
        .containsExactly(tuple(OpenFalconMapper.AGENT_NOT_COLLECTED, 0L), tuple(OpenFalconMapper.AGENT_SOCKETS_DURATION, 4L));
    assertThat(mapper.agentItems(withSockets(TestSnapshots.pod(), Snapshots.listenOnly()))).last()
        .extracting(FalconItem::value).as("1 ns").isEqualTo(1L);
  }

  @Test
  void longTagsAndLongAddressesStayValidForEveryReceiver() throws Exception {
    Pod pod = new Pod("n".repeat(63), "p".repeat(253), "");
    NetnsTarget target = new NetnsTarget(9, 9, 1, false, null, pod, List.of());
    String longest = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
    SocketStats stats = new SocketStats(Map.of(), Optional.empty(), List.of(
        new Listener("::ffff:255.255.255.255", 65535, 0, 1), new Listener(longest, 65535, 1, 2)),
        new LeftOut(3, 0, 3), EstablishedHash.OWN);
    Instant now = Instant.now();
    Snapshot snapshot = Snapshots.withSockets(Snapshots.at(reference(), now),
        List.of(NamespaceSockets.dumped(target, stats)), 1);

    List<FalconItem> items = socketItems(map(options(), snapshot));

    String namespaceTags = OpenFalconMapper.tags(target);
    assertThat(items).hasSize(9).allSatisfy(i -> assertThat(i.tags()).endsWith(namespaceTags));
    assertThat(items).extracting(FalconItem::tags).contains("port=65535,address=ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff,"
        + namespaceTags, "port=65535,address=__ffff_255_255_255_255," + namespaceTags);
    for (JsonNode item : new ObjectMapper().readTree(FalconJson.write(items))) {
      assertThat(FalconRules.invalidReason(item, now.getEpochSecond())).as("%s", item).isNull();
    }
  }
}
