package io.containernetstat.benchmarks;

import io.containernetstat.core.Resolution;
import io.containernetstat.core.ResolverException;
import io.containernetstat.resolver.DockerResolver;
import io.containernetstat.resolver.ResolverOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Docker resolution at steady state against a real dockerd: no container starts or stops while it
 * runs. Not for CI: run it through {@code benchmarks/scripts/docker-resolution.sh}, which starts the
 * containers, passes their number as {@code -p containers=N}, and removes them afterwards.
 *
 * <ul>
 *   <li>{@code events=true} (the default): the events stream says nothing changed, so a resolution
 *       makes no API call and reads one {@code /proc/<pid>/stat} per container;</li>
 *   <li>{@code events=false}: the container list is called once per resolution.</li>
 * </ul>
 */
public class DockerResolutionBenchmark extends BenchmarkState {

  /** The number of running containers the script started; setup checks at least as many namespaces. */
  @Param({"0"})
  public int containers;

  @Param({"true", "false"})
  public boolean events;

  private DockerResolver resolver;

  @Setup(Level.Trial)
  public void setUp() throws ResolverException {
    resolver = new DockerResolver(ResolverOptions.builder().dockerEvents(events).build());
    Resolution first = resolver.resolve();
    if (first.namespaces().size() < containers) {
      throw new IllegalStateException("Docker resolution found " + first.namespaces().size()
          + " namespaces, expected at least " + containers + "; warnings: " + first.warnings());
    }
    // Let the events subscription settle, so that the measurement sees the steady state.
    for (int i = 0; i < 5; i++) {
      NamespaceFarm.sleep(200);
      resolver.resolve();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    resolver.close();
  }

  @Benchmark
  public Resolution resolve() throws ResolverException {
    return resolver.resolve();
  }
}
