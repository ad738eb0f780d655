package io.containernetstat.fsstat;

import io.containernetstat.core.internal.Failures;
import io.containernetstat.core.Container;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.internal.Require;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Builds a {@link StatvfsFilesystemProbe}; from {@link StatvfsFilesystemProbe#builder()}. Not thread-safe.
 *
 * <pre>{@code
 * StatvfsProbeBuilder.Availability a = StatvfsFilesystemProbe.builder().procRoot(root).tryBuild();
 * if (a.probe().isEmpty()) {
 *   log.warn("filesystems are not measured: {}", a.reason());
 * }
 * }</pre>
 */
public final class StatvfsProbeBuilder {
  ProcRoot root = ProcRoot.DEFAULT;
  MountFilter filter = MountFilter.defaults();
  Predicate<Container> containers = StatvfsFilesystemProbe.DEFAULT_CONTAINERS;
  StatvfsFunction statvfs;
  Duration timeout = Duration.ofSeconds(2);
  int parallelism = 2;
  int maxHungCalls = 8;
  Duration mountTableMaxAge = Duration.ZERO;
  boolean pollMountinfo = true;

  StatvfsProbeBuilder() {}

  /** Sets the proc root (default {@code /proc}); the one the resolver uses. */
  public StatvfsProbeBuilder procRoot(ProcRoot root) {
    this.root = Objects.requireNonNull(root, "root == null");
    return this;
  }

  /** Sets which mounts are measured (default {@link MountFilter#defaults()}). */
  public StatvfsProbeBuilder filter(MountFilter filter) {
    this.filter = Objects.requireNonNull(filter, "filter == null");
    return this;
  }

  /** Sets which containers are probed (default {@link StatvfsFilesystemProbe#DEFAULT_CONTAINERS}). */
  public StatvfsProbeBuilder containers(Predicate<Container> containers) {
    this.containers = Objects.requireNonNull(containers, "containers == null");
    return this;
  }

  /** Replaces {@code statvfs} (default {@link StatvfsFunction#jna()}); for tests and other bindings. */
  public StatvfsProbeBuilder statvfs(StatvfsFunction statvfs) {
    this.statvfs = Objects.requireNonNull(statvfs, "statvfs == null");
    return this;
  }

  /**
   * Sets how long one {@code stat}/{@code statvfs} may run before it is abandoned (default 2 s). A
   * probe takes at most about twice this when calls hang.
   *
   * @throws IllegalArgumentException if not positive
   */
  public StatvfsProbeBuilder timeout(Duration timeout) {
    this.timeout = Require.positive(timeout, "timeout");
    return this;
  }

  /**
   * Sets how many calls run at once (default 2).
   *
   * @throws IllegalArgumentException if below 1
   */
  public StatvfsProbeBuilder parallelism(int parallelism) {
    this.parallelism = Require.atLeast(parallelism, 1, "parallelism");
    return this;
  }

  /**
   * Sets how many hung calls get a replacement thread (default 8); past that, hung calls eat into
   * the parallelism and, once it is gone, calls are reported as not started.
   *
   * @throws IllegalArgumentException if negative
   */
  public StatvfsProbeBuilder maxHungCalls(int maxHungCalls) {
    this.maxHungCalls = Require.atLeast(maxHungCalls, 0, "maxHungCalls");
    return this;
  }

  /**
   * Sets how long a container's mount table is trusted without reading its mountinfo again when
   * changes cannot be polled (default zero: read on every probe). With polling (the default where
   * possible, see {@link StatvfsFilesystemProbe#changeDetection()}) this setting is not used: a table
   * is read again exactly when it changed, at no cost in between. Without it reading is what costs:
   * the kernel formats the whole table on each read, about 0.25-0.4 ms for a Docker container
   * (75-115 ms for 300); parsing happens only on change either way. Mounts rarely change while a
   * container runs (runtimes set them up before it starts), so a large host can trade up to this
   * much delay in seeing a new or removed mount for that cost; a new container's table is always
   * read at once. Meanwhile an unmounted mount is measured at its mount point, which then shows the
   * filesystem below it.
   *
   * @throws IllegalArgumentException if negative
   */
  public StatvfsProbeBuilder mountTableMaxAge(Duration maxAge) {
    this.mountTableMaxAge = Require.notNegative(maxAge, "mountTableMaxAge");
    return this;
  }

  /**
   * Sets whether mount table changes are found with {@code poll(2)} on held {@code mountinfo}
   * descriptors where that is possible (default true); false reads and compares every table on every
   * probe (or per {@link #mountTableMaxAge}), holding no descriptor. See the probe's class comment.
   */
  public StatvfsProbeBuilder pollMountinfo(boolean poll) {
    this.pollMountinfo = poll;
    return this;
  }

  /**
   * {@return the probe}
   *
   * @throws IllegalStateException if no {@code statvfs} was set and JNA cannot be loaded here
   * @see #tryBuild()
   */
  public StatvfsFilesystemProbe build() {
    return new StatvfsFilesystemProbe(this, statvfs != null ? statvfs : StatvfsFunction.jna());
  }

  /**
   * Builds the probe where {@code statvfs} can be called here, and says why not where it cannot (JNA
   * or libc cannot be loaded, not 64-bit Linux on x86-64 or arm64): for an agent that measures
   * filesystems when it can and warns once when it cannot.
   *
   * @return the probe, or the reason there is none; never throws for an unavailable {@code statvfs}
   */
  public Availability tryBuild() {
    return attempt(this::build);
  }

  /** {@return what {@code build} gives, or why it gave nothing when it threw IllegalStateException} */
  static Availability attempt(Supplier<StatvfsFilesystemProbe> build) {
    try {
      return new Availability(Optional.of(build.get()), null);
    } catch (IllegalStateException e) {
      return new Availability(Optional.empty(), Failures.describe(e));
    }
  }

  /**
   * What {@link #tryBuild()} built; immutable.
   *
   * @param probe the probe; empty when {@code statvfs} cannot be called here
   * @param reason why there is no probe, on one line (the exception's message with its causes'); null
   *     when there is one
   */
  public record Availability(Optional<StatvfsFilesystemProbe> probe, String reason) {
    /**
     * Checks that there is a probe or a reason, not both.
     *
     * @throws NullPointerException if {@code probe} is null
     * @throws IllegalArgumentException if both or neither are given
     */
    public Availability {
      Objects.requireNonNull(probe, "probe == null");
      if (probe.isPresent() == (reason != null)) {
        throw new IllegalArgumentException("exactly one of probe and reason must be given");
      }
    }
  }
}
