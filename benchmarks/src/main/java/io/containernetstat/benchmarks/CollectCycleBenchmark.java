package io.containernetstat.benchmarks;

import io.containernetstat.core.Collector;
import io.containernetstat.core.NetnsResolver;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The agent's whole cycle on a generated tree ({@link ProcFixture}): resolve (cgroup scan), read the
 * default files (sockstat, sockstat6, snmp) of every namespace with held descriptors, summarise, render
 * the Prometheus exposition and the open-falcon payload ({@link Cycle}).
 *
 * <p>The fixture lives on a regular filesystem (the directory of {@code -Dbench.fixtureDir}, default
 * {@code java.io.tmpdir}), so this measures the library's own work plus cheap page-cache reads; the
 * kernel's cost of generating real procfs files is in {@link RealNetnsCycleBenchmark}. The CI budget
 * ({@code benchmarks/ci-budget.sh}) runs this with {@code containers=300}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CollectCycleBenchmark {

  @Param({"1", "50", "300", "1000"})
  public int containers;

  /**
   * {@code cgroup}: the cgroup-scan resolver walking the fixture's cgroup tree, in steady state (the
   * agent's default on a host without Docker); {@code fixed}: a resolver that returns the fixture's
   * namespaces at no cost, to isolate reading and rendering.
   */
  @Param({"cgroup", "fixed"})
  public String resolver;

  private ProcFixture fixture;
  private Cycle cycle;

  @Setup(Level.Trial)
  public void setUp() {
    Path dir = Path.of(System.getProperty("bench.fixtureDir", System.getProperty("java.io.tmpdir")));
    fixture = ProcFixture.create(dir, containers, 42);
    NetnsResolver r = resolver.equals("cgroup") ? fixture.cgroupResolver() : fixture.fixedResolver();
    cycle = new Cycle(Collector.builder(r).procRoot(fixture.procRoot()).build());
    BenchmarkChecks.requireComplete(cycle.collector().collect(), containers);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cycle.close();
    fixture.close();
  }

  @Benchmark
  public Snapshot cycle(Blackhole bh) {
    return cycle.run(bh);
  }
}
