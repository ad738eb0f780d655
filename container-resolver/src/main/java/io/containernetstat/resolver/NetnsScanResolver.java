package io.containernetstat.resolver;

import io.containernetstat.core.internal.HostNetnsDetection;
import io.containernetstat.core.Container;
import io.containernetstat.core.Snapshot.HostNetns;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.NetnsResolver;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.internal.ProcFormatException;
import io.containernetstat.core.Resolution;
import io.containernetstat.core.ResolverException;
import io.containernetstat.resolver.internal.FirstProcesses;
import io.containernetstat.resolver.internal.KnownNamespaces;
import io.containernetstat.resolver.internal.ProcFiles;
import io.containernetstat.resolver.internal.ProcScan;
import io.containernetstat.resolver.internal.ProcessFailure;
import io.containernetstat.resolver.internal.ResolutionCycle;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds every distinct network namespace of every process in the proc root, with no runtime at all;
 * not thread-safe (one caller at a time).
 *
 * <p>Each namespace is named after its first process (the lowest PID): a {@link Container#process} whose
 * id is the namespace inode, whose name is the command ({@code comm}), with runtime {@code process} and
 * no image.
 * Kernel threads live in the host namespace and are counted there. The fallback that always works,
 * and the one fixture trees use.
 *
 * <p>Cost: one {@code readlink /proc/<pid>/ns/net} per process per cycle, plus one {@code pread} of a
 * held {@code comm} per namespace (which checks its process, so the collector does not check it again);
 * a stat read when a namespace is first found, found through another process, or its command changed.
 * Holds one descriptor per namespace (the comm) until {@link #close()}.
 *
 * <p>A process whose {@code ns/net} link or {@code stat} is there but malformed (or a FIFO, or too large)
 * is one of {@link Resolution#failed()}, named by its PID: not skipped as if it had exited, and not
 * replaced by another process of the namespace, which would hide the fault.
 */
public final class NetnsScanResolver implements NetnsResolver {
  /** The resolver's name in reports. */
  public static final String NAME = "netns";

  private final ProcFiles proc;
  private final ProcScan scan;
  private final KnownNamespaces known;
  /** Per cycle, reused: each listed process's namespace, and each namespace's first process. */
  private long[] inodes = new long[0];
  private final FirstProcesses firsts = new FirstProcesses();
  /** The host's namespace as found without pid 1, or -1 until found. */
  private long hostWithoutInit = -1;

  /**
   * Creates the resolver.
   *
   * @param options where the proc root is
   */
  public NetnsScanResolver(ResolverOptions options) {
    this.proc = new ProcFiles(options.procRoot());
    this.scan = new ProcScan(options.procRoot());
    this.known = new KnownNamespaces(proc, NetnsScanResolver::named);
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Scans the proc root now. Processes that exit during the scan are counted in
   * {@link Resolution#skipped()}; processes whose namespace may not be read are left out with a
   * warning; processes whose files are malformed are {@link Resolution#failed()}.
   *
   * @throws ResolverException if the proc root cannot be listed, or no process's namespace is readable
   */
  @Override
  public Resolution resolve() throws ResolverException {
    int n = scan.list();
    if (inodes.length < n) {
      inodes = new long[n + n / 4];
    }
    int skipped = 0;
    int denied = 0;
    IOException lastDenied = null;
    firsts.clear();
    List<NamespaceSnapshot> failed = new ArrayList<>(0);
    long initInode = -1;
    for (int i = 0; i < n; i++) {
      long inode;
      try {
        inode = scan.netnsInode(i);
        if (inode < 0) {
          skipped++; // exited since the listing
        }
      } catch (AccessDeniedException e) {
        denied++;
        lastDenied = e;
        inode = -1;
      } catch (IOException | ProcFormatException e) {
        inode = -1;
        failed.add(ProcessFailure.of(scan.pid(i), e).toSnapshot(null));
      }
      inodes[i] = inode;
      if (inode >= 0) {
        firsts.add(inode, i);
      }
      if (scan.pid(i) == 1) {
        initInode = inode;
      }
    }
    // pid 1's namespace was just read: the host's (HostNetnsDetection's first reference) without reading it again.
    long hostInode = initInode >= 0 ? initInode : hostWithoutInit();
    List<NetnsTarget> targets = new ArrayList<>(firsts.size());
    List<String> warnings = new ArrayList<>(0);
    known.startCycle();
    for (int k = 0; k < firsts.size(); k++) {
      long inode = firsts.inode(k);
      // The first process may have exited since: fall back to the next one in the same namespace.
      for (int i = firsts.first(k); i < n; i++) {
        if (inodes[i] != inode) {
          continue;
        }
        NetnsTarget t;
        try {
          t = target(scan.pid(i), inode, hostInode);
        } catch (ProcessFailure e) {
          failed.add(e.toSnapshot(null, inode));
          break;
        }
        if (t != null) {
          targets.add(t);
          break;
        }
        skipped++;
      }
    }
    known.endCycle();
    if (denied > 0) {
      // Most processes unreadable means the agent lacks the privilege, not that a few are hidden: a
      // report of only the agent's own namespaces would look complete and be wrong.
      if (targets.isEmpty() || denied > n - denied - skipped) {
        throw new ResolverException("cannot read the network namespaces of " + denied + " of " + n
            + " processes in " + proc.root().path() + ": " + lastDenied.getMessage(), lastDenied); // the message says why
      }
      warnings.add(denied + (denied == 1 ? " process" : " processes") + " left out: " + lastDenied.getMessage());
    }
    if (hostInode < 0) {
      warnings.add(ResolutionCycle.hostUnknown(proc.root()));
    }
    return new Resolution(NAME, targets, skipped, warnings, failed);
  }

  /**
   * {@inheritDoc} Yes: every target's process is checked in {@link #resolve()} (one {@code pread} of its
   * held comm), right after its {@code ns/net} was read (which a zombie has not).
   */
  @Override
  public boolean checksProcesses() {
    return true;
  }

  /** Releases the comm files held for the namespaces' processes. */
  @Override
  public void close() {
    known.close();
  }

  /**
   * {@return the host's namespace where pid 1 cannot be read (a sandbox that hides it), from the other
   * references, found once: the initial namespace's inode does not change while the kernel runs}
   */
  private long hostWithoutInit() {
    if (hostWithoutInit < 0) {
      hostWithoutInit = HostNetnsDetection.detect(proc.root()).map(HostNetns::inode).orElse(-1L);
    }
    return hostWithoutInit;
  }

  /** {@return the namespace read through {@code pid}, or null when the process has exited} */
  private NetnsTarget target(long pid, long inode, long hostInode) throws ProcessFailure {
    try {
      return known.target(pid, inode, hostInode);
    } catch (IOException | ProcFormatException e) {
      throw ProcessFailure.of(pid, e);
    }
  }

  /** {@return the namespace's target, named after {@code pid}} */
  private static NetnsTarget named(long pid, long inode, long start, String comm, boolean host) {
    Container c = Container.process(inode, comm, pid, start);
    return new NetnsTarget(inode, pid, start, host, c.id(), null, List.of(c));
  }
}
