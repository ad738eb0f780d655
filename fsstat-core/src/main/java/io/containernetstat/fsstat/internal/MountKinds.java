package io.containernetstat.fsstat.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * What is known of each mounted filesystem's type: a bind mount of a part of a filesystem is
 * {@code stat}ed once, and the answer kept while the mount is seen, so that {@code /etc/hosts} costs one
 * {@code stat} in its container's life. Not thread-safe; not API.
 */
public final class MountKinds {
  /** A mount's type, once checked. */
  public enum Known {
    /** A directory: measured. */
    DIRECTORY,
    /** A single file (or anything but a directory): not measured. */
    NOT_DIRECTORY
  }

  private final Map<MountKey, Entry> kinds = new HashMap<>();

  private static final class Entry {
    Known known;
    long seen;
  }

  /** {@return what is known of the mount, null until checked}; marks it seen in {@code cycle} */
  public Known see(MountKey key, long cycle) {
    Entry e = kinds.computeIfAbsent(key, k -> new Entry());
    e.seen = cycle;
    return e.known;
  }

  /** Keeps what a call found out about a mount seen in this cycle. */
  public void learn(MountKey key, Known known) {
    kinds.get(key).known = known;
  }

  /** Forgets the mounts not seen in {@code cycle}. */
  public void evict(long cycle) {
    kinds.values().removeIf(e -> e.seen != cycle);
  }
}
