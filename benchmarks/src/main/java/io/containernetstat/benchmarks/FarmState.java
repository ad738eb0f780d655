package io.containernetstat.benchmarks;

import org.openjdk.jmh.annotations.Param;

/**
 * Benchmarks on {@link #namespaces} real network namespaces that they create ({@link NamespaceFarm});
 * needs root. Subclasses' setup calls {@link #startFarm()} and their teardown closes {@link #farm}.
 */
public abstract class FarmState extends BenchmarkState {
  /** The number of namespaces in the farm. */
  @Param({"1", "50", "300", "1000"})
  public int namespaces;

  /** The farm, from {@link #startFarm()} on. */
  protected NamespaceFarm farm;

  /** For subclasses. */
  protected FarmState() {}

  /** Starts the farm of {@link #namespaces} namespaces; {@return the farm} */
  protected NamespaceFarm startFarm() {
    farm = NamespaceFarm.start(namespaces);
    return farm;
  }
}
