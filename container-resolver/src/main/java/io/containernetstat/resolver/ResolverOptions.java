package io.containernetstat.resolver;

import io.containernetstat.core.ProcRoot;
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
 */
public final class ResolverOptions {
  /** Docker's socket when {@code DOCKER_HOST} is not set. */
  public static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";

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

  private final ProcRoot procRoot;
  private final Path cgroupRoot;
  private final String cgroupHierarchy;
  private final String dockerHost;
  private final Path dockerDataRoot;
  private final List<Path> containerdRoots;
  private final List<Path> crioRoots;
  private final Duration callTimeout;
  private final boolean dockerEvents;
  private final Duration dockerResync;
  private final Duration reprobeInterval;

  private ResolverOptions(Builder b) {
    this.procRoot = b.procRoot;
    this.cgroupRoot = b.cgroupRoot;
    this.cgroupHierarchy = b.cgroupHierarchy;
    this.dockerHost = b.dockerHost;
    this.dockerDataRoot = b.dockerDataRoot;
    this.containerdRoots = List.copyOf(b.containerdRoots);
    this.crioRoots = List.copyOf(b.crioRoots);
    this.callTimeout = b.callTimeout;
    this.dockerEvents = b.dockerEvents;
    this.dockerResync = b.dockerResync;
    this.reprobeInterval = b.reprobeInterval;
  }

  /** {@return the defaults: {@code /proc}, {@code /sys/fs/cgroup}, {@code DOCKER_HOST} or the default socket} */
  public static ResolverOptions defaults() {
    return builder().build();
  }

  /** {@return a builder holding the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding these options} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.procRoot = procRoot;
    b.cgroupRoot = cgroupRoot;
    b.cgroupHierarchy = cgroupHierarchy;
    b.dockerHost = dockerHost;
    b.dockerDataRoot = dockerDataRoot;
    b.containerdRoots = containerdRoots;
    b.crioRoots = crioRoots;
    b.callTimeout = callTimeout;
    b.dockerEvents = dockerEvents;
    b.dockerResync = dockerResync;
    b.reprobeInterval = reprobeInterval;
    return b;
  }

  /** {@return the proc root every PID is read through} */
  public ProcRoot procRoot() {
    return procRoot;
  }

  /** {@return where the cgroup file systems are mounted, {@code /sys/fs/cgroup} by default} */
  public Path cgroupRoot() {
    return cgroupRoot;
  }

  /**
   * {@return the cgroup v1 hierarchy to scan, a directory under {@link #cgroupRoot} such as
   * {@code pids}; null to choose: the root itself on a cgroup v2 host, else the first of
   * {@link #DEFAULT_V1_HIERARCHIES} that exists}
   */
  public String cgroupHierarchy() {
    return cgroupHierarchy;
  }

  /** {@return the Docker daemon address, {@code unix:///...} or {@code tcp://...}} */
  public String dockerHost() {
    return dockerHost;
  }

  /** {@return Docker's data root read by the cgroup scan ({@code /var/lib/docker}), or null to skip it} */
  public Path dockerDataRoot() {
    return dockerDataRoot;
  }

  /** {@return the containerd task roots searched for bundles ({@code <root>/<namespace>/<id>/config.json})} */
  public List<Path> containerdRoots() {
    return containerdRoots;
  }

  /** {@return the CRI-O / podman {@code overlay-containers} directories ({@code <root>/<id>/userdata/config.json})} */
  public List<Path> crioRoots() {
    return crioRoots;
  }

  /**
   * {@return the longest any one Docker API call may take before it is abandoned; 5 s by default (a
   * list of 300 containers took more than 2 s on a loaded 2-core host)}
   */
  public Duration callTimeout() {
    return callTimeout;
  }

  /** {@return whether the Docker resolver follows the events stream instead of listing every cycle} */
  public boolean dockerEvents() {
    return dockerEvents;
  }

  /** {@return how often the Docker resolver lists containers even when the events stream is quiet} */
  public Duration dockerResync() {
    return dockerResync;
  }

  /** {@return how often the auto resolver probes again which resolver to use} */
  public Duration reprobeInterval() {
    return reprobeInterval;
  }

  @Override
  public String toString() {
    return "ResolverOptions{procRoot=" + procRoot.path() + ", cgroupRoot=" + cgroupRoot
        + ", cgroupHierarchy=" + (cgroupHierarchy == null ? "auto" : cgroupHierarchy)
        + ", dockerHost=" + dockerHost + ", dockerDataRoot=" + dockerDataRoot
        + ", containerdRoots=" + containerdRoots + ", crioRoots=" + crioRoots
        + ", callTimeout=" + callTimeout + ", dockerEvents=" + dockerEvents
        + ", dockerResync=" + dockerResync + ", reprobeInterval=" + reprobeInterval + '}';
  }

  /** Builds {@link ResolverOptions}; not thread-safe. */
  public static final class Builder {
    private ProcRoot procRoot = ProcRoot.DEFAULT;
    private Path cgroupRoot = Path.of("/sys/fs/cgroup");
    private String cgroupHierarchy;
    private String dockerHost = defaultDockerHost();
    private Path dockerDataRoot = Path.of("/var/lib/docker");
    private List<Path> containerdRoots = DEFAULT_CONTAINERD_ROOTS;
    private List<Path> crioRoots = DEFAULT_CRIO_ROOTS;
    private Duration callTimeout = Duration.ofSeconds(5);
    private boolean dockerEvents = true;
    private Duration dockerResync = Duration.ofSeconds(60);
    private Duration reprobeInterval = Duration.ofSeconds(60);

    private Builder() {}

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
      if (hierarchy != null && (hierarchy.contains("/") || hierarchy.equals("..") || hierarchy.equals("."))) {
        throw new IllegalArgumentException("cgroup hierarchy must be a directory name: " + hierarchy);
      }
      this.cgroupHierarchy = hierarchy;
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
     * Sets Docker's data root, read by the cgroup scan for names and labels.
     *
     * @param dockerDataRoot for example {@code /var/lib/docker}; null to skip
     * @return this builder
     */
    public Builder dockerDataRoot(Path dockerDataRoot) {
      this.dockerDataRoot = dockerDataRoot;
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
      this.callTimeout = positive(timeout, "callTimeout");
      return this;
    }

    /**
     * Sets whether the Docker resolver follows the events stream (on its own connection). Without it, it
     * lists containers every cycle.
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
      this.dockerResync = positive(interval, "dockerResync");
      return this;
    }

    /**
     * Sets how often the auto resolver probes again.
     *
     * @param interval positive
     * @return this builder
     */
    public Builder reprobeInterval(Duration interval) {
      this.reprobeInterval = positive(interval, "reprobeInterval");
      return this;
    }

    /** {@return the options} */
    public ResolverOptions build() {
      return new ResolverOptions(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name + " == null");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " <= 0: " + d);
      }
      return d;
    }

    private static String defaultDockerHost() {
      String env = System.getenv("DOCKER_HOST");
      return env == null || env.isBlank() ? DEFAULT_DOCKER_HOST : env;
    }
  }
}
