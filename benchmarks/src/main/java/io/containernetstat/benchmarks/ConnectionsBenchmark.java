package io.containernetstat.benchmarks;

import io.containernetstat.core.Collector;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.Snapshot;
import io.containernetstat.testkit.Bytes;
import io.containernetstat.testkit.SocketHolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost against the number of connections in one real namespace: one {@link SocketHolder} holds N
 * established loopback connections (2N sockets) in a namespace of its own ({@link ConnectionHolders}).
 * Needs root.
 *
 * <ul>
 *   <li>{@code cycle}: this project's cycle (default files, held descriptors) on that one namespace: it
 *       reads counters the kernel keeps per namespace, so its cost must not grow with N;</li>
 *   <li>{@code procNetTcp}: for contrast, what cAdvisor reads for its TCP metrics, {@code net/tcp} and
 *       {@code net/tcp6} of the namespace (open-read-close, lines counted, nothing parsed): one line per
 *       socket, so it grows with N.</li>
 * </ul>
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ConnectionsBenchmark extends BenchmarkState {

  @Param({"10", "100", "1000", "10000"})
  public int connections;

  private ConnectionHolders holder;
  private Cycle cycle;
  private Path tcp;
  private Path tcp6;

  @Setup(Level.Trial)
  public void setUp() {
    holder = ConnectionHolders.start(connections, connections, 120);
    NetnsTarget target = holder.targets().get(0);
    cycle = new Cycle(Collector.builder(new FixedResolver("fixed", List.of(target))).build());
    Snapshot first = BenchmarkChecks.requireComplete(cycle.collector().collect(), 1);
    long established = first.namespaces().get(0).stats().summary().tcpEstablished().orElse(-1);
    if (established != 2L * connections) {
      tearDown();
      throw new IllegalStateException("Tcp CurrEstab is " + established + ", expected " + 2 * connections);
    }
    tcp = Path.of("/proc", Long.toString(target.pid()), "net", "tcp");
    tcp6 = Path.of("/proc", Long.toString(target.pid()), "net", "tcp6");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    try {
      if (cycle != null) {
        cycle.close();
      }
    } finally {
      holder.close();
    }
  }

  @Benchmark
  public Snapshot cycle(Blackhole bh) {
    return cycle.run(bh);
  }

  @Benchmark
  public long procNetTcp() throws IOException {
    return Bytes.count(Files.readAllBytes(tcp), '\n') + Bytes.count(Files.readAllBytes(tcp6), '\n');
  }
}
