package io.containernetstat.benchmarks;

import io.containernetstat.core.Collector;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.Snapshot;
import io.containernetstat.core.sockets.NamespaceSockets;
import io.containernetstat.core.sockets.SocketStats.EstablishedHash;
import io.containernetstat.core.sockets.TcpState;
import io.containernetstat.sockdiag.DumpKind;
import io.containernetstat.sockdiag.SockDiag;
import io.containernetstat.sockdiag.SockDiagProbe;
import io.containernetstat.sockdiag.SockDiagReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the agent's {@code --sockets listen} and {@code --sockets states} cost per cycle on
 * {@link #namespaces} real namespaces ({@link NamespaceFarm}: 1 listener and 2 established connections
 * each), against the number of established loopback connections elsewhere on the host
 * ({@link ConnectionHolders}: {@link #connections} connections in namespaces of their own, not
 * measured). Needs root.
 *
 * <ul>
 *   <li>{@code counters}: the counters' collection of the default files, held descriptors, no socket
 *       probe (as {@link RealNetnsCycleBenchmark#collect()}), for side by side;</li>
 *   <li>{@code listen}: one {@link SockDiagProbe} pass with {@link DumpKind#LISTEN} over every
 *       namespace, the cost {@code --sockets listen} adds to the cycle: the kernel walks the listening
 *       hash only, so it must stay flat in {@link #connections};</li>
 *   <li>{@code states}: the same with {@link DumpKind#STATES}: the kernel walks the established hash,
 *       host-wide, once per namespace, so it grows with the host's connections;</li>
 *   <li>{@code statesOwnHash}: a states dump of one more namespace, created with
 *       {@code net.ipv4.tcp_child_ehash_entries} set (restored right after), which has an established
 *       hash of its own: to compare with {@code states} divided by {@link #namespaces}.</li>
 * </ul>
 *
 * <p>Setup fails unless every holder's namespace counts its connections' sockets in sockstat, every
 * measured namespace dumps its listener (and its 4 established sockets, on a shared hash), and the extra
 * namespace dumps with a hash of its own. One operation is one pass; the score's median ({@code p0.50})
 * is the "median per pass". A states pass at 100,000 connections takes seconds: an iteration is then one
 * or two passes.
 */
public class SockDiagCostBenchmark extends BenchmarkState {
  /** Established loopback connections held elsewhere on the host (2 sockets each). */
  @Param({"100", "10000", "100000"})
  public int connections;

  /** The namespaces measured. */
  @Param({"300"})
  public int namespaces;

  /** Connections per holder: its two JVMs need about as many descriptors each (hard limit 20,000 here). */
  static final int PER_HOLDER = 9_000;
  /** How long the holders may take to be ready, at most. */
  static final long HOLDERS_TIMEOUT_SECONDS = 300;

  private static final Path CHILD_EHASH = Path.of("/proc/sys/net/ipv4/tcp_child_ehash_entries");
  /** The own established hash of the extra namespace: a small table, as a container with few sockets would use. */
  private static final String OWN_EHASH_ENTRIES = "1024";

  private ConnectionHolders holders;
  private NamespaceFarm farm;
  private NamespaceFarm ownHash;
  private Collector counters;
  private SockDiagProbe listen;
  private SockDiagProbe states;
  private List<NetnsTarget> targets;
  private List<NetnsTarget> ownHashTargets;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    SockDiag.checkPrivilege().ifPresent(problem -> {
      throw new IllegalStateException("sock_diag in other namespaces: " + problem);
    });
    try {
      holders = ConnectionHolders.start(connections, PER_HOLDER, HOLDERS_TIMEOUT_SECONDS);
      System.out.println("sockdiag-cost: " + holders.targets().size() + " holders, " + holders.tcpInuse()
          + " TCP sockets in their namespaces (" + 2L * connections + " expected + 1 listener each); host "
          + hostTcpLine());
      farm = NamespaceFarm.start(namespaces);
      targets = farm.targets();
      ownHash = startWithOwnHash();
      ownHashTargets = ownHash.targets();
      counters = Collector.builder(new FixedResolver("fixed", targets)).build();
      BenchmarkChecks.requireComplete(counters.collect(), namespaces);
      listen = new SockDiagProbe(DumpKind.LISTEN, SockDiagReader.DEFAULT_MAX_PORTS);
      states = new SockDiagProbe(DumpKind.STATES, SockDiagReader.DEFAULT_MAX_PORTS);
      requireDumped(listen.probe(targets), namespaces, null);
      requireDumped(states.probe(targets), namespaces, EstablishedHash.SHARED);
      requireDumped(states.probe(ownHashTargets), 1, EstablishedHash.OWN);
    } catch (IOException | RuntimeException e) {
      tearDown();
      throw e;
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    try (ConnectionHolders h = holders; NamespaceFarm f = farm; NamespaceFarm o = ownHash;
        Collector c = counters; SockDiagProbe l = listen; SockDiagProbe s = states) {
      // closed in the reverse order: the probes and the collector before the namespaces they read
    }
  }

  /** The counters of every namespace: the default files, held descriptors. */
  @Benchmark
  public Snapshot counters() {
    return counters.collect();
  }

  /** The TCP listeners of every namespace: what {@code --sockets listen} adds to a cycle. */
  @Benchmark
  public List<NamespaceSockets> listen() {
    return listen.probe(targets);
  }

  /** Every TCP state and UDP socket of every namespace: what {@code --sockets states} adds to a cycle. */
  @Benchmark
  public List<NamespaceSockets> states() {
    return states.probe(targets);
  }

  /** The states of the one namespace with an established hash of its own. */
  @Benchmark
  public List<NamespaceSockets> statesOwnHash() {
    return states.probe(ownHashTargets);
  }

  /**
   * Starts one namespace with {@code tcp_child_ehash_entries} set, then restores the old value. Other
   * namespaces created on the host in that second get a table of their own too.
   */
  private static NamespaceFarm startWithOwnHash() throws IOException {
    String old = Files.readString(CHILD_EHASH).trim();
    Files.writeString(CHILD_EHASH, OWN_EHASH_ENTRIES);
    try {
      return NamespaceFarm.start(1);
    } finally {
      Files.writeString(CHILD_EHASH, old);
    }
  }

  /**
   * Fails unless every namespace was dumped with its one listener and, when {@code hash} is given (a
   * states dump), its 4 established sockets and that kind of established hash.
   */
  private static void requireDumped(List<NamespaceSockets> dumped, int namespaces, EstablishedHash hash) {
    if (dumped.size() != namespaces) {
      throw new IllegalStateException("expected " + namespaces + " namespaces dumped, got " + dumped.size());
    }
    for (NamespaceSockets ns : dumped) {
      if (!ns.ok()) {
        throw new IllegalStateException("namespace " + ns.target().displayName() + ": " + ns.failure() + ", "
            + ns.error());
      }
      int listeners = ns.stats().listenerCount();
      long established = ns.stats().tcp(TcpState.ESTABLISHED);
      if (listeners != 1 || hash != null && (established != 4 || ns.stats().establishedHash() != hash)) {
        throw new IllegalStateException("namespace " + ns.target().displayName() + ": " + listeners
            + " listeners, " + established + " established, hash " + ns.stats().establishedHash() + "; expected 1"
            + (hash == null ? "" : ", 4, " + hash));
      }
    }
  }

  /** {@return the host's TCP line of sockstat: {@code alloc} counts every TCP socket on the host} */
  private static String hostTcpLine() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/1/net/sockstat"))) {
      if (line.startsWith("TCP:")) {
        return line;
      }
    }
    return "(no TCP line in /proc/1/net/sockstat)";
  }
}
