package io.containernetstat.core.kernel;

import io.containernetstat.core.internal.HostNetnsDetection;
import io.containernetstat.testkit.OpenDescriptors;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.Collector;
import io.containernetstat.core.Counters;
import io.containernetstat.core.Snapshot.HostNetns;
import io.containernetstat.core.Snapshot.HostWide;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.internal.NetnsReader;
import io.containernetstat.core.NetnsResolver;
import io.containernetstat.core.NetnsStats;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.ProcNetFile;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.internal.Processes;
import io.containernetstat.core.internal.ReadResult;
import io.containernetstat.core.Resolution;
import io.containernetstat.core.Snapshot;
import io.containernetstat.core.NetnsStats.Summary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reads real network namespaces from outside, through {@code /proc/<pid>/net}, and checks the result
 * against {@code ss -s} run inside each namespace and against the known socket set each one holds.
 *
 * <p>The comparison with {@code ss -s} is exact, with no tolerance, for {@code Total}, {@code estab},
 * {@code timewait} and every cell of the Transport table:
 * <ul>
 *   <li>{@code ss -s} with no other argument reads sockstat, sockstat6 and snmp and exits before it
 *       opens any socket ({@code main()} calls {@code print_summary()} then {@code exit(0)}; its
 *       netlink socket only serves listings), and {@code nsenter} opens none: the oracle does not count
 *       itself. The empty namespace shows it: its {@code Total} is exactly the holder JVM's own sockets
 *       ({@link NetnsFixture#baselineSockets()}).</li>
 *   <li>Each namespace is quiescent once its holder is READY (the holder waits until no connection is
 *       in a transient TCP state), and every check reads, runs {@code ss}, reads again, and first
 *       asserts that the per-namespace fields did not move in between.</li>
 * </ul>
 * The host-wide fields ({@code alloc}, {@code orphan}, {@code mem}) and what {@code ss} builds on them
 * (its {@code TCP:} figure, {@code closed}, {@code orphaned}) move with every other socket on the
 * machine, so they are not compared per namespace; {@link #ssTcpTotalIsTheHostsAllocationNotTheNamespaces()}
 * shows why.
 *
 * <p>Needs root, util-linux and iproute2; skips locally and fails on CI without them
 * ({@link Environment}). About 2 s: six holder JVMs start in parallel.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KernelNamespaceTest {
  private static final ProcRoot PROC = ProcRoot.DEFAULT;

  private static final Map<String, SocketSpec> SHARED = new LinkedHashMap<>();

  static {
    SHARED.put("empty", SocketSpec.empty());
    SHARED.put("listeners and established pairs",
        SocketSpec.empty().withListeners(2, 1).withEstablished(1, 2).withUdp(1, 0));
    SHARED.put("TIME_WAIT and UDP",
        SocketSpec.empty().withListeners(0, 1).withTimeWait(3, 2).withUdp(2, 3));
    SHARED.put("everything with a listen overflow",
        SocketSpec.empty().withListeners(1, 1).withEstablished(2, 1).withTimeWait(1, 1).withUdp(1, 1)
            .withListenOverflow(2));
  }

  /** Killed by the tests that use them. */
  private static final SocketSpec DOOMED =
      SocketSpec.empty().withEstablished(1, 1).withTimeWait(1, 0).withUdp(1, 0);

  private final Map<String, NetnsFixture> shared = new LinkedHashMap<>();
  private NetnsFixture doomedForReader;
  private NetnsFixture doomedForCollector;

  @BeforeAll
  void startNamespaces() throws IOException {
    Environment.requireNetworkNamespaces();
    List<SocketSpec> specs = new ArrayList<>(SHARED.values());
    specs.add(DOOMED);
    specs.add(DOOMED);
    List<NetnsFixture> started = NetnsFixture.startAll(specs);
    int i = 0;
    for (String name : SHARED.keySet()) {
      shared.put(name, started.get(i++));
    }
    doomedForReader = started.get(i++);
    doomedForCollector = started.get(i);
  }

  @AfterAll
  void stopNamespaces() {
    shared.values().forEach(NetnsFixture::close);
    if (doomedForReader != null) {
      doomedForReader.close();
      doomedForCollector.close();
    }
  }

  // The fixtures are shared by the whole class: parameterized tests that receive one must say
  // autoCloseArguments = false, or JUnit closes (kills) the AutoCloseable argument after the invocation.
  Stream<Named<NetnsFixture>> namespaces() {
    return shared.entrySet().stream().map(e -> Named.of(e.getKey(), e.getValue()));
  }

  Stream<Arguments> namespacesAndHolding() {
    return namespaces().flatMap(ns -> Stream.of(
        Arguments.of(ns, Named.of("held descriptors", true)),
        Arguments.of(ns, Named.of("open-read-close", false))));
  }

  // ---- agreement with ss -s -----------------------------------------------------------------------

  @ParameterizedTest(name = "{0}, {1}", autoCloseArguments = false)
  @MethodSource("namespacesAndHolding")
  void readerFromOutsideAgreesWithSsInside(NetnsFixture ns, boolean hold) throws IOException {
    try (NetnsReader reader = new NetnsReader(PROC, ProcNetFile.defaults(), hold)) {
      NetnsStats before = read(reader, ns);
      SsSummary ss = ns.ss();
      NetnsStats after = read(reader, ns);

      assertQuiescent(ns, before, after);
      assertAgreesWithSs(ns.toString(), ss, after);
      assertThat(reader.heldDescriptors()).as("descriptors held for sockstat, sockstat6, snmp and stat")
          .isEqualTo(hold ? 4 : 0);
      assertThat(OpenDescriptors.count("/proc/" + ns.pid() + "/net/")).as("this JVM's descriptors into /proc/%d/net", ns.pid())
          .isEqualTo(hold ? 3 : 0);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(booleans = {true, false})
  void collectorAgreesWithSsInEveryNamespace(boolean hold) throws IOException {
    List<NetnsFixture> fixtures = new ArrayList<>(shared.values());
    long self = NetnsFixture.readNetnsInode(ProcessHandle.current().pid());
    try (Collector collector = Collector.builder(resolverOf(fixtures)).holdDescriptors(hold).build()) {
      Snapshot before = collector.collect();
      Map<Long, SsSummary> ss = new LinkedHashMap<>();
      for (NetnsFixture ns : fixtures) {
        ss.put(ns.pid(), ns.ss());
      }
      Snapshot after = collector.collect();

      for (Snapshot snapshot : List.of(before, after)) {
        assertThat(snapshot.errorsByReason()).as("errors").isEmpty();
        assertThat(snapshot.gone()).as("gone").isZero();
        assertThat(snapshot.namespaces()).extracting(n -> n.target().pid())
            .containsExactlyElementsOf(fixtures.stream().map(NetnsFixture::pid).toList());
        assertThat(snapshot.hostNetns()).as("host netns").isNotNull();
        assertThat(snapshot.hostNetns().inode()).as("host netns inode").isEqualTo(self);
        assertThat(snapshot.hostWide()).as("host-wide fields").isNotNull();
      }
      for (int i = 0; i < fixtures.size(); i++) {
        NetnsFixture ns = fixtures.get(i);
        NamespaceSnapshot first = before.namespaces().get(i);
        NamespaceSnapshot second = after.namespaces().get(i);
        assertQuiescent(ns, first.stats(), second.stats());
        assertAgreesWithSs(ns.toString(), ss.get(ns.pid()), second.stats());
        assertThat(second.target().netnsInode()).isEqualTo(ns.netnsInode());
      }
    }
  }

  /** ss's "TCP: N" is alloc + tw, and alloc counts every TCP socket of the host, whatever its namespace. */
  @Test
  void ssTcpTotalIsTheHostsAllocationNotTheNamespaces() throws IOException {
    NetnsFixture empty = shared.get("empty");
    long tcpElsewhere = 0;
    try (NetnsReader reader = new NetnsReader(PROC, ProcNetFile.defaults(), false)) {
      for (NetnsFixture ns : shared.values()) {
        tcpElsewhere += read(reader, ns).summary().tcpInuse().orElseThrow();
      }
    }
    SsSummary ss = empty.ss();

    assertThat(ss.row("TCP").total()).as("TCP sockets in the empty namespace").isZero();
    assertThat(ss.total()).as("Total (sockets used) of the empty namespace: the holder JVM's own only")
        .isEqualTo(empty.baselineSockets());
    assertThat(ss.tcpTotal())
        .as("ss 'TCP:' in the empty namespace (alloc + tw) counts the TCP sockets of the other namespaces")
        .isGreaterThanOrEqualTo(tcpElsewhere)
        .isPositive();
  }

  // ---- the known socket sets ----------------------------------------------------------------------

  @ParameterizedTest(name = "{0}", autoCloseArguments = false)
  @MethodSource("namespaces")
  void countersMatchTheSocketsTheNamespaceHolds(NetnsFixture ns) {
    SocketSpec spec = ns.spec();
    Set<ProcNetFile> files = EnumSet.of(ProcNetFile.SOCKSTAT, ProcNetFile.SOCKSTAT6, ProcNetFile.SNMP,
        ProcNetFile.NETSTAT);
    try (NetnsReader reader = new NetnsReader(PROC, files, true)) {
      NetnsStats stats = read(reader, ns);
      Counters sockstat = stats.file(ProcNetFile.SOCKSTAT).orElseThrow();
      Counters sockstat6 = stats.file(ProcNetFile.SOCKSTAT6).orElseThrow();
      Counters snmp = stats.file(ProcNetFile.SNMP).orElseThrow();
      Counters netstat = stats.file(ProcNetFile.NETSTAT).orElseThrow();
      Summary summary = stats.summary();

      Expectations expect = new Expectations(ns.toString());
      long socketsUsed = ns.baselineSockets() + spec.expectedSocketsUsed();
      expect.field(sockstat, "sockets", "used", socketsUsed);
      expect.field(sockstat, "TCP", "inuse", spec.expectedTcp4Inuse());
      expect.field(sockstat, "TCP", "tw", spec.expectedTimeWait());
      expect.field(sockstat, "UDP", "inuse", spec.expectedUdp4Inuse());
      expect.field(sockstat, "UDPLITE", "inuse", 0);
      expect.field(sockstat, "RAW", "inuse", 0);
      expect.field(sockstat, "FRAG", "inuse", 0);
      expect.field(sockstat6, "TCP6", "inuse", spec.expectedTcp6Inuse());
      expect.field(sockstat6, "UDP6", "inuse", spec.expectedUdp6Inuse());
      expect.field(sockstat6, "RAW6", "inuse", 0);
      expect.field(sockstat6, "FRAG6", "inuse", 0);
      expect.field(snmp, "Tcp", "CurrEstab", spec.expectedCurrEstab());
      expect.field(snmp, "Tcp", "ActiveOpens", spec.expectedActiveOpens());
      expect.field(snmp, "Tcp", "PassiveOpens", spec.expectedPassiveOpens());
      expect.equal("Summary.tcpEstablished", spec.expectedCurrEstab(), summary.tcpEstablished());
      expect.equal("Summary.tcpInuse", spec.expectedTcp4Inuse() + spec.expectedTcp6Inuse(), summary.tcpInuse());
      expect.equal("Summary.tcpTimewait", spec.expectedTimeWait(), summary.tcpTimewait());
      expect.equal("Summary.udpInuse", spec.expectedUdp4Inuse() + spec.expectedUdp6Inuse(), summary.udpInuse());
      expect.equal("Summary.socketsUsed", socketsUsed, summary.socketsUsed());

      long overflows = netstat.get("TcpExt", "ListenOverflows").orElseThrow();
      long drops = netstat.get("TcpExt", "ListenDrops").orElseThrow();
      if (spec.listenOverflow() > 0) {
        // One per dropped SYN; more once the SYNs are retransmitted (after 1 s, 3 s, ...).
        expect.that("TcpExt ListenOverflows " + overflows + " >= " + spec.listenOverflow() + " dropped connects",
            overflows >= spec.listenOverflow());
        expect.that("TcpExt ListenDrops " + drops + " >= ListenOverflows " + overflows
            + " (every overflow is also a drop)", drops >= overflows);
      } else {
        expect.field(netstat, "TcpExt", "ListenOverflows", 0);
        expect.field(netstat, "TcpExt", "ListenDrops", 0);
      }
      expect.verify();
    }
  }

  // ---- namespace identity -------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}", autoCloseArguments = false)
  @MethodSource("namespaces")
  void identityMatchesReadlinkAndProcStat(NetnsFixture ns) throws IOException {
    assertThat(Processes.netnsInode(PROC, ns.pid())).as("Processes.netnsInode vs readlink /proc/%d/ns/net", ns.pid())
        .hasValue(ns.netnsInode());
    assertThat(Processes.netnsInode(PROC, ns.unsharePid())).as("unshare shares its child's namespace")
        .hasValue(ns.netnsInode());
    assertThat(Processes.startTime(PROC, ns.pid())).as("Processes.startTime vs field 22 of /proc/%d/stat", ns.pid())
        .hasValue(ns.startTime());
    assertThat(ns.netnsInode()).as("a fresh namespace is not the test JVM's")
        .isNotEqualTo(NetnsFixture.readNetnsInode(ProcessHandle.current().pid()));
  }

  @Test
  void everyFixtureHasItsOwnNamespace() {
    Set<Long> inodes = new HashSet<>();
    for (NetnsFixture ns : shared.values()) {
      assertThat(inodes.add(ns.netnsInode())).as("namespace of %s is unique", ns).isTrue();
    }
  }

  @Test
  void hostNetnsIsTheNamespaceOfThisJvm() throws IOException {
    long self = NetnsFixture.readNetnsInode(ProcessHandle.current().pid());
    HostNetns host = HostNetnsDetection.detect(PROC).orElseThrow(() -> new AssertionError("HostNetns.detect found nothing"));

    assertThat(host.inode()).as("HostNetns.detect (via %s) vs readlink /proc/self/ns/net", host.reference())
        .isEqualTo(self);
    // PID 1 is unreadable in the development sandbox (then PID 2, kthreadd, is the reference); on a
    // normal machine or CI runner PID 1 is readable and used.
    boolean pid1Readable;
    try {
      pid1Readable = Processes.netnsInode(PROC, 1).isPresent();
    } catch (IOException e) {
      pid1Readable = false;
    }
    assertThat(host.referencePid()).as("reference PID").isEqualTo(pid1Readable ? 1 : 2);
  }

  // ---- processes that go away ---------------------------------------------------------------------

  /**
   * A process killed but not reaped (its parent never waits) is a zombie: its stat still reads, but it
   * has released its namespaces. A held reader must report it gone, as an open-read-close one does.
   */
  @Test
  void aHeldReaderReportsAZombieAsGone() throws Exception {
    Process parent = new ProcessBuilder("sh", "-c", "unshare -n sleep 600 & exec sleep 600").start();
    try {
      long child = -1;
      for (int i = 0; i < 200 && child < 0; i++) {
        child = parent.toHandle().children().filter(h -> h.info().command().orElse("").endsWith("sleep"))
            .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
        Thread.sleep(20 * (child < 0 ? 1 : 0) + 20);
      }
      assertThat(child).as("the unshared child").isPositive();
      long pid = child;
      long startTime = Processes.startTime(PROC, pid).orElseThrow();
      assertThat(Processes.netnsInode(PROC, pid).orElseThrow()).isNotEqualTo(Processes.netnsInode(PROC,
          ProcessHandle.current().pid()).orElseThrow());
      try (NetnsReader held = new NetnsReader(PROC, ProcNetFile.defaults(), true)) {
        assertThat(held.read(pid, startTime)).isInstanceOf(ReadResult.Read.class);
        assertThat(held.heldDescriptors()).as("its files and its stat").isEqualTo(4);
        new ProcessBuilder("kill", "-KILL", Long.toString(pid)).start().waitFor();
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        for (int i = 0; i < 250 && !zombie(stat); i++) {
          Thread.sleep(20);
        }
        assertThat(zombie(stat)).as("%s is a zombie", stat).isTrue();
        assertThat(held.read(pid, startTime)).isEqualTo(new ReadResult.Gone(pid));
      }
    } finally {
      parent.destroyForcibly().waitFor();
    }
  }

  private static boolean zombie(Path stat) {
    try {
      String line = Files.readString(stat);
      return line.substring(line.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void aHeldReaderReportsAKilledProcessAsGoneAndReleasesItsPinnedNamespace() throws Exception {
    NetnsFixture ns = doomedForReader;
    long pid = ns.pid();
    try (NetnsReader held = new NetnsReader(PROC, ProcNetFile.defaults(), true);
        NetnsReader unheld = new NetnsReader(PROC, ProcNetFile.defaults(), false)) {
      assertThat(read(held, ns).summary().tcpEstablished()).hasValue(DOOMED.expectedCurrEstab());
      assertThat(read(unheld, ns).summary().tcpEstablished()).hasValue(DOOMED.expectedCurrEstab());
      assertThat(held.heldDescriptors()).as("sockstat, sockstat6, snmp and stat").isEqualTo(4);
      assertThat(OpenDescriptors.count("/proc/" + pid + "/net/")).isEqualTo(3);

      // A held net descriptor keeps reading the dead namespace (it pins it), so without its own liveness
      // check the reader would report a dead container's figures for as long as a stale resolver lists it.
      Path sockstat = Path.of("/proc", Long.toString(pid), "net", "sockstat");
      try (java.nio.channels.FileChannel pin = java.nio.channels.FileChannel.open(sockstat)) {
        ns.kill();

        assertThat(Files.exists(Path.of("/proc", Long.toString(pid)))).as("/proc/%d after kill", pid).isFalse();
        assertThat(pin.read(java.nio.ByteBuffer.allocate(4096), 0)).as("a raw held descriptor still reads")
            .isPositive();
      }
      assertThat(unheld.read(pid, ns.startTime())).as("open-read-close of a killed PID")
          .isEqualTo(new ReadResult.Gone(pid));
      assertThat(held.read(pid, ns.startTime())).as("held read of a killed PID")
          .isEqualTo(new ReadResult.Gone(pid));
      assertThat(Processes.netnsInode(PROC, pid)).as("netns inode of a killed PID").isEmpty();
      assertThat(Processes.startTime(PROC, pid)).as("start time of a killed PID").isEmpty();

      assertThat(held.heldDescriptors()).as("heldDescriptors after the Gone read").isZero();
      assertThat(held.heldNamespaces()).as("heldNamespaces after the Gone read").isZero();
      assertThat(OpenDescriptors.count("/proc/" + pid + "/net/")).as("this JVM's descriptors into /proc/%d/net after Gone", pid)
          .isZero();
    }
  }

  @Test
  void collectorCountsAKilledNamespaceAsGoneAndClosesItsDescriptors() throws IOException {
    NetnsFixture ns = doomedForCollector;
    long pid = ns.pid();
    NetnsTarget target = target(ns);
    // Cycle 1 resolves the namespace; cycle 2 no longer does (the resolver noticed the exit), so its
    // descriptors must be closed in that cycle; cycle 3 lists the dead PID again, as a stale cache would.
    List<List<NetnsTarget>> cycles = List.of(List.of(target), List.of(), List.of(target));
    NetnsResolver resolver = new ScriptedResolver(cycles);
    try (Collector collector = Collector.builder(resolver).holdDescriptors(true).build()) {
      Snapshot alive = collector.collect();
      assertThat(alive.namespaces()).singleElement().satisfies(n -> assertThat(n.ok()).isTrue());
      assertThat(OpenDescriptors.count("/proc/" + pid + "/net/")).as("descriptors held by the collector").isEqualTo(3);

      ns.kill();
      Snapshot unresolved = collector.collect();
      assertThat(unresolved.namespaces()).isEmpty();
      assertThat(OpenDescriptors.count("/proc/" + pid + "/net/")).as("descriptors of a namespace not resolved this cycle").isZero();

      Snapshot stale = collector.collect();
      assertThat(stale.namespaces()).as("a dead PID yields no namespace").isEmpty();
      assertThat(stale.gone()).as("gone").isEqualTo(1);
      assertThat(stale.errorsByReason()).as("a dead PID is not an error").isEmpty();
      assertThat(OpenDescriptors.count("/proc/" + pid + "/net/")).isZero();
    }
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private static NetnsStats read(NetnsReader reader, NetnsFixture ns) {
    ReadResult result = reader.read(ns.pid(), ns.startTime());
    assertThat(result).as("reading %s", ns).isInstanceOf(ReadResult.Read.class);
    return ((ReadResult.Read) result).stats();
  }

  /** The per-namespace fields must not move between the two reads around {@code ss}. */
  private static void assertQuiescent(NetnsFixture ns, NetnsStats before, NetnsStats after) {
    assertThat(perNamespaceFields(after)).as("per-namespace fields of %s did not move while ss ran", ns)
        .isEqualTo(perNamespaceFields(before));
  }

  private static Map<String, Long> perNamespaceFields(NetnsStats stats) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (ProcNetFile file : List.of(ProcNetFile.SOCKSTAT, ProcNetFile.SOCKSTAT6)) {
      Counters c = stats.file(file).orElseThrow(() -> new AssertionError(file + " is absent"));
      for (int i = 0; i < c.size(); i++) {
        if (!HostWide.isHostWide(c.group(i), c.name(i))) {
          out.put(file.fileName() + " " + c.group(i) + " " + c.name(i), c.value(i));
        }
      }
    }
    out.put("snmp Tcp CurrEstab", stats.file(ProcNetFile.SNMP).orElseThrow().get("Tcp", "CurrEstab").orElseThrow());
    return out;
  }

  /**
   * Every figure {@code ss -s} derives from per-namespace fields must equal what the library read:
   * Total, estab, timewait and the whole Transport table (both the raw sockstat/sockstat6 fields and
   * the {@link Summary} built from them).
   */
  private static void assertAgreesWithSs(String namespace, SsSummary ss, NetnsStats stats) {
    Counters v4 = stats.file(ProcNetFile.SOCKSTAT).orElseThrow();
    Counters v6 = stats.file(ProcNetFile.SOCKSTAT6).orElseThrow();
    Summary summary = stats.summary();
    Expectations expect = new Expectations(namespace + " against ss -s");
    expect.equal("ss Total vs sockstat sockets used", ss.total(), summary.socketsUsed());
    expect.equal("ss estab vs snmp Tcp CurrEstab", ss.estab(), summary.tcpEstablished());
    expect.equal("ss timewait vs sockstat TCP tw", ss.timewait(), summary.tcpTimewait());
    expect.equal("ss TCP row Total vs Summary.tcpInuse", ss.row("TCP").total(), summary.tcpInuse());
    expect.equal("ss UDP row Total vs Summary.udpInuse", ss.row("UDP").total(), summary.udpInuse());
    long inet4 = 0;
    long inet6 = 0;
    for (String[] row : new String[][] {{"RAW", "RAW", "RAW6"}, {"UDP", "UDP", "UDP6"}, {"TCP", "TCP", "TCP6"}}) {
      long ip = v4.get(row[1], "inuse").orElseThrow();
      long ipv6 = v6.get(row[2], "inuse").orElseThrow();
      compareRow(expect, ss, row[0], ip, ipv6);
      inet4 += ip;
      inet6 += ipv6;
    }
    compareRow(expect, ss, "INET", inet4, inet6);
    compareRow(expect, ss, "FRAG", v4.get("FRAG", "inuse").orElseThrow(), v6.get("FRAG6", "inuse").orElseThrow());
    expect.verify();
  }

  private static void compareRow(Expectations expect, SsSummary ss, String label, long ip, long ipv6) {
    SsSummary.Row row = ss.row(label);
    expect.equal("ss " + label + " row, IP column vs sockstat", row.ip(), OptionalLong.of(ip));
    expect.equal("ss " + label + " row, IPv6 column vs sockstat6", row.ipv6(), OptionalLong.of(ipv6));
    expect.equal("ss " + label + " row, Total column vs sockstat + sockstat6", row.total(),
        OptionalLong.of(ip + ipv6));
  }

  /**
   * Collects every mismatch and fails once, naming each field (cheaper than AssertJ's SoftAssertions,
   * whose first use generates proxy classes for seconds on a loaded machine).
   */
  private static final class Expectations {
    private final String subject;
    private final List<String> mismatches = new ArrayList<>();

    Expectations(String subject) {
      this.subject = subject;
    }

    void field(Counters counters, String group, String name, long expected) {
      equal(group + " " + name, expected, counters.get(group, name));
    }

    void equal(String what, long expected, OptionalLong actual) {
      if (actual.isEmpty()) {
        mismatches.add(what + ": expected " + expected + " but it is absent");
      } else if (actual.getAsLong() != expected) {
        mismatches.add(what + ": expected " + expected + " but was " + actual.getAsLong());
      }
    }

    void that(String what, boolean holds) {
      if (!holds) {
        mismatches.add("expected " + what);
      }
    }

    void verify() {
      if (!mismatches.isEmpty()) {
        throw new AssertionError(subject + ": " + mismatches.size() + " mismatch(es):\n  "
            + String.join("\n  ", mismatches));
      }
    }
  }

  /** Counts this JVM's open descriptors whose path is under {@code /proc/<pid>/net/}. */
  private static NetnsTarget target(NetnsFixture ns) {
    return new NetnsTarget(ns.netnsInode(), ns.pid(), ns.startTime(), false, null, null, List.of());
  }

  private static NetnsResolver resolverOf(List<NetnsFixture> fixtures) {
    List<NetnsTarget> targets = fixtures.stream().map(KernelNamespaceTest::target).toList();
    return new ScriptedResolver(List.of(targets, targets));
  }

  /** Returns one list of targets per call, in order. */
  private static final class ScriptedResolver implements NetnsResolver {
    private final List<List<NetnsTarget>> cycles;
    private int next;

    ScriptedResolver(List<List<NetnsTarget>> cycles) {
      this.cycles = cycles;
    }

    @Override
    public String name() {
      return "test";
    }

    @Override
    public Resolution resolve() {
      if (next >= cycles.size()) {
        throw new IllegalStateException("resolve() called " + (next + 1) + " times; scripted " + cycles.size());
      }
      return new Resolution(name(), cycles.get(next++), 0, List.of());
    }
  }
}
