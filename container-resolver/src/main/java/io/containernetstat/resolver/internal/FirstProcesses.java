package io.containernetstat.resolver.internal;

import java.util.Arrays;

/**
 * The namespaces of one scan in the order they were found, each with the listing index of its first
 * process: an open-addressing table of primitives, reused from cycle to cycle, so that a scan of
 * thousands of processes boxes no inode and allocates nothing once it has grown. Not thread-safe. Not API.
 */
public final class FirstProcesses {
  private long[] inodes = new long[16];
  private int[] firsts = new int[16];
  /** Open addressing: 1 + the position in {@link #inodes}, 0 for a free slot; a power of two in size. */
  private int[] slots = new int[32];
  private int size;

  /** Creates an empty table. */
  public FirstProcesses() {}

  /** Empties the table for the next scan, keeping its arrays. */
  public void clear() {
    Arrays.fill(slots, 0);
    size = 0;
  }

  /**
   * Records that process {@code index} of the listing is in namespace {@code inode}, unless a process
   * before it was.
   *
   * @param inode the namespace
   * @param index the process's position in the listing
   */
  public void add(long inode, int index) {
    int mask = slots.length - 1;
    for (int h = hash(inode) & mask; ; h = (h + 1) & mask) {
      int s = slots[h];
      if (s == 0) {
        slots[h] = append(inode, index);
        if (size * 2 > slots.length) {
          rehash();
        }
        return;
      }
      if (inodes[s - 1] == inode) {
        return;
      }
    }
  }

  /** {@return how many namespaces were found} */
  public int size() {
    return size;
  }

  /** {@return the {@code k}th namespace found} */
  public long inode(int k) {
    return inodes[k];
  }

  /** {@return the listing index of the first process of the {@code k}th namespace found} */
  public int first(int k) {
    return firsts[k];
  }

  private int append(long inode, int index) {
    if (size == inodes.length) {
      inodes = Arrays.copyOf(inodes, size * 2);
      firsts = Arrays.copyOf(firsts, size * 2);
    }
    inodes[size] = inode;
    firsts[size] = index;
    return ++size;
  }

  private void rehash() {
    slots = new int[slots.length * 2];
    int mask = slots.length - 1;
    for (int k = 0; k < size; k++) {
      int h = hash(inodes[k]) & mask;
      while (slots[h] != 0) {
        h = (h + 1) & mask;
      }
      slots[h] = k + 1;
    }
  }

  private static int hash(long inode) {
    return (int) ((inode * 0x9E3779B97F4A7C15L) >>> 32);
  }
}
