package io.containernetstat.resolver;

import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.internal.Require;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where the resolvers look and how long they wait; immutable and thread-safe. Build with
 * {@link #builder()}; {@link #defaults()} suits an agent running on the host as root.
 *
 * <p>An agent running in a container (a DaemonSet) mounts the host's directories and points every path
 * here at them, for example {@code /host/proc}, {@code /host/sys/fs/cgroup} and
 * {@code /host/run/containerd/io.containerd.runtime.v2.task}.
 *
 * @param procRoot the proc root every PID is read through
 * @param cgroupRoot where the cgroup file systems are mounted, {@code /sys/fs/cgroup} by default
 * @param cgroupHierarchy the cgroup v1 hierarchy to scan, a directory under {@code cgroupRoot} such as
 *     {@code pids}; null to choose: the root itself on a cgroup v2 host, else the first of
 *     {@link #DEFAULT_V1_HIERARCHIES} that exists
 * @param dockerHost the Docker daemon address, {@code unix:///...} or {@code tcp://...}
 * @param dockerDataRoot Docker's data root read by the cgroup scan for names and labels
 *     ({@code <root>/containers/<id>/config.v2.json}), or null to skip it; with
 *     {@code dockerDataRootFromDaemon} the one used only when no Docker daemon answers
 *     ({@link #DEFAULT_DOCKER_DATA_ROOT} by default). Read as is, not under the proc root: an agent in a
 *     container mounts the host's data root and gives the path it is mounted at
 * @param dockerDataRootFromDaemon whether the cgroup scan asks the Docker daemon at {@code dockerHost}
 *     for its data root ({@code DockerRootDir} of {@code docker info}, one call on the first scan) before
 *     falling back to {@code dockerDataRoot}; true by default, false once {@code dockerDataRoot} is set
 * @param containerdRoots the containerd task roots searched for bundles
 *     ({@code <root>/<namespace>/<id>/config.json})
 * @param crioRoots the CRI-O / podman {@code overlay-containers} directories
 *     ({@code <root>/<id>/userdata/config.json})
 * @param callTimeout the longest any one Docker API call may take before it is abandoned; 5 s by default
 *     (a list of 300 containers took more than 2 s on a loaded 2-core host)
 * @param mode how many collections the resolver will serve: {@link Mode#CONTINUOUS} by default
 * @param dockerEvents whether the Docker resolver follows the events stream instead of listing every
 *     cycle; chosen by the mode ({@link Mode#followsDockerEvents()}) unless set on its own
 * @param dockerResync how often the Docker resolver lists containers even when the events stream is quiet
 * @param reprobeInterval how often the auto resolver probes again which resolver to use
 */
public record ResolverOptions(
    ProcRoot procRoot,
    Path cgroupRoot,
    String cgroupHierarchy,
    String dockerHost,
    Path dockerDataRoot,
    boolean dockerDataRootFromDaemon,
    List<Path> containerdRoots,
    List<Path> crioRoots,
    Duration callTimeout,
    Mode mode,
    boolean dockerEvents,
    Duration dockerResync,
    Duration reprobeInterval) {

  /** Docker's socket when {@code DOCKER_HOST} is not set. */
  public static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";

  /** Docker's data root when it is neither given nor told by the daemon. */
  public static final Path DEFAULT_DOCKER_DATA_ROOT = Path.of("/var/lib/docker");

  /** containerd task roots: a standalone containerd's, and Docker's own containerd's. */
  public static final List<Path> DEFAULT_CONTAINERD_ROOTS = List.of(
      Path.of("/run/containerd/io.containerd.runtime.v2.task"),
      Path.of("/run/docker/containerd/daemon/io.containerd.runtime.v2.task"));

  /** CRI-O's run root, then podman's (root) storage. */
  public static final List<Path> DEFAULT_CRIO_ROOTS = List.of(
      Path.of("/run/containers/storage/overlay-containers"),
      Path.of("/var/lib/containers/storage/overlay-containers"));

  /** The cgroup v1 hierarchies tried, in order, when none is configured on a v1 or hybrid host. */
  public static final List<String> DEFAULT_V1_HIERARCHIES = List.of("pids", "memory", "systemd");

  /**
   * How many collections the resolver serves, which decides what is worth setting up for later cycles.
   */
  public enum Mode {
    /**
     * One collection (a single {@code --once}): Docker's events stream is not followed, one list call
     * costs less than a subscription that no later cycle would use.
     */
    ONE_COLLECTION,
    /** Collections one after the other (a scrape server, a push loop, {@code --once} with more cycles). */
    CONTINUOUS;

    /** {@return whether Docker's events stream is followed: only when more than one collection will run} */
    public boolean followsDockerEvents() {
      return this == CONTINUOUS;
    }

    /**
     * {@return the mode of a run of {@code collections} collections}
     *
     * @param collections how many collections will run; 1 or more
     * @throws IllegalArgumentException if {@code collections < 1}
     */
    public static Mode of(long collections) {
      return Require.atLeast(collections, 1, "collections") == 1 ? ONE_COLLECTION : CONTINUOUS;
    }
  }

  /**
   * Validates and copies the lists.
   *
   * @throws NullPointerException if a path, the Docker host, the mode or a duration is null
   * @throws IllegalArgumentException if the hierarchy is not a directory name or a duration is not positive
   */
  public ResolverOptions {
    Objects.requireNonNull(procRoot, "procRoot == null");
    Objects.requireNonNull(cgroupRoot, "cgroupRoot == null");
    Builder.checkHierarchy(cgroupHierarchy);
    Objects.requireNonNull(dockerHost, "dockerHost == null");
    containerdRoots = List.copyOf(containerdRoots);
    crioRoots = List.copyOf(crioRoots);
    Require.positive(callTimeout, "callTimeout");
    Objects.requireNonNull(mode, "mode == null");
    Require.positive(dockerResync, "dockerResync");
    Require.positive(reprobeInterval, "reprobeInterval");
  }

  /** {@return the defaults: {@code /proc}, {@code /sys/fs/cgroup}, {@code DOCKER_HOST} or the default socket} */
  public static ResolverOptions defaults() {
    return builder().build();
  }

  /** {@return a builder holding the defaults} */
  public static Builder builder() {
    return new Builder(new ResolverOptions(ProcRoot.DEFAULT, Path.of("/sys/fs/cgroup"), null,
        Builder.defaultDockerHost(), DEFAULT_DOCKER_DATA_ROOT, true, DEFAULT_CONTAINERD_ROOTS, DEFAULT_CRIO_ROOTS,
        Duration.ofSeconds(5), Mode.CONTINUOUS, Mode.CONTINUOUS.followsDockerEvents(), Duration.ofSeconds(60),
        Duration.ofSeconds(60)));
  }

  /** {@return a builder holding these options} */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** {@return the options on one line, as logs show them} */
  @Override
  public String toString() {
    return "ResolverOptions{procRoot=" + procRoot.path() + ", cgroupRoot=" + cgroupRoot
        + ", cgroupHierarchy=" + (cgroupHierarchy == null ? "auto" : cgroupHierarchy)
        + ", dockerHost=" + dockerHost + ", dockerDataRoot=" + dockerDataRoot
        + (dockerDataRootFromDaemon ? " (unless the daemon tells another)" : "")
        + ", containerdRoots=" + containerdRoots + ", crioRoots=" + crioRoots
        + ", callTimeout=" + callTimeout + ", dockerEvents=" + dockerEvents
        + ", dockerResync=" + dockerResync + ", reprobeInterval=" + reprobeInterval + '}';
  }

  /** Builds {@link ResolverOptions}; not thread-safe. Each setter checks its value at once. */
  public static final class Builder {
    private ProcRoot procRoot;
    private Path cgroupRoot;
    private String cgroupHierarchy;
    private String dockerHost;
    private Path dockerDataRoot;
    private boolean dockerDataRootFromDaemon;
    private List<Path> containerdRoots;
    private List<Path> crioRoots;
    private Duration callTimeout;
    private Mode mode;
    private boolean dockerEvents;
    private Duration dockerResync;
    private Duration reprobeInterval;

    private Builder(ResolverOptions o) {
      procRoot = o.procRoot;
      cgroupRoot = o.cgroupRoot;
      cgroupHierarchy = o.cgroupHierarchy;
      dockerHost = o.dockerHost;
      dockerDataRoot = o.dockerDataRoot;
      dockerDataRootFromDaemon = o.dockerDataRootFromDaemon;
      containerdRoots = o.containerdRoots;
      crioRoots = o.crioRoots;
      callTimeout = o.callTimeout;
      mode = o.mode;
      dockerEvents = o.dockerEvents;
      dockerResync = o.dockerResync;
      reprobeInterval = o.reprobeInterval;
    }

    /**
     * Sets the proc root.
     *
     * @param procRoot where the host's procfs is mounted
     * @return this builder
     */
    public Builder procRoot(ProcRoot procRoot) {
      this.procRoot = Objects.requireNonNull(procRoot, "procRoot == null");
      return this;
    }

    /**
     * Sets the cgroup root.
     *
     * @param cgroupRoot where the host's cgroup file systems are mounted
     * @return this builder
     */
    public Builder cgroupRoot(Path cgroupRoot) {
      this.cgroupRoot = Objects.requireNonNull(cgroupRoot, "cgroupRoot == null");
      return this;
    }

    /**
     * Sets the cgroup v1 hierarchy to scan.
     *
     * @param hierarchy a directory name under the cgroup root ({@code pids}, {@code memory},
     *     {@code systemd}, {@code unified}), {@code ""} for the root itself, or null to choose
     * @return this builder
     * @throws IllegalArgumentException if the name contains {@code /} or is {@code ..}
     */
    public Builder cgroupHierarchy(String hierarchy) {
      this.cgroupHierarchy = checkHierarchy(hierarchy);
      return this;
    }

    /**
     * Sets the Docker daemon address.
     *
     * @param dockerHost {@code unix:///path} or {@code tcp://host:port}; null for {@code DOCKER_HOST}
     *     or the default socket
     * @return this builder
     */
    public Builder dockerHost(String dockerHost) {
      this.dockerHost = dockerHost == null || dockerHost.isBlank() ? defaultDockerHost() : dockerHost;
      return this;
    }

    /**
     * Sets Docker's data root, read by the cgroup scan for names and labels; the daemon is then not
     * asked for it.
     *
     * @param dockerDataRoot for example {@code /var/lib/docker}, or where an agent in a container has the
     *     host's mounted; null to skip Docker's files
     * @return this builder
     */
    public Builder dockerDataRoot(Path dockerDataRoot) {
      this.dockerDataRoot = dockerDataRoot;
      this.dockerDataRootFromDaemon = false;
      return this;
    }

    /**
     * Sets the containerd task roots searched for bundles.
     *
     * @param roots directories holding {@code <namespace>/<id>/config.json}
     * @return this builder
     */
    public Builder containerdRoots(List<Path> roots) {
      this.containerdRoots = List.copyOf(roots);
      return this;
    }

    /**
     * Sets the CRI-O / podman container directories.
     *
     * @param roots directories holding {@code <id>/userdata/config.json}
     * @return this builder
     */
    public Builder crioRoots(List<Path> roots) {
      this.crioRoots = List.copyOf(roots);
      return this;
    }

    /**
     * Sets the bound on each Docker API call.
     *
     * @param timeout positive
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = Require.positive(timeout, "callTimeout");
      return this;
    }

    /**
     * Sets how many collections the resolver serves, and with it whether Docker's events stream is
     * followed ({@link Mode#followsDockerEvents()}: only when more than one collection will run).
     *
     * @param mode one collection or continuous
     * @return this builder
     */
    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode == null");
      this.dockerEvents = mode.followsDockerEvents();
      return this;
    }

    /**
     * Sets whether the Docker resolver follows the events stream (on its own connection), whatever the
     * {@link #mode}; without it, it lists containers every cycle. Overrides the choice of a {@link #mode}
     * set before, and is overridden by one set after.
     *
     * @param enabled true to follow events
     * @return this builder
     */
    public Builder dockerEvents(boolean enabled) {
      this.dockerEvents = enabled;
      return this;
    }

    /**
     * Sets how often the Docker resolver lists containers while the events stream is quiet.
     *
     * @param interval positive
     * @return this builder
     */
    public Builder dockerResync(Duration interval) {
      this.dockerResync = Require.positive(interval, "dockerResync");
      return this;
    }

    /**
     * Sets how often the auto resolver probes again.
     *
     * @param interval positive
     * @return this builder
     */
    public Builder reprobeInterval(Duration interval) {
      this.reprobeInterval = Require.positive(interval, "reprobeInterval");
      return this;
    }

    /** {@return the options} */
    public ResolverOptions build() {
      return new ResolverOptions(procRoot, cgroupRoot, cgroupHierarchy, dockerHost, dockerDataRoot,
          dockerDataRootFromDaemon, containerdRoots, crioRoots, callTimeout, mode, dockerEvents, dockerResync,
          reprobeInterval);
    }

    private static String checkHierarchy(String hierarchy) {
      if (hierarchy != null && (hierarchy.contains("/") || hierarchy.equals("..") || hierarchy.equals("."))) {
        throw new IllegalArgumentException("cgroup hierarchy must be a directory name: " + hierarchy);
      }
      return hierarchy;
    }

    private static String defaultDockerHost() {
      String env = System.getenv("DOCKER_HOST");
      return env == null || env.isBlank() ? DEFAULT_DOCKER_HOST : env;
    }
  }
}
