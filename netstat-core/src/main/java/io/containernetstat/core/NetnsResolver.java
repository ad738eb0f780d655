package io.containernetstat.core;

/**
 * Finds the network namespaces to read and the containers in each. Implementations may keep state
 * between calls (caches, event streams) and are called by one thread at a time.
 *
 * <p>container-resolver provides the Docker, cgroup-scan and netns-scan resolvers; an embedding agent
 * can supply its own (for example from its orchestrator's API).
 */
public interface NetnsResolver extends AutoCloseable {

  /** {@return the resolver's name as reports show it, for example {@code docker}} */
  String name();

  /**
   * Resolves the host's containers and namespaces now.
   *
   * @return the resolution
   * @throws ResolverException if nothing could be resolved (for example the daemon is down and no
   *     cached mapping is still true); the message says why
   */
  Resolution resolve() throws ResolverException;

  /**
   * {@return whether each {@link #resolve()} checks, for every namespace it returns, that the target's
   * process is alive with the start time given and not a zombie, so that the collector need not check
   * it again before reading; the default, false, has the collector check each with one read of its
   * held {@code stat}}
   */
  default boolean checksProcesses() {
    return false;
  }

  /**
   * Told by the collector, right after a {@link #resolve()} of a resolver that {@link #checksProcesses()},
   * that reading {@code target} found its process gone or no longer in {@link NetnsTarget#netnsInode()}
   * (it exited since, or moved to another namespace with {@code setns} or {@code unshare}). A resolver
   * that keeps what it found between cycles must then look at that process again in the next
   * {@link #resolve()}, reading its namespace anew, rather than return the target unchanged: otherwise a
   * process that moved would read as gone in every cycle. Called by the thread that resolves, between two
   * resolves. The default does nothing: right for a resolver that reads every namespace in every cycle.
   *
   * @param target a target of the last resolution
   */
  default void targetGone(NetnsTarget target) {}

  /** Releases what the resolver holds (connections, threads). The default does nothing. */
  @Override
  default void close() {}
}
