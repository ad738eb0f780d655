package io.containernetstat.testkit;

import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.NetnsResolver;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.Resolution;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A resolver named {@code fixture} that returns what a test gives it (fixed lists, or whatever a supplier
 * holds at each call), counts how often it is asked, and records the targets the collector reports gone;
 * thread-safe. It says it checks its targets' processes only when made with {@link #checkingProcesses()}.
 */
public final class FixtureResolver implements NetnsResolver {
  private final Supplier<List<NetnsTarget>> targets;
  private final List<NamespaceSnapshot> failed;
  private final boolean checksProcesses;
  private final AtomicInteger resolves = new AtomicInteger();
  private final List<NetnsTarget> gone = new CopyOnWriteArrayList<>();

  private FixtureResolver(Supplier<List<NetnsTarget>> targets, List<NamespaceSnapshot> failed,
      boolean checksProcesses) {
    this.targets = targets;
    this.failed = List.copyOf(failed);
    this.checksProcesses = checksProcesses;
  }

  /** {@return a resolver that returns {@code targets} (copied now) and no failures} */
  public static FixtureResolver of(List<NetnsTarget> targets) {
    return of(targets, List.of());
  }

  /** {@return a resolver that returns {@code targets} (copied now) and {@code failed} as its failures} */
  public static FixtureResolver of(List<NetnsTarget> targets, List<NamespaceSnapshot> failed) {
    List<NetnsTarget> copy = List.copyOf(targets);
    return new FixtureResolver(() -> copy, failed, false);
  }

  /** {@return a resolver that returns what {@code targets} supplies at each call (a live view is fine)} */
  public static FixtureResolver of(Supplier<List<NetnsTarget>> targets) {
    return new FixtureResolver(targets, List.of(), false);
  }

  /**
   * {@return a resolver that returns what this one returns but says that it checks its targets'
   * processes, as the cgroup scan and Docker resolvers do: the collector then reads without checking them
   * and tells it of each target read as gone}
   */
  public FixtureResolver checkingProcesses() {
    return new FixtureResolver(targets, failed, true);
  }

  /** {@return the targets the collector said were gone when read, in the order it said so} */
  public List<NetnsTarget> gone() {
    return List.copyOf(gone);
  }

  /** {@return how many times {@link #resolve()} was called} */
  public int resolves() {
    return resolves.get();
  }

  @Override
  public String name() {
    return "fixture";
  }

  @Override
  public Resolution resolve() {
    resolves.incrementAndGet();
    return new Resolution("fixture", List.copyOf(targets.get()), 0, List.of(), failed);
  }

  @Override
  public boolean checksProcesses() {
    return checksProcesses;
  }

  @Override
  public void targetGone(NetnsTarget target) {
    gone.add(target);
  }
}
