package io.containernetstat.sink.openfalcon.internal;

import io.containernetstat.core.NetnsTarget;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Each namespace's tags string, made once and reused while the namespace is in the collections: keyed by
 * its inode and checked against its whole target, so a namespace whose target changed (another container,
 * new labels) is tagged anew. Thread-safe; concurrent mappings of different collections can only make
 * each other recompute tags, never use the wrong ones. Not API.
 */
public final class NamespaceTagsCache {
  private record Entry(NetnsTarget target, String tags, AtomicLong seen) {}

  private final Function<NetnsTarget, String> tagger;
  private final ConcurrentHashMap<Long, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();

  /**
   * Creates an empty cache.
   *
   * @param tagger makes a namespace's tags; pure
   */
  public NamespaceTagsCache(Function<NetnsTarget, String> tagger) {
    this.tagger = tagger;
  }

  /** {@return the generation of one mapping: pass it to {@link #tags} and {@link #end}} */
  public long begin() {
    return generation.incrementAndGet();
  }

  /** {@return the tags of {@code target}, from the cache when its target is unchanged} */
  public String tags(NetnsTarget target, long gen) {
    Entry e = entries.get(target.netnsInode());
    if (e == null || !e.target().equals(target)) {
      e = new Entry(target, tagger.apply(target), new AtomicLong(gen));
      entries.put(target.netnsInode(), e);
    } else {
      e.seen().set(gen);
    }
    return e.tags();
  }

  /** Forgets the namespaces a mapping of {@code namespaces} namespaces did not see, when there are more. */
  public void end(long gen, int namespaces) {
    if (entries.size() > namespaces) {
      entries.values().removeIf(e -> e.seen().get() < gen);
    }
  }
}
