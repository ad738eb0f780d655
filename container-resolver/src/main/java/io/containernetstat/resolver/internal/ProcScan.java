package io.containernetstat.resolver.internal;

import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.ResolverException;
import io.containernetstat.core.internal.Processes;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The netns resolver's pass over the proc root: lists the processes, then reads each one's
 * {@code ns/net} on request. What does not change between cycles is kept per process (the link's
 * path, built once while the process is listed), so the steady state costs one listing and one
 * {@code readlink} per process. Not thread-safe. Not API.
 */
public final class ProcScan {
  private final ProcRoot root;
  private final File dir;
  private long[] pids = new long[0];
  private Path[] links = new Path[0];
  private long[] lastPids = new long[0];
  private Path[] lastLinks = new Path[0];
  private int count;

  /**
   * Creates the scan of {@code root}.
   *
   * @param root the proc root
   */
  public ProcScan(ProcRoot root) {
    this.root = root;
    this.dir = root.path().toFile();
  }

  /**
   * Lists the proc root's processes, ascending by PID ({@link #pid}).
   *
   * @return how many processes are listed
   * @throws ResolverException if the proc root cannot be listed
   */
  public int list() throws ResolverException {
    String[] names = dir.list();
    if (names == null) {
      throw new ResolverException("cannot list the proc root " + root.path() + ": mount the host's /proc there");
    }
    // Last cycle's arrays become this cycle's, so a steady state allocates none.
    long[] swapPids = lastPids;
    Path[] swapLinks = lastLinks;
    lastPids = pids;
    lastLinks = links;
    int lastCount = count;
    pids = swapPids.length >= names.length ? swapPids : new long[names.length + names.length / 4];
    links = swapLinks.length >= pids.length ? swapLinks : new Path[pids.length];
    int n = 0;
    boolean sorted = true;
    for (String name : names) {
      long pid = pid(name);
      if (pid > 0) {
        sorted &= n == 0 || pids[n - 1] < pid;
        pids[n++] = pid;
      }
    }
    if (!sorted) {
      Arrays.sort(pids, 0, n); // procfs lists PIDs ascending; a fixture tree need not
    }
    // Both lists ascending: one merge finds each process's link from the last cycle.
    int j = 0;
    for (int i = 0; i < n; i++) {
      while (j < lastCount && lastPids[j] < pids[i]) {
        j++;
      }
      links[i] = j < lastCount && lastPids[j] == pids[i] ? lastLinks[j] : Processes.netnsLink(root, pids[i]);
    }
    Arrays.fill(links, n, links.length, null); // processes gone: their paths go with them
    count = n;
    return n;
  }

  /** {@return the {@code i}th process listed} */
  public long pid(int i) {
    return pids[i];
  }

  /**
   * Reads the network namespace of the {@code i}th process listed.
   *
   * @param i the index in the listing
   * @return the inode, or -1 when the process is gone
   * @throws IOException if the link cannot be read (permission denied names what is needed)
   * @throws io.containernetstat.core.internal.ProcFormatException if {@code ns/net} is not a link like
   *     {@code net:[4026532177]}
   */
  public long netnsInode(int i) throws IOException {
    return Processes.netnsInode(links[i]);
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
