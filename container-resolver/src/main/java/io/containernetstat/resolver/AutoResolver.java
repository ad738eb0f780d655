package io.containernetstat.resolver;

import io.containernetstat.core.NetnsResolver;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.Resolution;
import io.containernetstat.core.ResolverException;
import io.containernetstat.resolver.internal.DockerCallException;
import io.containernetstat.resolver.internal.DockerDataRoot;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses a resolver for the host and delegates to it; one caller at a time.
 *
 * <p>The choice: Docker when its daemon answers and runs containers; else the cgroup scan when it
 * finds containers (a Docker daemon that answers but runs nothing, next to a containerd or CRI-O that
 * runs the pods, counts as not there); else the netns scan. {@link #chosen()} and {@link #reason()} say
 * which and why ({@code Docker daemon at unix:///var/run/docker.sock is unreachable ('ping'): ...; the
 * cgroup scan (cgroup v2 at /sys/fs/cgroup) found 0 containers; every process's network namespace is
 * reported}), {@link #name()} is the chosen resolver's name, and a cycle that changes the choice carries
 * a warning saying so.
 *
 * <p>It probes on the first {@link #resolve()}, then again every
 * {@link ResolverOptions#reprobeInterval()}, and at once when the chosen resolver fails or Docker's
 * daemon stops answering. A probe costs at most one Docker call (bounded by the call timeout, and
 * skipped while the Docker resolver is backing off after a failure) and one cgroup scan.
 */
public final class AutoResolver implements NetnsResolver {
  private static final Logger LOG = LoggerFactory.getLogger(AutoResolver.class);

  private final ResolverOptions options;
  private final DockerResolver docker;
  private final CgroupScanResolver cgroup;
  private final NetnsScanResolver netns;
  private NetnsResolver current;
  private ResolverKind chosen = ResolverKind.AUTO;
  private String reason = "not probed yet";
  private long nextProbeNanos;

  /**
   * Creates the resolver; nothing is probed until {@link #resolve()}.
   *
   * @param options passed to the resolvers it chooses from
   */
  public AutoResolver(ResolverOptions options) {
    this(options, new DockerResolver(options));
  }

  /** For tests: with a Docker resolver over any API. */
  AutoResolver(ResolverOptions options, DockerResolver docker) {
    this(options, docker, DockerDataRoot.daemon(options));
  }

  /** For tests: with a Docker resolver over any API, and any daemon to ask for Docker's data root. */
  AutoResolver(ResolverOptions options, DockerResolver docker, DockerDataRoot.Daemon dataRoot) {
    this.options = options;
    this.docker = docker;
    // The cgroup scan runs right after a probe of the daemon: when that found it down, asking it for its
    // data root would only wait for it again.
    this.cgroup = new CgroupScanResolver(options, () -> {
      if (!docker.daemonReachable()) {
        throw new DockerCallException(DockerCallException.Kind.UNREACHABLE, "the probe found it down", null);
      }
      return dataRoot.dataRoot();
    });
    this.netns = new NetnsScanResolver(options);
  }

  /** {@return the chosen resolver's name, or {@code auto} before the first probe} */
  @Override
  public String name() {
    return current == null ? ResolverKind.AUTO.id() : current.name();
  }

  /** {@return the resolver chosen by the last probe; {@link ResolverKind#AUTO} before the first} */
  public ResolverKind chosen() {
    return chosen;
  }

  /** {@return why the last probe chose what it chose, for logs and reports} */
  public String reason() {
    return reason;
  }

  @Override
  public Resolution resolve() throws ResolverException {
    long now = System.nanoTime();
    boolean due = current == null || now - nextProbeNanos >= 0
        || (current == docker && !docker.daemonReachable());
    if (due) {
      return probe(now, null);
    }
    try {
      Resolution r = current.resolve();
      if (current == docker && !docker.daemonReachable()) {
        return probe(now, null);
      }
      return r;
    } catch (ResolverException e) {
      if (current == netns) {
        throw e;
      }
      return probe(now, current.name() + " failed: " + e.getMessage());
    }
  }

  /**
   * Chooses again, and resolves with the choice.
   *
   * @param failure why the previous choice is being left, or null
   */
  private Resolution probe(long now, String failure) throws ResolverException {
    nextProbeNanos = now + options.reprobeInterval().toNanos();
    ResolverKind before = chosen;
    Resolution result = null;
    String why;
    NetnsResolver pick;

    String dockerDown = docker.probe();
    Resolution fromDocker = null;
    if (dockerDown == null) {
      try {
        fromDocker = docker.resolve();
        if (!docker.daemonReachable()) {
          dockerDown = fromDocker.warnings().isEmpty() ? "daemon stopped answering" : fromDocker.warnings().get(0);
          fromDocker = null;
        }
      } catch (ResolverException e) {
        dockerDown = e.getMessage();
      }
    }
    if (fromDocker != null && count(fromDocker) > 0) {
      pick = docker;
      result = fromDocker;
      why = "Docker daemon answered at " + docker.dockerHost() + " with " + count(fromDocker) + " containers";
    } else {
      Resolution fromCgroup = null;
      String cgroupWhy;
      try {
        fromCgroup = cgroup.resolve();
        cgroupWhy = "the cgroup scan (" + cgroup.hierarchy().orElse("?") + ") found " + count(fromCgroup)
            + " containers";
      } catch (ResolverException e) {
        cgroupWhy = "the cgroup scan failed: " + e.getMessage();
      }
      String dockerWhy = fromDocker != null
          ? "Docker daemon at " + docker.dockerHost() + " answered but runs no container"
          : dockerDown;
      if (fromCgroup != null && count(fromCgroup) > 0) {
        pick = cgroup;
        result = fromCgroup;
        why = dockerWhy + "; " + cgroupWhy;
      } else if (fromDocker != null) {
        pick = docker;
        result = fromDocker;
        why = "Docker daemon answered at " + docker.dockerHost() + " (no container yet); " + cgroupWhy;
      } else {
        pick = netns;
        why = dockerWhy + "; " + cgroupWhy + "; every process's network namespace is reported";
      }
    }
    current = pick;
    chosen = pick == docker ? ResolverKind.DOCKER : pick == cgroup ? ResolverKind.CGROUP : ResolverKind.NETNS;
    reason = failure == null ? why : failure + "; " + why;
    if (result == null) {
      result = pick.resolve();
    }
    // The first choice is reported by the caller (chosen(), reason()); a later switch is news.
    if (chosen != before && before != ResolverKind.AUTO) {
      LOG.info("resolver: using {} ({})", chosen, reason);
      List<String> warnings = new ArrayList<>(result.warnings());
      warnings.add("auto: using " + chosen + " instead of " + before + ": " + reason);
      result = new Resolution(result.resolver(), result.namespaces(), result.skipped(), warnings, result.failed());
    }
    return result;
  }

  /** {@return whether the resolver chosen for the last {@link #resolve()} checks its targets' processes} */
  @Override
  public boolean checksProcesses() {
    return current != null && current.checksProcesses();
  }

  /** Passes the call on to the resolver chosen for the last {@link #resolve()}, whose target it is. */
  @Override
  public void targetGone(NetnsTarget target) {
    if (current != null) {
      current.targetGone(target);
    }
  }

  private static int count(Resolution r) {
    int n = 0;
    for (NetnsTarget t : r.namespaces()) {
      n += t.containers().size();
    }
    return n;
  }

  @Override
  public void close() {
    docker.close();
    cgroup.close();
    netns.close();
  }
}
