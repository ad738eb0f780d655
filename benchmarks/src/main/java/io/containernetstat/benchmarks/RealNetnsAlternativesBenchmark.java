package io.containernetstat.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The alternatives to this project, on the same kind of real namespaces as
 * {@link RealNetnsCycleBenchmark}, one operation = one pass over every namespace. Needs root.
 *
 * <ul>
 *   <li>{@code naiveJava}: the same three files (sockstat, sockstat6, snmp) and the same five figures
 *       with {@link NaiveReader}: open-read-close, {@code readAllLines}, {@code String.split};</li>
 *   <li>{@code nsenterSs}: the reference design's second approach, one {@code nsenter -t PID -n ss -s}
 *       process per namespace, one after the other, output read in full. Slow, so it runs few
 *       iterations. From Java, as an agent would run it: each process started with
 *       {@link ProcessBuilder};</li>
 *   <li>{@code nsenterSsShell}: the same commands run by one shell loop (a fork and exec per
 *       namespace, no JVM in between), the cheapest way to run them.</li>
 * </ul>
 * The loop over namespaces in each method is the operation being measured (a pass over the host),
 * not a way of repeating it.
 */
public class RealNetnsAlternativesBenchmark extends FarmState {
  private long[] pids;
  private ProcessBuilder shellLoop;
  private final Path proc = Path.of("/proc");

  @Setup(Level.Trial)
  public void setUp() {
    if (!NamespaceFarm.onPath("nsenter") || !NamespaceFarm.onPath("ss")) {
      throw new IllegalStateException("nsenter (util-linux) and ss (iproute2) are needed");
    }
    pids = startFarm().pids().stream().mapToLong(Long::longValue).toArray();
    shellLoop = new ProcessBuilder("sh", "-c", "for p in $PIDS; do nsenter -t $p -n ss -s || exit 1; done")
        .redirectErrorStream(true);
    shellLoop.environment().put("PIDS", farm.pids().stream().map(String::valueOf)
        .collect(java.util.stream.Collectors.joining(" ")));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    farm.close();
  }

  @Benchmark
  public void naiveJava(Blackhole bh) throws IOException {
    for (long pid : pids) {
      bh.consume(NaiveReader.readNamespace(proc, pid));
    }
  }

  @Benchmark
  @Warmup(iterations = 1, time = 1)
  @Measurement(iterations = 3, time = 1)
  public void nsenterSs(Blackhole bh) throws IOException, InterruptedException {
    for (long pid : pids) {
      Process p = new ProcessBuilder("nsenter", "-t", Long.toString(pid), "-n", "ss", "-s")
          .redirectErrorStream(true)
          .start();
      try (InputStream out = p.getInputStream()) {
        bh.consume(out.readAllBytes());
      }
      if (p.waitFor() != 0) {
        throw new IllegalStateException("nsenter -t " + pid + " -n ss -s exited with " + p.exitValue());
      }
    }
  }

  @Benchmark
  @Warmup(iterations = 1, time = 1)
  @Measurement(iterations = 3, time = 1)
  public void nsenterSsShell(Blackhole bh) throws IOException, InterruptedException {
    Process p = shellLoop.start();
    try (InputStream out = p.getInputStream()) {
      bh.consume(out.readAllBytes());
    }
    if (p.waitFor() != 0) {
      throw new IllegalStateException("the nsenter ... ss -s loop exited with " + p.exitValue());
    }
  }
}
