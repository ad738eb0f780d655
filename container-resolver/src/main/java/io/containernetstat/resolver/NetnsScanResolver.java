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
import io.containernetstat.resolver.internal.ProcFiles;
import io.containernetstat.resolver.internal.ProcessFailure;
import io.containernetstat.resolver.internal.ResolutionCycle;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 * <p>Cost: one {@code readlink /proc/<pid>/ns/net} per process per cycle, plus a stat and comm read
 * per namespace.
 *
 * <p>A process whose {@code ns/net} link or {@code stat} is there but malformed (or a FIFO, or too large)
 * is one of {@link Resolution#failed()}, named by its PID: not skipped as if it had exited, and not
 * replaced by another process of the namespace, which would hide the fault.
 */
public final class NetnsScanResolver implements NetnsResolver {
  /** The resolver's name in reports. */
  public static final String NAME = "netns";

  private final ProcFiles proc;

  /**
   * Creates the resolver.
   *
   * @param options where the proc root is
   */
  public NetnsScanResolver(ResolverOptions options) {
    this.proc = new ProcFiles(options.procRoot());
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
    Path root = proc.root().path();
    String[] names = root.toFile().list();
    if (names == null) {
      throw new ResolverException("cannot list the proc root " + root + ": mount the host's /proc there");
    }
    long[] pids = new long[names.length];
    int n = 0;
    for (String name : names) {
      long pid = pid(name);
      if (pid > 0) {
        pids[n++] = pid;
      }
    }
    Arrays.sort(pids, 0, n);
    long[] inodes = new long[n];
    int skipped = 0;
    int denied = 0;
    IOException lastDenied = null;
    Map<Long, Integer> firstIndex = new HashMap<>();
    List<Long> order = new ArrayList<>();
    List<NamespaceSnapshot> failed = new ArrayList<>(0);
    for (int i = 0; i < n; i++) {
      long inode;
      try {
        inode = proc.netnsInode(pids[i]);
        if (inode < 0) {
          skipped++; // exited since the listing
        }
      } catch (AccessDeniedException e) {
        denied++;
        lastDenied = e;
        inode = -1;
      } catch (IOException | ProcFormatException e) {
        inode = -1;
        failed.add(ProcessFailure.of(pids[i], e).toSnapshot(null));
      }
      inodes[i] = inode;
      if (inode >= 0 && firstIndex.putIfAbsent(inode, i) == null) {
        order.add(inode);
      }
    }
    long hostInode = HostNetnsDetection.detect(proc.root()).map(HostNetns::inode).orElse(-1L);
    List<NetnsTarget> targets = new ArrayList<>(order.size());
    List<String> warnings = new ArrayList<>(0);
    for (long inode : order) {
      // The first process may have exited since: fall back to the next one in the same namespace.
      for (int i = firstIndex.get(inode); i < n; i++) {
        if (inodes[i] != inode) {
          continue;
        }
        NetnsTarget t;
        try {
          t = target(pids[i], inode, hostInode);
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
    if (denied > 0) {
      // Most processes unreadable means the agent lacks the privilege, not that a few are hidden: a
      // report of only the agent's own namespaces would look complete and be wrong.
      if (targets.isEmpty() || denied > n - denied - skipped) {
        throw new ResolverException("cannot read the network namespaces of " + denied + " of " + n
            + " processes in " + root + ": " + lastDenied.getMessage(), lastDenied); // the message says why
      }
      warnings.add(denied + (denied == 1 ? " process" : " processes") + " left out: " + lastDenied.getMessage());
    }
    if (hostInode < 0) {
      warnings.add(ResolutionCycle.hostUnknown(proc.root()));
    }
    return new Resolution(NAME, targets, skipped, warnings, failed);
  }

  /** {@return the namespace read through {@code pid}, or null when the process has exited} */
  private NetnsTarget target(long pid, long inode, long hostInode) throws ProcessFailure {
    try {
      long start = proc.startTime(proc.statPath(pid));
      String comm = start < 0 ? null : proc.comm(pid);
      if (comm == null) {
        return null;
      }
      Container c = Container.process(inode, comm, pid, start);
      return new NetnsTarget(inode, pid, start, inode == hostInode, c.id(), null, List.of(c));
    } catch (IOException | ProcFormatException e) {
      throw ProcessFailure.of(pid, e);
    }
  }

  /** {@return the PID a directory name stands for, or -1 when it is not a number ({@code self}, {@code net})} */
  private static long pid(String name) {
    int len = name.length();
    if (len == 0 || len > 18) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < len; i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
