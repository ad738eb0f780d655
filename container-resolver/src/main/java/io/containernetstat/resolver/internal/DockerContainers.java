package io.containernetstat.resolver.internal;

import io.containernetstat.core.Container;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.Resolution;
import io.containernetstat.core.ResolverException;
import io.containernetstat.core.Snapshot.HostNetns;
import io.containernetstat.core.internal.ProcFormatException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Docker resolver's cache: the containers of the last list, each with its main process held in the
 * proc root and the namespace read through it. A container is inspected only when first seen or when
 * its process no longer holds (it restarted: same id, new PID and start time); its PID is taken only
 * when the proc root says it is the container's (in its cgroup). One caller at a time. Not API.
 */
public final class DockerContainers implements AutoCloseable {
  private final DockerApi api;
  private final ProcFiles proc;
  private final Map<String, Known> known = new HashMap<>();

  /**
   * Creates an empty cache.
   *
   * @param api the daemon, for inspect calls
   * @param proc the proc root the PIDs are checked in
   */
  public DockerContainers(DockerApi api, ProcFiles proc) {
    this.api = api;
    this.proc = proc;
  }

  /** {@return whether no container is known} */
  public boolean isEmpty() {
    return known.isEmpty();
  }

  /**
   * Takes a list call's answer: adds the containers first seen, forgets (and closes) the ones gone.
   *
   * @param running the running containers
   * @return whether any container came or went
   */
  public boolean update(List<DockerApi.Summary> running) {
    boolean changed = false;
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
    return changed;
  }

  /**
   * Checks each container's process (one {@code pread}); inspects the ones first seen or whose process
   * no longer holds. What fails goes to {@code cycle}: a daemon error about one container is a warning,
   * a denied namespace is left out, an unreadable or malformed process fails in every cycle until it is
   * right again, a container stopped meanwhile is skipped.
   *
   * @param cycle collects warnings, failures and skips
   * @param events told when a container stopped, so that the next cycle lists
   * @return whether any container changed
   * @throws DockerCallException if the daemon does not answer
   */
  public boolean check(ResolutionCycle cycle, DockerEvents events) throws DockerCallException {
    boolean changed = false;
    for (Iterator<Known> it = known.values().iterator(); it.hasNext(); ) {
      Known k = it.next();
      k.failed = false;
      boolean running;
      try {
        if (k.stillHeld(proc)) {
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
        cycle.warn(e.getMessage());
        running = false;
      } catch (AccessDeniedException e) {
        // Not an exit: left out (until the next list) with one warning for all such containers.
        cycle.deny(e);
        k.drop();
        it.remove();
        continue;
      } catch (ProcessFailure e) {
        // There but unreadable or malformed: failed in every cycle until it is right again (kept, so
        // the next cycle inspects it again), never skipped as if it had stopped.
        cycle.fail(k.failure(e));
        continue;
      } catch (IOException | ProcFormatException e) {
        // The held stat of the process taken earlier.
        cycle.fail(k.failure(ProcessFailure.of(k.member().container().pid(), e)));
        continue;
      }
      if (!running) {
        // Stopped, or stopped and started again between the calls: the next list sorts it out.
        k.drop();
        it.remove();
        events.markDirty();
        cycle.skip();
      }
    }
    return changed;
  }

  /**
   * Marks the container whose held process is {@code pid} as lost (the collector found it gone or out of
   * its namespace): the next {@link #check} inspects it again, and {@link #stillTrue} identifies its
   * process again.
   *
   * @param pid a target's process
   */
  public void lose(long pid) {
    for (Known k : known.values()) {
      if (k.lose(pid)) {
        return;
      }
    }
  }

  /** {@return the containers whose process is held and did not fail this cycle} */
  public List<NetnsGrouper.Member> members() {
    List<NetnsGrouper.Member> members = new ArrayList<>(known.size());
    for (Known k : known.values()) {
      if (k.member() != null && !k.failed) {
        members.add(k.member());
      }
    }
    return members;
  }

  /**
   * The last known containers that are still true in the proc root (PID alive with the same start time
   * and the same cgroup), for a cycle in which the daemon does not answer; the others are forgotten.
   *
   * @param resolver the resolver's name
   * @param daemonError why the daemon does not answer
   * @param host the host namespace, or null when unknown
   * @return them, with a warning naming the daemon error
   * @throws ResolverException with the daemon error when none is left
   */
  public Resolution stillTrue(String resolver, String daemonError, HostNetns host) throws ResolverException {
    ResolutionCycle cycle = new ResolutionCycle();
    List<NetnsGrouper.Member> members = new ArrayList<>(known.size());
    int gone = 0;
    for (Iterator<Known> it = known.values().iterator(); it.hasNext(); ) {
      Known k = it.next();
      if (k.member() == null) {
        k.drop();
        it.remove();
        continue;
      }
      boolean alive;
      try {
        // A lost process may have moved namespace: identified again from what the daemon said last.
        alive = k.lost() ? identify(k, k.details)
            : k.stillHeld(proc) && k.cgroup.equals(proc.cgroupText(k.member().container().pid()));
      } catch (ProcessFailure e) {
        cycle.fail(k.failure(e));
        continue;
      } catch (IOException | ProcFormatException e) {
        cycle.fail(k.failure(ProcessFailure.of(k.member().container().pid(), e)));
        continue;
      }
      if (alive) {
        members.add(k.member());
      } else {
        k.drop();
        it.remove();
        gone++;
      }
    }
    if (members.isEmpty()) {
      throw new ResolverException(daemonError);
    }
    cycle.warn(daemonError + "; using " + members.size() + " last known containers still running"
        + (gone > 0 ? " (" + gone + " gone since)" : ""));
    return cycle.resolution(resolver, members, host);
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
    return identify(k, d);
  }

  /**
   * Takes the PID the daemon gave for a container if the proc root says it is the container's, and holds it.
   *
   * @return false when the PID is gone or belongs to another process by now
   */
  private boolean identify(Known k, DockerApi.Details d) throws IOException, ProcessFailure {
    try {
      // A PID reused by another process after the container stopped is not in the container's cgroup.
      ProcFiles.Identity id = proc.identify(d.pid(), d.id());
      if (id == null) {
        return false;
      }
      k.cgroup = id.cgroup();
      k.hold(id, NetnsGrouper.Member.of(container(d, d.pid(), id.startTime()), id.netnsInode(), d.networkMode()));
      return true;
    } catch (AccessDeniedException e) {
      throw e;
    } catch (IOException | ProcFormatException e) {
      throw ProcessFailure.of(d.pid(), e);
    }
  }

  private static Container container(DockerApi.Details d, long pid, long startTime) {
    return KubernetesIdentity.container(d.id(), d.name(), d.image(), "docker", pid, startTime, d.labels(), null);
  }

  /** Closes the stat files held and forgets every container. */
  @Override
  public void close() {
    for (Known k : known.values()) {
      k.drop();
    }
    known.clear();
  }

  /** What is known about one running container. */
  private static final class Known extends HeldProcess {
    DockerApi.Summary summary;
    DockerApi.Details details;
    String cgroup;
    /** Whether this cycle reported it failed (then it is no member). */
    boolean failed;

    Known(DockerApi.Summary summary) {
      this.summary = summary;
    }

    /** The container as far as it is known, failed with why; marked so that it is not also a member. */
    NamespaceSnapshot failure(ProcessFailure f) {
      failed = true;
      return failure(f, () -> details != null
          ? container(details, f.pid(), -1)
          : new Container(summary.id(), summary.name(), summary.image(), "docker", f.pid(), -1, summary.labels(),
              null, null, false));
    }
  }
}
