package io.containernetstat.fsstat.internal;

import io.containernetstat.fsstat.Statvfs;
import io.containernetstat.fsstat.StatvfsFunction;
import io.containernetstat.fsstat.internal.MountKinds.Known;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one probe's {@code stat}/{@code statvfs} calls on {@link BoundedCalls}: one per distinct
 * filesystem, each waited for at most the timeout, a device whose call hangs not called again until it
 * returns. Not API.
 */
public final class StatvfsCalls implements AutoCloseable {
  private final StatvfsFunction statvfs;
  private final BoundedCalls calls;
  private final AtomicLong statvfsCalls = new AtomicLong();
  private final AtomicLong statCalls = new AtomicLong();
  private long timeouts;

  /**
   * @param statvfs the call
   * @param parallelism how many calls run at once
   * @param maxHungCalls how many hung calls get a replacement thread
   * @param timeout how long one call is waited for
   */
  public StatvfsCalls(StatvfsFunction statvfs, int parallelism, int maxHungCalls, Duration timeout) {
    this.statvfs = statvfs;
    this.calls = new BoundedCalls("fsstat-statvfs", parallelism, maxHungCalls, timeout);
  }

  /** One filesystem to measure, and the paths through which the probed containers see it. */
  public static final class Request {
    final MountKey key;
    final String device;
    final boolean checkType;
    /** The paths to try in turn: those through read-write mounts first. */
    final List<String> paths = new ArrayList<>(1);
    int readWritePaths;

    /**
     * @param key the filesystem
     * @param device its device, which groups calls that may hang together
     * @param checkType whether to {@code stat} it first and skip it if it is not a directory
     */
    public Request(MountKey key, String device, boolean checkType) {
      this.key = key;
      this.device = device;
      this.checkType = checkType;
    }

    /** Adds a path to the filesystem; paths through read-write mounts are tried first. */
    public void add(String path, boolean readOnlyMount) {
      if (readOnlyMount) {
        paths.add(path);
      } else {
        paths.add(readWritePaths++, path);
      }
    }
  }

  /**
   * What one call found.
   *
   * @param statvfs the figures; null when the type check found no directory
   * @param kind what the type check found; null when there was none
   * @param viaReadOnlyMount whether the call went through a mount that is itself read-only, so that
   *     {@code ST_RDONLY} says nothing about the superblock
   */
  public record Measured(Statvfs statvfs, Known kind, boolean viaReadOnlyMount) {}

  /**
   * Runs every request and keeps in {@code kinds} what the type checks found.
   *
   * @return each request's outcome by its key
   */
  public Map<MountKey, BoundedCalls.Outcome<Measured>> runAll(Collection<Request> requests, MountKinds kinds) {
    List<Request> list = new ArrayList<>(requests);
    List<BoundedCalls.Call<Measured>> batch = new ArrayList<>(list.size());
    for (Request r : list) {
      batch.add(new BoundedCalls.Call<>(r.device, () -> measure(r)));
    }
    List<BoundedCalls.Outcome<Measured>> outcomes = calls.runAll(batch);
    Map<MountKey, BoundedCalls.Outcome<Measured>> byKey = new HashMap<>(list.size() * 2);
    for (int i = 0; i < list.size(); i++) {
      Request r = list.get(i);
      BoundedCalls.Outcome<Measured> o = outcomes.get(i);
      byKey.put(r.key, o);
      if (o instanceof BoundedCalls.Done<Measured> done) {
        if (done.value().kind() != null) {
          kinds.learn(r.key, done.value().kind());
        }
      } else if (o instanceof BoundedCalls.TimedOut) {
        timeouts++;
      }
    }
    return byKey;
  }

  /** Runs on a worker: the type check when still needed, then statvfs; tries each path in turn. */
  private Measured measure(Request r) throws IOException {
    IOException last = null;
    for (int i = 0; i < r.paths.size(); i++) {
      String p = r.paths.get(i);
      try {
        Known kind = null;
        if (r.checkType) {
          statCalls.incrementAndGet();
          BasicFileAttributes a = Files.readAttributes(Path.of(p), BasicFileAttributes.class);
          if (!a.isDirectory()) {
            return new Measured(null, Known.NOT_DIRECTORY, false);
          }
          kind = Known.DIRECTORY;
        }
        statvfsCalls.incrementAndGet();
        return new Measured(statvfs.statvfs(p), kind, i >= r.readWritePaths);
      } catch (NoSuchFileException e) {
        // That container (or its mount) is gone; another container may still see the filesystem.
        last = e;
      } catch (InvalidPathException e) {
        throw new IOException("mount point cannot be a path here (" + e.getMessage()
            + "): run with a UTF-8 locale, for example LANG=C.UTF-8", e);
      }
    }
    throw last;
  }

  /** {@return {@code statvfs} calls started} */
  public long statvfsCalls() {
    return statvfsCalls.get();
  }

  /** {@return type checks ({@code stat}) made} */
  public long statCalls() {
    return statCalls.get();
  }

  /** {@return calls abandoned after the timeout} */
  public long timeouts() {
    return timeouts;
  }

  /** {@return abandoned calls that have not returned yet} */
  public int hungCalls() {
    return calls.hungCalls();
  }

  /** {@return worker threads alive now, hung ones included} */
  public int threads() {
    return calls.threads();
  }

  /** Stops the worker threads; calls still hung are left to end on their own. */
  @Override
  public void close() {
    calls.close();
  }
}
