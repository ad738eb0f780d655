package io.containernetstat.benchmarks;

import io.containernetstat.core.Snapshot;
import io.containernetstat.testkit.Snapshots;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * The parts of {@link CollectCycleBenchmark}'s cycle one at a time, on the same fixture: collecting
 * (resolve with the cgroup scan, read, summarise), rendering the Prometheus exposition of a snapshot,
 * mapping and serialising the open-falcon payload of a snapshot. Shows where a cycle's time goes.
 */
public class RenderBenchmark extends FixtureCycleState {
  private Snapshot snapshot;

  @Setup(Level.Trial)
  public void setUp() {
    snapshot = start(true);
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
  public int openFalconPayload() {
    return cycle.renderFalcon(snapshot);
  }

  private Snapshot fresh() {
    return Snapshots.at(snapshot, snapshot.timestamp());
  }
}
