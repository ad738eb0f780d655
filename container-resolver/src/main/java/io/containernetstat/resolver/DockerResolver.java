package io.containernetstat.resolver;

import io.containernetstat.core.internal.HostNetnsDetection;
import io.containernetstat.core.NetnsResolver;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.Resolution;
import io.containernetstat.core.ResolverException;
import io.containernetstat.core.Snapshot.HostNetns;
import io.containernetstat.resolver.internal.DaemonHealth;
import io.containernetstat.resolver.internal.DockerApi;
import io.containernetstat.resolver.internal.DockerCallException;
import io.containernetstat.resolver.internal.DockerContainers;
import io.containernetstat.resolver.internal.DockerEvents;
import io.containernetstat.resolver.internal.DockerJavaApi;
import io.containernetstat.resolver.internal.ProcFiles;
import io.containernetstat.resolver.internal.ResolutionCycle;
import java.util.List;

/**
 * Finds containers through the Docker Engine API; one caller at a time, as {@link NetnsResolver}
 * requires (the events stream runs on a thread of its own and only raises flags).
 *
 * <p>Steady state makes no API call: the events stream (on a connection of its own) says when a
 * container starts or stops, and only then, or every {@link ResolverOptions#dockerResync()}, is the
 * list called once. Without the stream (disabled, or broken) the list is called once per cycle. A
 * container is inspected only when first seen, or when its PID no longer holds (it restarted: same
 * id, new PID and start time). Every cycle checks each PID in the proc root: alive with the same start
 * time, with one {@code pread} of its {@code /proc/<pid>/stat}, held open (one file descriptor per
 * container, closed when the container goes and by {@link #close()}).
 *
 * <p>Pods played by cri-dockerd are recognised by their {@code io.kubernetes.*} labels, the sandbox by
 * {@code io.kubernetes.docker.type=podsandbox}; containers started with
 * {@code --network container:X} join X's namespace; namespaces are grouped by the inode read from the
 * proc root in any case.
 *
 * <p>Every call is bounded by {@link ResolverOptions#callTimeout()}. When the daemon is down or does
 * not answer, the last known containers are kept only while they are still true in the proc root
 * (PID alive, same start time, same cgroup), with a warning; when none is, {@link #resolve()} throws
 * one {@link ResolverException} naming the daemon and what to check. After a failure the daemon is
 * called again only after a back-off (1 s doubling to 30 s), so a hung daemon does not cost a timeout
 * every cycle.
 */
public final class DockerResolver implements NetnsResolver {
  /** The resolver's name in reports. */
  public static final String NAME = "docker";

  private final DockerApi api;
  private final ProcFiles proc;
  private final DaemonHealth health;
  private final DockerEvents events;
  private final DockerContainers containers;
  private HostNetns host;
  /** The last resolution, while it still holds: returned as is when nothing changed. */
  private Resolution last;

  /**
   * Creates the resolver; nothing is connected until {@link #resolve()}.
   *
   * @param options the daemon address, call timeout and proc root
   */
  public DockerResolver(ResolverOptions options) {
    this(options, new DockerJavaApi(options.dockerHost(), options.callTimeout()));
  }

  /** For tests: a resolver over any {@link DockerApi}. */
  DockerResolver(ResolverOptions options, DockerApi api) {
    this.api = api;
    this.proc = new ProcFiles(options.procRoot());
    this.health = new DaemonHealth(api.host());
    this.events = new DockerEvents(api, options);
    this.containers = new DockerContainers(api, proc);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** {@return the daemon's address} */
  public String dockerHost() {
    return api.host();
  }

  /**
   * Checks whether the daemon answers, within the call timeout; while in back-off after a failure,
   * answers with that failure without calling.
   *
   * @return null when it answers, else why not (the failed call's message, without what to check: auto
   *     tells why it chose, a host without Docker is not a fault)
   */
  String probe() {
    if (health.backingOff(System.nanoTime())) {
      return health.cause();
    }
    try {
      api.ping();
      health.pinged();
      return null;
    } catch (DockerCallException e) {
      markDown(e);
      return health.cause();
    }
  }

  /** {@return whether the last call to the daemon succeeded} */
  boolean daemonReachable() {
    return health.error() == null;
  }

  @Override
  public Resolution resolve() throws ResolverException {
    long now = System.nanoTime();
    boolean changed = false;
    if (host == null) {
      host = HostNetnsDetection.detect(proc.root()).orElse(null);
      changed = host != null;
    }
    if (health.backingOff(now)) {
      return fromCache();
    }
    ResolutionCycle found = new ResolutionCycle();
    try {
      events.follow(now);
      if (events.needList(now)) {
        List<DockerApi.Summary> running = api.listRunning();
        events.listed(now);
        changed |= containers.update(running);
      }
      changed |= containers.check(found, events);
    } catch (DockerCallException e) {
      markDown(e);
      return fromCache();
    }
    health.up();
    found.reportDenied(containers.isEmpty(), "Docker containers");
    found.reportBlind(containers.isEmpty(), proc.root(), "Docker containers");
    if (host == null) {
      found.hostUnknown(proc.root(), "only --network host containers are flagged");
    }
    if (found.unchangedSince(last, changed)) {
      return last;
    }
    Resolution r = found.resolution(NAME, containers.members(), host);
    last = found.clean() ? r : null;
    return r;
  }

  private void markDown(DockerCallException e) {
    health.down(e);
    events.reset();
  }

  /** The last known containers that are still true in the proc root, while the daemon does not answer. */
  private Resolution fromCache() throws ResolverException {
    last = null;
    return containers.stillTrue(NAME, health.error(), host);
  }

  /**
   * {@inheritDoc} Yes: every container returned had its process checked in {@link #resolve()} (one
   * {@code pread} of its held {@code stat}: alive, same start time, not a zombie), or was inspected and
   * identified in it; so too while the daemon is down (the last known containers still true).
   */
  @Override
  public boolean checksProcesses() {
    return true;
  }

  /**
   * {@inheritDoc} The container whose process it was is inspected again in the next {@link #resolve()}
   * (or, while the daemon does not answer, its process identified again in the proc root), so a process
   * that moved is reported in its new namespace from that cycle on.
   */
  @Override
  public void targetGone(NetnsTarget target) {
    containers.lose(target.pid());
  }

  /** Closes the daemon connections and the stat files held for the containers. */
  @Override
  public void close() {
    api.close();
    containers.close();
  }
}
