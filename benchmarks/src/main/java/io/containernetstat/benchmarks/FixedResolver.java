package io.containernetstat.benchmarks;

import io.containernetstat.core.NetnsResolver;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.Resolution;
import java.util.List;

/**
 * A resolver that returns the same namespaces on every call, at no cost; immutable and thread-safe.
 * Benchmarks use it to measure reading and rendering without resolution.
 */
public final class FixedResolver implements NetnsResolver {
  private final String name;
  private final Resolution resolution;

  /**
   * Creates the resolver.
   *
   * @param name the name reports show
   * @param targets the namespaces every resolution returns
   */
  public FixedResolver(String name, List<NetnsTarget> targets) {
    this.name = name;
    this.resolution = new Resolution(name, targets, 0, List.of());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Resolution resolve() {
    return resolution;
  }
}
