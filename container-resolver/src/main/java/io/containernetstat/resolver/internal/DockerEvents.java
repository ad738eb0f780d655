package io.containernetstat.resolver.internal;

import io.containernetstat.resolver.DockerResolver;
import io.containernetstat.resolver.ResolverOptions;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows Docker's events stream to tell the Docker resolver when to list containers: when one started
 * or stopped, every resync interval, and every cycle while the stream is off or broken. The stream runs
 * on a thread of its own and only raises flags; everything else is called by one thread at a time.
 * Not API.
 */
public final class DockerEvents {
  private static final Logger LOG = LoggerFactory.getLogger(DockerResolver.class);
  private static final long RESUBSCRIBE_NANOS = 5_000_000_000L;

  private final DockerApi api;
  private final boolean enabled;
  private final long resyncNanos;

  /** Set by the events thread: a container started or stopped since the last list. */
  private final AtomicBoolean dirty = new AtomicBoolean(true);
  /** Set by the events thread once the daemon accepted the subscription; cleared when it ends. */
  private final AtomicBoolean live = new AtomicBoolean(false);
  /** Set when a subscription was requested; cleared when it fails, so that the next cycle asks again. */
  private final AtomicBoolean requested = new AtomicBoolean(false);
  private long lastSubscribeNanos;
  private long lastListNanos;
  private boolean everListed;

  /**
   * Creates the follower; nothing is subscribed until {@link #follow}.
   *
   * @param api the daemon
   * @param options whether to follow the stream at all ({@link ResolverOptions#dockerEvents()}; without it,
   *     every cycle lists) and how often to list while it is quiet ({@link ResolverOptions#dockerResync()})
   */
  public DockerEvents(DockerApi api, ResolverOptions options) {
    this.api = api;
    this.enabled = options.dockerEvents();
    this.resyncNanos = options.dockerResync().toNanos();
  }

  /**
   * Subscribes to events when enabled and not subscribed; after a failed stream, tries again at most
   * every 5 s.
   *
   * @param now {@link System#nanoTime()} of this cycle
   * @throws DockerCallException if the stream cannot even be requested
   */
  public void follow(long now) throws DockerCallException {
    if (!enabled || requested.get()) {
      return;
    }
    if (lastSubscribeNanos != 0 && now - lastSubscribeNanos < RESUBSCRIBE_NANOS) {
      return;
    }
    lastSubscribeNanos = now;
    requested.set(true);
    api.watchEvents(new DockerApi.EventListener() {
      @Override
      public void started() {
        // Events from now on arrive: a list made after this point misses nothing.
        dirty.set(true);
        live.set(true);
      }

      @Override
      public void event(String action, String id) {
        dirty.set(true);
      }

      @Override
      public void failed(String reason) {
        if (live.getAndSet(false)) {
          LOG.warn("Docker events stream from {} ended ({}); listing containers every cycle until it is back",
              api.host(), reason);
        }
        requested.set(false);
        dirty.set(true);
      }
    });
  }

  /**
   * {@return whether this cycle lists containers} Clears the dirty flag first: an event that arrives
   * during the list sets it again, so the next cycle lists again rather than miss it.
   *
   * @param now {@link System#nanoTime()} of this cycle
   */
  public boolean needList(long now) {
    boolean changed = dirty.getAndSet(false);
    return changed || !enabled || !live.get() || !everListed || now - lastListNanos >= resyncNanos;
  }

  /** Notes a list made at {@code now}. */
  public void listed(long now) {
    lastListNanos = now;
    everListed = true;
  }

  /** Asks for a list next cycle (a container changed in a way the next list sorts out). */
  public void markDirty() {
    dirty.set(true);
  }

  /** Forgets the subscription after the daemon failed: the next cycle lists, and subscribes again. */
  public void reset() {
    live.set(false);
    requested.set(false);
    lastSubscribeNanos = 0;
    dirty.set(true);
  }
}
