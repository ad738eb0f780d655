package io.containernetstat.core;

import io.containernetstat.core.internal.HostNetnsDetection;
import io.containernetstat.core.Snapshot.HostNetns;
import io.containernetstat.core.Snapshot.HostWide;
import io.containernetstat.core.filesystem.ContainerFilesystems;
import io.containernetstat.core.filesystem.FilesystemProbe;
import io.containernetstat.core.internal.NetnsReader;
import io.containernetstat.core.internal.ProcFormatException;
import io.containernetstat.core.internal.Processes;
import io.containernetstat.core.internal.ReadResult;
import io.containernetstat.core.internal.NamespaceBudget;
import io.containernetstat.core.sockets.NamespaceSockets;
import io.containernetstat.core.sockets.SocketProbe;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * Runs one collection: resolve the namespaces, read each once, dump their sockets and measure
 * filesystems if asked, and
 * return an immutable {@link Snapshot}. Thread-safe: collections are serialised, never overlap.
 *
 * <p>A namespace that fails never fails the collection: it is reported with its reason, and so is each
 * of the resolver's {@link Resolution#failed() failures}, after the namespaces read. A process that
 * exits between resolution and reading is skipped and counted in {@link Snapshot#gone()}. Descriptors
 * of namespaces that were not resolved in a cycle are released in that cycle.
 *
 * <p>With a {@linkplain Builder#maxNamespaces(int) namespace budget}, a collection reads at most that
 * many namespaces, the same ones from cycle to cycle (the host's own first, then those read in the
 * previous cycle), and counts the rest in {@link Snapshot#notCollected()}: on a node with more
 * namespaces than the process's memory holds, the agent reports what fits instead of running out.
 *
 * <pre>{@code
 * try (Collector collector = Collector.builder(resolver).files(ProcNetFile.defaults()).build()) {
 *   Snapshot snapshot = collector.collect();
 * }
 * }</pre>
 */
public final class Collector implements AutoCloseable {
  private final ProcRoot root;
  private final NetnsResolver resolver;
  private final FilesystemProbe filesystemProbe;
  private final SocketProbe socketProbe;
  private final NetnsReader reader;
  private final NetnsReader hostReader;
  private final Clock clock;
  private final NamespaceBudget budget;
  private Optional<HostNetns> hostNetns;
  private long hostStartTime = -1;

  private Collector(Builder b) {
    this.root = b.root;
    this.resolver = b.resolver;
    this.filesystemProbe = b.filesystemProbe;
    this.socketProbe = b.socketProbe;
    this.clock = b.clock;
    this.budget = b.maxNamespaces == null ? new NamespaceBudget(found -> Integer.MAX_VALUE, true)
        : new NamespaceBudget(b.maxNamespaces, false);
    this.reader = new NetnsReader(b.root, b.files, b.holdDescriptors);
    this.hostReader = new NetnsReader(b.root, Set.of(ProcNetFile.SOCKSTAT), b.holdDescriptors);
  }

  /**
   * Starts building a collector.
   *
   * @param resolver finds the namespaces to read; the collector closes it
   * @return the builder
   */
  public static Builder builder(NetnsResolver resolver) {
    return new Builder(resolver);
  }

  /**
   * Collects once.
   *
   * @return the snapshot; never throws for a namespace's or the resolver's failure (both are reported
   *     in it)
   */
  public synchronized Snapshot collect() {
    java.time.Instant timestamp = clock.instant();
    long start = System.nanoTime();
    Resolution resolution;
    String resolverError = null;
    try {
      resolution = resolver.resolve();
    } catch (ResolverException e) {
      resolverError = e.getMessage();
      resolution = new Resolution(resolver.name(), List.of(), 0, List.of());
    } catch (RuntimeException e) {
      resolverError = resolver.name() + " resolver failed: " + e;
      resolution = new Resolution(resolver.name(), List.of(), 0, List.of());
    }
    long resolved = System.nanoTime();

    // A resolver that has just checked every target's process (alive, same start time) spares the reader a
    // second check; the reader then holds descriptors per namespace the process was found in, checked with
    // one readlink of ns/net when it opens them, and tells the resolver of a target that read as gone (it
    // may have moved namespace since the resolver read its ns/net).
    boolean resolverChecked = resolverError == null && resolver.checksProcesses();
    List<NetnsTarget> chosen = budget.choose(resolution.namespaces());
    int notCollected = resolution.namespaces().size() - chosen.size();
    List<NamespaceSnapshot> namespaces = new ArrayList<>(chosen.size() + resolution.failed().size());
    reader.startCycle();
    List<NetnsTarget> read = socketProbe == null ? List.of() : new ArrayList<>(chosen.size());
    int gone = resolution.skipped();
    // The host's own sockstat when it is readable, else the first namespace's: the fields are host-wide.
    HostWide hostWide = readHostWide();
    for (NetnsTarget target : chosen) {
      ReadResult result = reader.read(target.pid(), target.pidStartTime(),
          resolverChecked ? target.netnsInode() : -1, !resolverChecked);
      if (result instanceof ReadResult.Read) {
        NetnsStats stats = ((ReadResult.Read) result).stats();
        namespaces.add(NamespaceSnapshot.read(target, stats));
        if (socketProbe != null) {
          read.add(target);
        }
        if (hostWide == null) {
          hostWide = stats.hostWide().orElse(null);
        }
      } else if (result instanceof ReadResult.Gone) {
        gone++;
        if (resolverChecked) {
          resolverLost(target);
        }
      } else {
        ReadResult.Failed failed = (ReadResult.Failed) result;
        namespaces.add(NamespaceSnapshot.failed(target, failed.reason(), failed.message()));
      }
    }
    // Found but not identified by the resolver (a malformed ns/net link or stat): failed, not gone.
    namespaces.addAll(resolution.failed());
    reader.releaseUnread(); // a failed read's process is alive: what it holds is kept
    long socketStart = System.nanoTime();
    List<NamespaceSockets> sockets = socketProbe == null ? List.of() : socketProbe.probe(read);
    long socketNanos = socketProbe == null ? 0 : System.nanoTime() - socketStart;
    List<ContainerFilesystems> filesystems =
        filesystemProbe == null ? List.of() : filesystemProbe.probe(chosen);
    return new Snapshot(timestamp, resolution.resolver(), resolved - start, System.nanoTime() - start,
        hostNetns().orElse(null), hostWide, reader.files(), namespaces, gone, notCollected, resolverError,
        resolution.warnings(), filesystems, sockets, socketNanos);
  }

  /**
   * Tells the resolver that {@code target} was gone when read, so that it looks at the process again
   * (it may have moved namespace). A resolver failing here costs nothing but that: its next resolve
   * reports what is wrong.
   */
  private void resolverLost(NetnsTarget target) {
    try {
      resolver.targetGone(target);
    } catch (RuntimeException e) {
      // Nothing lost: the target is counted gone this cycle either way.
    }
  }

  /** {@return the host's network namespace, detected once through the proc root} */
  public synchronized Optional<HostNetns> hostNetns() {
    if (hostNetns == null) {
      hostNetns = HostNetnsDetection.detect(root);
    }
    return hostNetns;
  }

  /** The host-wide fields come from the host's own sockstat: the same in every namespace. */
  private HostWide readHostWide() {
    Optional<HostNetns> host = hostNetns();
    if (host.isEmpty()) {
      return null;
    }
    long pid = host.get().referencePid();
    try {
      if (hostStartTime < 0) {
        OptionalLong t = Processes.startTime(root, pid);
        if (t.isEmpty()) {
          return null;
        }
        hostStartTime = t.getAsLong();
      }
    } catch (IOException | ProcFormatException e) {
      return null;
    }
    ReadResult result = hostReader.read(pid, hostStartTime);
    if (result instanceof ReadResult.Read) {
      return ((ReadResult.Read) result).stats().hostWide().orElse(null);
    }
    return null;
  }

  /** Releases every held descriptor and closes the resolver and the probes. */
  @Override
  public synchronized void close() {
    reader.close();
    hostReader.close();
    try {
      resolver.close();
    } finally {
      try {
        if (filesystemProbe != null) {
          filesystemProbe.close();
        }
      } finally {
        if (socketProbe != null) {
          socketProbe.close();
        }
      }
    }
  }

  /** Builds a {@link Collector}. Not thread-safe. */
  public static final class Builder {
    private final NetnsResolver resolver;
    private ProcRoot root = ProcRoot.DEFAULT;
    private Set<ProcNetFile> files = ProcNetFile.defaults();
    private boolean holdDescriptors = true;
    private FilesystemProbe filesystemProbe;
    private SocketProbe socketProbe;
    private Clock clock = Clock.systemUTC();
    private IntUnaryOperator maxNamespaces;

    private Builder(NetnsResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver == null");
    }

    /** Sets the proc root (default {@code /proc}); it must be the one the resolver uses. */
    public Builder procRoot(ProcRoot root) {
      this.root = Objects.requireNonNull(root, "root == null");
      return this;
    }

    /** Sets the files to read in each namespace (default {@link ProcNetFile#defaults()}). */
    public Builder files(Set<ProcNetFile> files) {
      if (files.isEmpty()) {
        throw new IllegalArgumentException("files is empty");
      }
      this.files = Set.copyOf(files);
      return this;
    }

    /** Sets whether descriptors are held between collections (default true: about 6x cheaper). */
    public Builder holdDescriptors(boolean hold) {
      this.holdDescriptors = hold;
      return this;
    }

    /** Adds filesystem measurement to each collection (default none); the collector closes it. */
    public Builder filesystemProbe(FilesystemProbe probe) {
      this.filesystemProbe = probe;
      return this;
    }

    /**
     * Adds socket dumps to each collection (default none): the probe is given the namespaces whose
     * counters were read, after they are read; the collector closes it.
     */
    public Builder socketProbe(SocketProbe probe) {
      this.socketProbe = probe;
      return this;
    }

    /** Sets the clock for snapshot timestamps (default UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Sets the most namespaces one collection reads (default: no limit). The
     * rest are counted in {@link Snapshot#notCollected()}, not read, and hold no descriptors; their
     * filesystems are not measured either.
     *
     * @param max at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code max} is less than 1
     */
    public Builder maxNamespaces(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("max namespaces must be at least 1, got " + max);
      }
      this.maxNamespaces = found -> max;
      return this;
    }

    /**
     * Sets the most namespaces one collection reads as a function of how many the resolver found: a
     * budget of memory, where every namespace found costs a little and every one read costs more. A
     * result below 1 counts as 1. See {@link #maxNamespaces(int)}.
     *
     * @param limit given the namespaces found, the most to read; called once per collection
     * @return this builder
     */
    public Builder maxNamespaces(IntUnaryOperator limit) {
      this.maxNamespaces = Objects.requireNonNull(limit, "limit == null");
      return this;
    }

    /**
     * {@return the collector, which owns the resolver and the probe from now on}
     *
     * <p>If building fails, the resolver and the filesystem probe it was given are closed before the
     * exception propagates (their failures to close added to it as suppressed): a caller never has to
     * track what it handed over.
     */
    public Collector build() {
      try {
        return new Collector(this);
      } catch (RuntimeException | Error e) {
        closeQuietly(socketProbe, e);
        closeQuietly(filesystemProbe, e);
        closeQuietly(resolver, e);
        throw e;
      }
    }

    private static void closeQuietly(AutoCloseable c, Throwable into) {
      if (c == null) {
        return;
      }
      try {
        c.close();
      } catch (Exception | Error e) {
        into.addSuppressed(e);
      }
    }
  }
}
