package io.containernetstat.resolver.internal;

import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.Resolution;
import io.containernetstat.core.ResolverException;
import io.containernetstat.core.Snapshot.HostNetns;
import io.containernetstat.core.internal.Processes;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.List;

/**
 * What one {@code resolve()} of the cgroup scan or the Docker resolver found besides its members:
 * warnings, failed containers, containers skipped and containers whose namespace was denied; and how
 * that becomes a {@link Resolution}, or lets the previous one stand. One per cycle. Not API.
 */
public final class ResolutionCycle {
  private final List<String> warnings = new ArrayList<>(0);
  private final List<NamespaceSnapshot> failed = new ArrayList<>(0);
  private int skipped;
  private int denied;
  private IOException lastDenied;

  /** Adds a warning. */
  public void warn(String warning) {
    warnings.add(warning);
  }

  /** Adds a container that is there but failed. */
  public void fail(NamespaceSnapshot failure) {
    failed.add(failure);
  }

  /** Counts a container skipped: it stopped, or its process is gone. */
  public void skip() {
    skipped++;
  }

  /** Counts a container whose namespace this process may not read (it is left out, not failed). */
  public void deny(IOException e) {
    denied++;
    lastDenied = e;
  }

  /**
   * Warns that the host namespace is unknown.
   *
   * @param procRoot the proc root read
   * @param consequence what the resolver cannot do without it
   */
  public void hostUnknown(ProcRoot procRoot, String consequence) {
    warn(hostUnknown(procRoot) + "; " + consequence);
  }

  /** {@return the warning that neither reference process of the host namespace is readable} */
  public static String hostUnknown(ProcRoot procRoot) {
    return "host network namespace unknown: neither pid 1 nor pid 2 (kthreadd) of " + procRoot.path()
        + " is readable";
  }

  /**
   * Turns the denied containers into one warning, or into a failure when no container is left.
   *
   * @param noneLeft whether no container could be read
   * @param which how to name the containers in the message ({@code "containers"}, {@code "Docker containers"})
   * @throws ResolverException if some were denied and none is left
   */
  public void reportDenied(boolean noneLeft, String which) throws ResolverException {
    if (denied == 0) {
      return;
    }
    if (noneLeft) {
      throw new ResolverException("cannot read the network namespace of any of " + denied + " " + which + ": "
          + lastDenied.getMessage(), lastDenied); // the message says why (PtraceAccess)
    }
    warn(denied + " containers skipped: " + lastDenied.getMessage());
  }

  /**
   * Fails a cycle that found no container at all when this process could not have read one: neither
   * pid 1 nor pid 2 (kthreadd) of the proc root lets it read their network namespace (permission
   * denied), as for a user without root or {@code CAP_SYS_PTRACE}. An empty report would look like a host
   * without containers. As root a host without containers is just that: an empty report.
   *
   * @param none whether no container was found (none read, none failed, none denied)
   * @param procRoot the proc root the containers' processes are in
   * @param which how to name the containers in the message ({@code "containers"}, {@code "Docker containers"})
   * @throws ResolverException if none was found and this process may not read the reference processes
   */
  public void reportBlind(boolean none, ProcRoot procRoot, String which) throws ResolverException {
    if (!none || denied > 0 || !failed.isEmpty()) {
      return;
    }
    AccessDeniedException first = null;
    for (long pid = 1; pid <= 2; pid++) {
      try {
        Processes.netnsInode(procRoot, pid);
        return;
      } catch (AccessDeniedException e) {
        first = first == null ? e : first;
      } catch (IOException | RuntimeException e) {
        return; // not a permission problem: the scan's own answer stands
      }
    }
    throw new ResolverException("no " + which + " found, and this process could not read one if there were: "
        + first.getMessage(), first);
  }

  /** {@return whether nothing was skipped, warned about or failed: the resolution may be reused} */
  public boolean clean() {
    return skipped == 0 && warnings.isEmpty() && failed.isEmpty();
  }

  /** {@return whether {@code last} still stands: nothing changed, this cycle was clean, and there is one} */
  public boolean unchangedSince(Resolution last, boolean changed) {
    return !changed && clean() && last != null;
  }

  /**
   * {@return the resolution of this cycle}
   *
   * @param resolver the resolver's name
   * @param members the containers resolved
   * @param host the host namespace, or null when unknown
   */
  public Resolution resolution(String resolver, List<NetnsGrouper.Member> members, HostNetns host) {
    return new Resolution(resolver, NetnsGrouper.group(members, host == null ? -1 : host.inode()), skipped,
        warnings, failed);
  }
}
