package io.containernetstat.sockdiag;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.kernel.Environment;
import io.containernetstat.core.kernel.NetnsFixture;
import io.containernetstat.core.kernel.SocketSpec;
import io.containernetstat.core.sockets.Listener;
import io.containernetstat.core.sockets.NamespaceSockets;
import io.containernetstat.core.sockets.SocketStats;
import io.containernetstat.core.sockets.SocketStats.EstablishedHash;
import io.containernetstat.testkit.OpenDescriptors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SockDiagProbe} over real namespaces: the listener limit against {@code ss -ltn}, a namespace
 * that goes, and the established hash's scope as {@code net.ipv4.tcp_child_ehash_entries} made it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SockDiagProbeKernelTest {
  private static final Path CHILD_EHASH = Path.of("/proc/sys/net/ipv4/tcp_child_ehash_entries");

  @BeforeAll
  static void needNamespaces() {
    Environment.requireNetworkNamespaces();
    Environment.requireOrSkip(SockDiag.checkPrivilege().isEmpty(),
        "entering network namespaces needs CAP_SYS_ADMIN: " + SockDiag.checkPrivilege().orElse(""));
  }

  private static NetnsTarget target(NetnsFixture ns) {
    return new NetnsTarget(ns.netnsInode(), ns.pid(), ns.startTime(), false, null, null, List.of());
  }

  @Test
  void listenersBeyondTheLimitAreSummedAndTheLowestPortsKept() throws Exception {
    try (NetnsFixture ns = NetnsFixture.start(SocketSpec.empty().withListeners(5, 0).withListenOverflow(2));
        SockDiagProbe probe = new SockDiagProbe(DumpKind.LISTEN, 3)) {
      NamespaceSockets dumped = probe.probe(List.of(target(ns))).get(0);

      List<SsOracle.Row> ss = new ArrayList<>(SsOracle.rows(ns, "-ltnH"));
      ss.sort(Comparator.comparingInt(SsOracle.Row::port));
      assertThat(ss).hasSize(6);
      SocketStats stats = dumped.stats();
      assertThat(stats.listeners()).extracting(Listener::port)
          .containsExactly(ss.get(0).port(), ss.get(1).port(), ss.get(2).port());
      List<SsOracle.Row> rest = ss.subList(3, 6);
      assertThat(stats.leftOut().count()).isEqualTo(3);
      assertThat(stats.leftOut().queue()).isEqualTo(rest.stream().mapToLong(SsOracle.Row::recvQ).sum());
      assertThat(stats.leftOut().limit()).isEqualTo(rest.stream().mapToLong(SsOracle.Row::sendQ).sum());
      assertThat(stats.listenerCount()).isEqualTo(6);
    }
  }

  @Test
  void aNamespaceThatGoesIsLeftOutAndItsSocketClosed() throws Exception {
    List<String> before = SocketLinks.now();
    try (SockDiagProbe probe = new SockDiagProbe(DumpKind.STATES, 32);
        NetnsFixture kept = NetnsFixture.start(SocketSpec.empty().withListeners(1, 0));
        NetnsFixture going = NetnsFixture.start(SocketSpec.empty().withListeners(1, 0))) {
      assertThat(probe.probe(List.of(target(kept), target(going)))).allMatch(NamespaceSockets::ok).hasSize(2);
      assertThat(SocketLinks.added(before)).hasSize(2);

      assertThat(OpenDescriptors.count("/proc/" + going.pid() + "/stat")).as("its stat, held").isEqualTo(1);

      going.kill();
      List<NamespaceSockets> second = probe.probe(List.of(target(kept), target(going)));
      assertThat(second).extracting(s -> s.target().pid()).containsExactly(kept.pid());
      assertThat(probe.heldSockets()).isEqualTo(1);
      assertThat(SocketLinks.added(before)).hasSize(1);
      assertThat(OpenDescriptors.count("/proc/" + going.pid() + "/stat")).as("the gone one's stat").isZero();

      assertThat(probe.probe(List.of())).isEmpty();
      assertThat(probe.heldSockets()).as("not asked for: released").isZero();
      assertThat(SocketLinks.added(before)).isEmpty();
      assertThat(OpenDescriptors.count("/proc/" + kept.pid() + "/stat")).isZero();
    }
  }

  @Test
  void aProcessThatDoesNotExistIsLeftOutAndTheOthersDumped() throws Exception {
    try (SockDiagProbe probe = new SockDiagProbe(DumpKind.LISTEN, 32);
        NetnsFixture ns = NetnsFixture.start(SocketSpec.empty())) {
      NetnsTarget noSuchProcess = new NetnsTarget(1, Integer.MAX_VALUE, 1, false, null, null, List.of());
      List<NamespaceSockets> out = probe.probe(List.of(noSuchProcess, target(ns)));
      assertThat(out).extracting(s -> s.target().pid()).containsExactly(ns.pid());
      assertThat(out.get(0).ok()).isTrue();
      assertThat(out.get(0).failure()).isNull();
    }
  }

  @Test
  void processesAreReachedThroughTheGivenProcRoot(@TempDir Path dir) throws Exception {
    try (NetnsFixture ns = NetnsFixture.start(SocketSpec.empty().withListeners(1, 0))) {
      Files.createSymbolicLink(dir.resolve(Long.toString(ns.pid())), Path.of("/proc", Long.toString(ns.pid())));
      try (SockDiagProbe through = new SockDiagProbe(new ProcRoot(dir), DumpKind.LISTEN, 32, false);
          SockDiagProbe empty = new SockDiagProbe(new ProcRoot(dir.resolve("none")), DumpKind.LISTEN, 32, false)) {
        assertThat(through.probe(List.of(target(ns)))).singleElement().matches(NamespaceSockets::ok);
        assertThat(empty.probe(List.of(target(ns)))).as("not in that proc root: gone").isEmpty();
      }
    }
  }

  @Test
  void theHostsNamespaceIsDumpedOnlyWhenAsked() throws Exception {
    try (NetnsFixture ns = NetnsFixture.start(SocketSpec.empty().withListeners(1, 0));
        SockDiagProbe without = new SockDiagProbe(DumpKind.LISTEN, 32);
        SockDiagProbe with = new SockDiagProbe(ProcRoot.DEFAULT, DumpKind.LISTEN, 32, true)) {
      NetnsTarget host = new NetnsTarget(ns.netnsInode(), ns.pid(), ns.startTime(), true, null, null, List.of());
      assertThat(without.probe(List.of(host, target(ns)))).extracting(s -> s.target().hostNetwork())
          .containsExactly(false);
      assertThat(without.heldSockets()).isEqualTo(1);
      assertThat(with.probe(List.of(host))).singleElement().matches(NamespaceSockets::ok);
    }
  }

  @Test
  void theEstablishedHashIsTheNamespacesOwnOnlyWhenTcpChildEhashEntriesWasSet() throws Exception {
    Environment.requireOrSkip(Files.exists(CHILD_EHASH), "net.ipv4.tcp_child_ehash_entries needs Linux 6.1+");
    String old = Files.readString(CHILD_EHASH).trim();
    NetnsFixture own;
    Files.writeString(CHILD_EHASH, "128");
    try {
      own = NetnsFixture.start(SocketSpec.empty());
    } finally {
      Files.writeString(CHILD_EHASH, old);
    }
    try (own; NetnsFixture shared = NetnsFixture.start(SocketSpec.empty());
        SockDiagProbe probe = new SockDiagProbe(DumpKind.STATES, 32)) {
      List<NamespaceSockets> out = probe.probe(List.of(target(own), target(shared)));
      assertThat(out).extracting(s -> s.stats().establishedHash())
          .containsExactly(EstablishedHash.OWN, EstablishedHash.SHARED);
      assertThat(own.runInside("cat", "/proc/sys/net/ipv4/tcp_ehash_entries").trim()).isEqualTo("128");
    }
  }
}
