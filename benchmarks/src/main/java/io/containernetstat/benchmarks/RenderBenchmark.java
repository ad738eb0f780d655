package io.containernetstat.benchmarks;

import io.containernetstat.core.Collector;
import io.containernetstat.core.Snapshot;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The parts of {@link CollectCycleBenchmark}'s cycle one at a time, on the same fixture: collecting
 * (resolve with the cgroup scan, read, summarise), rendering the Prometheus exposition of a snapshot,
 * mapping and serialising the open-falcon payload of a snapshot. Shows where a cycle's time goes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RenderBenchmark {

  @Param({"1", "50", "300", "1000"})
  public int containers;

  private ProcFixture fixture;
  private Cycle cycle;
  private Snapshot snapshot;

  @Setup(Level.Trial)
  public void setUp() {
    Path dir = Path.of(System.getProperty("bench.fixtureDir", System.getProperty("java.io.tmpdir")));
    fixture = ProcFixture.create(dir, containers, 42);
    cycle = new Cycle(Collector.builder(fixture.cgroupResolver()).procRoot(fixture.procRoot()).build());
    snapshot = BenchmarkChecks.requireComplete(cycle.collector().collect(), containers);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cycle.close();
    fixture.close();
  }

  @Benchmark
  public Snapshot collect() {
    return cycle.collector().collect();
  }

  /**
   * A new snapshot instance each time (the collector renders a snapshot it has seen once only), the same
   * counters.
   */
  @Benchmark
  public int prometheusExposition() {
    return cycle.renderPrometheus(fresh());
  }

  @Benchmark
  public byte[] openFalconPayload() {
    return cycle.renderFalcon(snapshot);
  }

  private Snapshot fresh() {
    Snapshot s = snapshot;
    return new Snapshot(s.timestamp(), s.resolver(), s.resolveNanos(), s.durationNanos(), s.hostNetns(),
        s.hostWide(), s.files(), s.namespaces(), s.gone(), s.resolverError(), s.warnings(), s.filesystems());
  }
}
