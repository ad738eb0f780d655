package io.containernetstat.benchmarks;

import io.containernetstat.core.Snapshot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
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
public class CollectCycleBenchmark extends FixtureCycleState {
  /**
   * {@code cgroup}: the cgroup-scan resolver walking the fixture's cgroup tree, in steady state (the
   * agent's default on a host without Docker); {@code fixed}: a resolver that returns the fixture's
   * namespaces at no cost, to isolate reading and rendering.
   */
  @Param({"cgroup", "fixed"})
  public String resolver;

  @Setup(Level.Trial)
  public void setUp() {
    start(resolver.equals("cgroup"));
  }

  @Benchmark
  public Snapshot cycle(Blackhole bh) {
    return cycle.run(bh);
  }
}
