package io.containernetstat.resolver;

import io.containernetstat.core.Container;
import io.containernetstat.core.internal.HostNetns;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.NetnsResolver;
import io.containernetstat.core.internal.ProcFormatException;
import io.containernetstat.core.Resolution;
import io.containernetstat.core.ResolverException;
import io.containernetstat.resolver.internal.DockerApi;
import io.containernetstat.resolver.internal.DockerCallException;
import io.containernetstat.resolver.internal.DockerJavaApi;
import io.containernetstat.resolver.internal.KubernetesIdentity;
import io.containernetstat.resolver.internal.NetnsGrouper;
import io.containernetstat.resolver.internal.ProcFiles;
import io.containernetstat.resolver.internal.ProcessFailure;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  private static final Logger LOG = LoggerFactory.getLogger(DockerResolver.class);
  private static final long MIN_BACKOFF_NANOS = 1_000_000_000L;
  private static final long MAX_BACKOFF_NANOS = 30_000_000_000L;
  private static final long RESUBSCRIBE_NANOS = 5_000_000_000L;

  private final ResolverOptions options;
  private final DockerApi api;
  private final ProcFiles proc;
  private final Map<String, Known> known = new HashMap<>();

  /** Set by the events thread: a container started or stopped since the last list. */
  private final AtomicBoolean dirty = new AtomicBoolean(true);
  /** Set by the events thread once the daemon accepted the subscription; cleared when it ends. */
  private final AtomicBoolean eventsLive = new AtomicBoolean(false);
  /** Set when a subscription was requested; cleared when it fails, so that the next cycle asks again. */
  private final AtomicBoolean eventsRequested = new AtomicBoolean(false);
  private long lastSubscribeNanos;
  private long lastListNanos;
  private boolean everListed;

  private String daemonError;
  /** Whether the daemon ever answered a probe: only then is a failed probe worth a warning. */
  private boolean pingedOnce;
  private long backoffNanos;
  private long nextAttemptNanos;
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
    this.options = options;
    this.api = api;
    this.proc = new ProcFiles(options.procRoot());
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
   * @return null when it answers, else why not
   */
  String probe() {
    if (daemonError != null && System.nanoTime() - nextAttemptNanos < 0) {
      return daemonError;
    }
    try {
      api.ping();
      pingedOnce = true;
      return null;
    } catch (DockerCallException e) {
      // Auto probes Docker first: a host without Docker is not news, a daemon that went away is.
      markDown(e, !pingedOnce);
      return daemonError;
    }
  }

  /** {@return whether the last call to the daemon succeeded} */
  boolean daemonReachable() {
    return daemonError == null;
  }

  @Override
  public Resolution resolve() throws ResolverException {
    long now = System.nanoTime();
    boolean changed = false;
    if (host == null) {
      host = HostNetns.detect(proc.root()).orElse(null);
      changed = host != null;
    }
    if (daemonError != null && now - nextAttemptNanos < 0) {
      return fromCache();
    }
    List<String> warnings = new ArrayList<>(0);
    List<NamespaceSnapshot> failed = new ArrayList<>(0);
    int skipped = 0;
    int denied = 0;
    IOException lastDenied = null;
    try {
      followEvents(now);
      if (needList(now)) {
        List<DockerApi.Summary> running = api.listRunning();
        lastListNanos = now;
        everListed = true;
        Set<String> ids = new HashSet<>(running.size() * 2);
        for (DockerApi.Summary s : running) {
          ids.add(s.id());
          Known k = known.get(s.id());
          if (k == null) {
            known.put(s.id(), new Known(s));
            changed = true;
          } else {
            k.summary = s;
          }
        }
        for (Iterator<Known> it = known.values().iterator(); it.hasNext(); ) {
          Known k = it.next();
          if (!ids.contains(k.summary.id())) {
            k.drop();
            it.remove();
            changed = true;
          }
        }
      }
      for (Iterator<Known> it = known.values().iterator(); it.hasNext(); ) {
        Known k = it.next();
        k.failed = false;
        boolean running;
        try {
          if (k.member != null && proc.startTime(k.stat, k.statSource) == k.member.container().startTime()) {
            continue;
          }
          changed = true;
          k.drop();
          running = inspect(k);
        } catch (DockerCallException e) {
          if (e.kind() != DockerCallException.Kind.FAILED) {
            throw e;
          }
          // The daemon answered with an error about this one container: skip it, keep the others.
          warnings.add(e.getMessage());
          running = false;
        } catch (AccessDeniedException e) {
          // Not an exit: left out (until the next list) with one warning for all such containers.
          denied++;
          lastDenied = e;
          k.drop();
          it.remove();
          continue;
        } catch (ProcessFailure e) {
          // There but unreadable or malformed: failed in every cycle until it is right again (kept, so
          // the next cycle inspects it again), never skipped as if it had stopped.
          failed.add(failure(k, e));
          continue;
        } catch (IOException | ProcFormatException e) {
          // The held stat of the process taken earlier.
          failed.add(failure(k, ProcessFailure.of(k.member.container().pid(), e)));
          continue;
        }
        if (!running) {
          // Stopped, or stopped and started again between the calls: the next list sorts it out.
          k.drop();
          it.remove();
          dirty.set(true);
          skipped++;
        }
      }
    } catch (DockerCallException e) {
      markDown(e);
      return fromCache();
    }
    if (daemonError != null) {
      LOG.info("Docker daemon at {} answers again", api.host());
      daemonError = null;
      backoffNanos = 0;
    }
    if (denied > 0) {
      if (known.isEmpty()) {
        throw new ResolverException("cannot read the network namespace of any of " + denied
            + " Docker containers: " + lastDenied.getMessage() + " (run as root or with CAP_SYS_PTRACE)", lastDenied);
      }
      warnings.add(denied + " containers skipped: " + lastDenied.getMessage());
    }
    if (host == null) {
      warnings.add("host network namespace unknown: neither pid 1 nor pid 2 (kthreadd) of "
          + proc.root().path() + " is readable; only --network host containers are flagged");
    }
    if (!changed && skipped == 0 && warnings.isEmpty() && failed.isEmpty() && last != null) {
      return last;
    }
    List<NetnsGrouper.Member> members = new ArrayList<>(known.size());
    for (Known k : known.values()) {
      if (k.member != null && !k.failed) {
        members.add(k.member);
      }
    }
    Resolution r = new Resolution(NAME, NetnsGrouper.group(members, host == null ? -1 : host.inode()), skipped,
        warnings, failed);
    last = skipped == 0 && warnings.isEmpty() && failed.isEmpty() ? r : null;
    return r;
  }

  /** The container as far as it is known, failed with why; marked so that it is not also a member. */
  private static NamespaceSnapshot failure(Known k, ProcessFailure f) {
    k.failed = true;
    if (k.member != null) {
      return f.toSnapshot(k.member.container(), k.member.netnsInode());
    }
    DockerApi.Details d = k.details;
    Container c = d != null
        ? member(d, f.pid(), -1, 0).container()
        : new Container(k.summary.id(), k.summary.name(), k.summary.image(), "docker", f.pid(), -1,
            k.summary.labels(), null, null, false);
    return f.toSnapshot(c);
  }

  /**
   * Whether this cycle lists containers. Clears the dirty flag first: an event that arrives during
   * the list sets it again, so the next cycle lists again rather than miss it.
   */
  private boolean needList(long now) {
    boolean changed = dirty.getAndSet(false);
    return changed || !options.dockerEvents() || !eventsLive.get() || !everListed
        || now - lastListNanos >= options.dockerResync().toNanos();
  }

  /**
   * Subscribes to events when enabled and not subscribed; after a failed stream, tries again at most
   * every 5 s.
   */
  private void followEvents(long now) throws DockerCallException {
    if (!options.dockerEvents() || eventsRequested.get()) {
      return;
    }
    if (lastSubscribeNanos != 0 && now - lastSubscribeNanos < RESUBSCRIBE_NANOS) {
      return;
    }
    lastSubscribeNanos = now;
    eventsRequested.set(true);
    api.watchEvents(new DockerApi.EventListener() {
      @Override
      public void started() {
        // Events from now on arrive: a list made after this point misses nothing.
        dirty.set(true);
        eventsLive.set(true);
      }

      @Override
      public void event(String action, String id) {
        dirty.set(true);
      }

      @Override
      public void failed(String reason) {
        if (eventsLive.getAndSet(false)) {
          LOG.warn("Docker events stream from {} ended ({}); listing containers every cycle until it is back",
              api.host(), reason);
        }
        eventsRequested.set(false);
        dirty.set(true);
      }
    });
  }

  /**
   * Inspects a container and takes its PID, checked in the proc root.
   *
   * @return false when it is not running, or its PID is gone or belongs to another process by now
   */
  private boolean inspect(Known k) throws DockerCallException, IOException, ProcessFailure {
    DockerApi.Details d = api.inspect(k.summary.id());
    if (d == null || !d.running() || d.pid() <= 0) {
      return false;
    }
    k.details = d;
    try {
      return take(k, d);
    } catch (AccessDeniedException e) {
      throw e;
    } catch (IOException | ProcFormatException e) {
      throw ProcessFailure.of(d.pid(), e);
    }
  }

  /** Takes the container's process from the proc root; false when it is gone or another process's. */
  private boolean take(Known k, DockerApi.Details d) throws IOException {
    // A PID reused by another process after the container stopped is not in the container's cgroup.
    ProcFiles.Identity id = proc.identify(d.pid(), d.id());
    if (id == null) {
      return false;
    }
    k.stat = id.stat();
    k.statSource = id.statSource();
    k.cgroup = id.cgroup();
    k.member = member(d, d.pid(), id.startTime(), id.netnsInode());
    return true;
  }

  private static NetnsGrouper.Member member(DockerApi.Details d, long pid, long startTime, long inode) {
    KubernetesIdentity k8s = KubernetesIdentity.from(d.labels(), null);
    Container c = new Container(d.id(), d.name(), d.image(), "docker", pid, startTime, d.labels(), k8s.pod(),
        k8s.podContainer(), k8s.sandbox());
    String mode = d.networkMode();
    String joined = mode != null && mode.startsWith("container:") ? mode.substring("container:".length()) : null;
    return new NetnsGrouper.Member(c, inode, joined, "host".equals(mode));
  }

  private void markDown(DockerCallException e) {
    markDown(e, false);
  }

  private void markDown(DockerCallException e, boolean quiet) {
    String message = e.getMessage() + ". Check that dockerd is running, that " + api.host()
        + " is its address (DOCKER_HOST or the resolver's docker host setting) and that this process may open"
        + " it (root or the docker group)";
    if (daemonError == null) {
      if (quiet) {
        LOG.debug("{}", message);
      } else {
        LOG.warn("{}", message);
      }
    }
    daemonError = message;
    backoffNanos = backoffNanos == 0 ? MIN_BACKOFF_NANOS : Math.min(MAX_BACKOFF_NANOS, backoffNanos * 2);
    nextAttemptNanos = System.nanoTime() + backoffNanos;
    eventsLive.set(false);
    eventsRequested.set(false);
    lastSubscribeNanos = 0;
    dirty.set(true);
  }

  /**
   * The last known containers that are still true in the proc root: PID alive with the same start time
   * and the same cgroup.
   */
  private Resolution fromCache() throws ResolverException {
    last = null;
    List<NetnsGrouper.Member> members = new ArrayList<>(known.size());
    List<NamespaceSnapshot> failed = new ArrayList<>(0);
    int gone = 0;
    for (Iterator<Known> it = known.values().iterator(); it.hasNext(); ) {
      Known k = it.next();
      if (k.member == null) {
        k.drop();
        it.remove();
        continue;
      }
      boolean alive;
      try {
        alive = proc.startTime(k.stat, k.statSource) == k.member.container().startTime()
            && k.cgroup.equals(proc.cgroupText(k.member.container().pid()));
      } catch (IOException | ProcFormatException e) {
        failed.add(failure(k, ProcessFailure.of(k.member.container().pid(), e)));
        continue;
      }
      if (alive) {
        members.add(k.member);
      } else {
        k.drop();
        it.remove();
        gone++;
      }
    }
    if (members.isEmpty()) {
      throw new ResolverException(daemonError);
    }
    String warning = daemonError + "; using " + members.size() + " last known containers still running"
        + (gone > 0 ? " (" + gone + " gone since)" : "");
    return new Resolution(NAME, NetnsGrouper.group(members, host == null ? -1 : host.inode()), 0, List.of(warning),
        failed);
  }

  /** Closes the daemon connections and the stat files held for the containers. */
  @Override
  public void close() {
    api.close();
    for (Known k : known.values()) {
      k.drop();
    }
    known.clear();
  }

  /** What is known about one running container. */
  private static final class Known {
    DockerApi.Summary summary;
    DockerApi.Details details;
    /** The container's main process's stat file, held open: checking it each cycle costs one pread. */
    FileChannel stat;
    String statSource;
    String cgroup;
    NetnsGrouper.Member member;
    /** Whether this cycle reported it failed (then it is no member). */
    boolean failed;

    void drop() {
      ProcFiles.closeQuietly(stat);
      stat = null;
      member = null;
    }

    Known(DockerApi.Summary summary) {
      this.summary = summary;
    }
  }
}
