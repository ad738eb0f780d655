package io.containernetstat.benchmarks;

import io.containernetstat.core.Collector;
import io.containernetstat.core.Container;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.internal.Processes;
import io.containernetstat.core.Snapshot;
import io.containernetstat.testkit.Bytes;
import io.containernetstat.testkit.SocketHolder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Cost against the number of connections in one real namespace: one {@link SocketHolder} process holds
 * N established loopback connections (2N sockets) in a namespace of its own. Needs root.
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

  private Process holder;
  private Cycle cycle;
  private Path tcp;
  private Path tcp6;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Each holder process needs about N descriptors: raise the soft limit to the hard one.
    String script = "ip link set lo up || exit 1; ulimit -n \"$(ulimit -H -n)\" || exit 1; exec \""
        + java + "\" -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp \""
        + System.getProperty("java.class.path") + "\" " + SocketHolder.class.getName() + " --connections " + connections;
    holder = new ProcessBuilder("unshare", "-n", "-p", "--fork", "--kill-child", "sh", "-c", script)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.US_ASCII));
    String ready = out.readLine();
    if (!("ready " + connections).equals(ready)) {
      tearDown();
      throw new IllegalStateException("socket holder said " + ready + ", expected ready " + connections);
    }
    long pid = holder.pid();
    long start = Processes.startTime(ProcRoot.DEFAULT, pid).orElseThrow();
    long inode = Processes.netnsInode(ProcRoot.DEFAULT, pid).orElseThrow();
    Container c = new Container("holder", "socket-holder", "", Container.PLAIN_PROCESS, pid, start, Map.of(), null, null, false);
    NetnsTarget target = new NetnsTarget(inode, pid, start, false, c.id(), null, List.of(c));
    cycle = new Cycle(Collector.builder(new FixedResolver("fixed", List.of(target))).build());
    Snapshot first = BenchmarkChecks.requireComplete(cycle.collector().collect(), 1);
    long established = first.namespaces().get(0).stats().summary().tcpEstablished().orElse(-1);
    if (established != 2L * connections) {
      tearDown();
      throw new IllegalStateException("Tcp CurrEstab is " + established + ", expected " + 2 * connections);
    }
    tcp = Path.of("/proc", Long.toString(pid), "net", "tcp");
    tcp6 = Path.of("/proc", Long.toString(pid), "net", "tcp6");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (cycle != null) {
      cycle.close();
    }
    List<ProcessHandle> all = new ArrayList<>();
    all.add(holder.toHandle());
    holder.descendants().forEach(all::add);
    for (ProcessHandle h : all) {
      h.destroyForcibly(); // SIGKILL: unshare ignores SIGTERM
    }
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("socket holder process " + h.pid() + " did not exit: " + e);
      }
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
