package io.containernetstat.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.containernetstat.core.Container;
import io.containernetstat.core.Failure;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.NetnsStats;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.ProcNetFile;
import io.containernetstat.core.Snapshot;
import io.containernetstat.core.sockets.NamespaceSockets;
import io.containernetstat.testkit.ProcfsSamples;
import io.containernetstat.testkit.Snapshots;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code --sockets} in the table and the JSON document, from hand-built dumps. */
class SocketsReportTest {
  private static final NetnsTarget WEB = target(1001, "web");
  private static final NetnsTarget DB = target(1002, "db");
  private static final NetnsTarget BROKEN = target(1003, "broken");

  private static NetnsTarget target(long inode, String name) {
    Container c = Snapshots.dockerContainer(name + "-id", name, "busybox", inode, 1, null, null, false);
    return new NetnsTarget(inode, inode, 1, false, c.id(), null, List.of(c));
  }

  private static Snapshot snapshot(List<NamespaceSockets> sockets) {
    Set<ProcNetFile> files = ProcNetFile.defaults();
    NetnsStats stats = ProcfsSamples.liveStats(files, files);
    Snapshot s = Snapshots.of(Instant.EPOCH, files, List.of(NamespaceSnapshot.read(WEB, stats),
        NamespaceSnapshot.read(DB, stats), NamespaceSnapshot.read(BROKEN, stats)));
    return Snapshots.withSockets(s, sockets, sockets.isEmpty() ? 0 : 1_234_000);
  }

  private static final List<NamespaceSockets> STATES = List.of(
      NamespaceSockets.dumped(WEB, Snapshots.webSockets()),
      NamespaceSockets.dumped(DB, Snapshots.listenOnly()),
      NamespaceSockets.failed(BROKEN, Failure.PERMISSION_DENIED, "sock_diag of process 1003: needs CAP_SYS_ADMIN"));

  private static String render(ReportFormat format, Snapshot s) throws Exception {
    return FilesystemsReportTest.render(format, new Report("h", s, null, false));
  }

  private static String[] cells(String table, String name) {
    return table.lines().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow().trim().split(" {2,}");
  }

  @Test
  void theTableShowsCloseWaitAndTheFullestQueueAndEstabFromSockDiag() throws Exception {
    String table = render(new TableFormat(), snapshot(STATES));
    String[] headers = table.lines().findFirst().orElseThrow().trim().split(" +");
    assertThat(headers).endsWith("SOCKETS", "CLOSE_WAIT", "LISTEN_Q");
    String[] web = cells(table, "web");
    assertThat(headers[TableFormat.ESTAB]).isEqualTo("ESTAB");
    assertThat(web[TableFormat.ESTAB]).as("ESTAB: sock_diag's, not CurrEstab").isEqualTo("4");
    assertThat(web[web.length - 2]).isEqualTo("3");
    assertThat(web[web.length - 1]).isEqualTo("q 3/5 :8080");
    String[] db = cells(table, "db");
    assertThat(db[db.length - 2]).as("a listen-only dump has no CLOSE_WAIT").isEqualTo("-");
    assertThat(db[db.length - 1]).isEqualTo("q 0/244 :5432");
    String[] broken = cells(table, "broken");
    assertThat(broken[broken.length - 1]).isEqualTo("-");
    assertThat(table).contains("sockets failed: broken (pid 1003): sock_diag of process 1003: needs CAP_SYS_ADMIN")
        .contains("sockets 1.23 ms");
  }

  @Test
  void listenOnlyAddsOnlyTheQueueColumnAndKeepsCurrEstab() throws Exception {
    String table = render(new TableFormat(), snapshot(List.of(NamespaceSockets.dumped(WEB, Snapshots.listenOnly()))));
    String[] headers = table.lines().findFirst().orElseThrow().trim().split(" +");
    assertThat(headers).endsWith("SOCKETS", "LISTEN_Q").doesNotContain("CLOSE_WAIT");
    String without = render(new TableFormat(), snapshot(List.of()));
    assertThat(headers[TableFormat.ESTAB]).isEqualTo("ESTAB");
    assertThat(cells(table, "web")[TableFormat.ESTAB]).isEqualTo(cells(without, "web")[TableFormat.ESTAB]);
    assertThat(without).doesNotContain("LISTEN_Q").doesNotContain("sockets");
  }

  @Test
  void theJsonDocumentHasASocketsObjectPerNamespace() throws Exception {
    JsonNode doc = new ObjectMapper().readTree(render(new JsonFormat(), snapshot(STATES)));
    assertThat(doc.get("socketsMicros").asLong()).isEqualTo(1234);
    JsonNode web = doc.at("/namespaces/0/sockets");
    assertThat(web.at("/tcpStates/established").asLong()).isEqualTo(4);
    assertThat(web.at("/tcpStates/close_wait").asLong()).isEqualTo(3);
    assertThat(web.get("tcpStates").size()).isEqualTo(11);
    assertThat(web.at("/udpStates/listen").asLong()).isEqualTo(2);
    assertThat(web.at("/udpStates/dropped").asLong()).isEqualTo(5);
    assertThat(web.at("/udpStates/rxqueued").asLong()).isEqualTo(768);
    assertThat(web.at("/udpStates/txqueued").asLong()).isEqualTo(512);
    assertThat(web.get("listenerCount").asInt()).isEqualTo(4);
    assertThat(web.at("/listeners/0").toString())
        .isEqualTo("{\"address\":\"0.0.0.0\",\"port\":8080,\"queue\":3,\"limit\":5}");
    assertThat(web.get("listeners").size()).isEqualTo(3);
    assertThat(web.at("/listenersLeftOut/count").asInt()).isEqualTo(1);
    assertThat(web.at("/listenersLeftOut/limit").asInt()).isEqualTo(10);
    assertThat(web.get("establishedHash").asText()).isEqualTo("shared");
    assertThat(web.get("error").isNull()).isTrue();

    JsonNode db = doc.at("/namespaces/1/sockets");
    assertThat(db.has("tcpStates")).isFalse();
    assertThat(db.has("udpStates")).isFalse();
    assertThat(db.get("establishedHash").asText()).isEqualTo("own");

    JsonNode broken = doc.at("/namespaces/2/sockets");
    assertThat(broken.get("error").asText()).contains("CAP_SYS_ADMIN");
    assertThat(broken.has("listeners")).isFalse();
  }

  @Test
  void withoutSocketsTheJsonDocumentHasNoSocketKeys() throws Exception {
    JsonNode doc = new ObjectMapper().readTree(render(new JsonFormat(), snapshot(List.of())));
    assertThat(doc.has("socketsMicros")).isFalse();
    for (JsonNode ns : doc.get("namespaces")) {
      assertThat(ns.has("sockets")).isFalse();
      assertThat(ns.at("/sockstat/sockets/used").isNumber()).as("sockstat's own sockets line").isTrue();
    }
  }
}
