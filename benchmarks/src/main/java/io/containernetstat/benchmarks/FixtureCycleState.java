package io.containernetstat.benchmarks;

import io.containernetstat.core.Collector;
import io.containernetstat.core.NetnsResolver;
import io.containernetstat.core.Snapshot;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A cycle on a generated tree ({@link ProcFixture}) of {@link #containers} containers, in the directory of
 * {@code -Dbench.fixtureDir} (default {@code java.io.tmpdir}); closed after the trial. Subclasses' setup
 * calls {@link #start(boolean)}.
 */
public abstract class FixtureCycleState extends BenchmarkState {
  /** The number of containers in the fixture. */
  @Param({"1", "50", "300", "1000"})
  public int containers;

  /** The fixture, from {@link #start(boolean)} on. */
  protected ProcFixture fixture;
  /** The cycle on the fixture, from {@link #start(boolean)} on. */
  protected Cycle cycle;

  /** For subclasses. */
  protected FixtureCycleState() {}

  /**
   * Creates the fixture (seed 42) and the cycle, and checks that a first collection reads every container.
   *
   * @param cgroupScan true: the cgroup-scan resolver walking the fixture's cgroup tree; false: a resolver
   *     that returns the fixture's namespaces at no cost
   * @return the first snapshot
   */
  protected Snapshot start(boolean cgroupScan) {
    Path dir = Path.of(System.getProperty("bench.fixtureDir", System.getProperty("java.io.tmpdir")));
    fixture = ProcFixture.create(dir, containers, 42);
    NetnsResolver r = cgroupScan ? fixture.cgroupResolver() : fixture.fixedResolver();
    cycle = new Cycle(Collector.builder(r).procRoot(fixture.procRoot()).build());
    return BenchmarkChecks.requireComplete(cycle.collector().collect(), containers);
  }

  /** Closes the cycle and removes the fixture. */
  @TearDown(Level.Trial)
  public void tearDown() {
    cycle.close();
    fixture.close();
  }
}
