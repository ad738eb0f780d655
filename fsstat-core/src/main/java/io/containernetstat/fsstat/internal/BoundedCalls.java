package io.containernetstat.fsstat.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs calls that may block forever (a {@code statvfs} on a dead NFS server sleeps in the kernel and
 * no Java interrupt wakes it) on a small pool, and waits for each at most a timeout. Thread-safe; one
 * batch at a time is the intended use. Not API.
 *
 * <p>Bounds, whatever the filesystems do:
 * <ul>
 *   <li>a call that has not returned {@code timeout} after it started is abandoned: reported as
 *       {@link TimedOut}, its thread left to finish on its own;
 *   <li>while any abandoned call of a group (a device) has not returned, calls of that group are not
 *       run at all ({@link StillBlocked}): a dead server costs one thread, not one per cycle;
 *   <li>the pool runs {@code parallelism} calls at once, plus one replacement thread per abandoned
 *       call up to {@code maxHung}, so threads never exceed {@code parallelism + maxHung};
 *   <li>a call still queued {@code timeout} after the batch began (every worker busy or hung) is
 *       dropped ({@link NotStarted}); a batch therefore returns within about twice the timeout.
 * </ul>
 * Idle threads end after 30 s, so an agent that probes once a minute holds none between cycles.
 */
public final class BoundedCalls implements AutoCloseable {
  private static final int PENDING = 0;
  private static final int RUNNING = 1;
  private static final int DONE = 2;
  private static final int CANCELLED = 3;
  private static final int ABANDONED = 4;

  private final ThreadPoolExecutor pool;
  private final int parallelism;
  private final int maxHung;
  private final long timeoutNanos;
  private final Map<String, Hung> hung = new HashMap<>();
  private int hungCalls;

  /**
   * Creates the pool; it starts no thread until the first call.
   *
   * @param threadName prefix of the worker threads' names
   * @param parallelism calls run at once when none hangs, at least 1
   * @param maxHung abandoned calls replaced by a new thread, at least 0
   * @param timeout how long a call may run
   */
  public BoundedCalls(String threadName, int parallelism, int maxHung, Duration timeout) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism < 1: " + parallelism);
    }
    if (maxHung < 0) {
      throw new IllegalArgumentException("maxHung < 0: " + maxHung);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout <= 0: " + timeout);
    }
    this.parallelism = parallelism;
    this.maxHung = maxHung;
    this.timeoutNanos = timeout.toNanos();
    AtomicInteger n = new AtomicInteger();
    ThreadFactory threads = r -> {
      Thread t = new Thread(r, threadName + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.pool = new ThreadPoolExecutor(parallelism, parallelism + maxHung, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), threads);
    pool.allowCoreThreadTimeOut(true);
  }

  /**
   * One call to run.
   *
   * @param group what the call touches (a device): calls of a group with a hung call are not run
   * @param body the call
   * @param <T> what it returns
   */
  public record Call<T>(String group, Callable<T> body) {
    /** Validates the fields. */
    public Call {
      Objects.requireNonNull(group, "group == null");
      Objects.requireNonNull(body, "body == null");
    }
  }

  /** How one call ended. */
  public sealed interface Outcome<T> permits Done, Failed, TimedOut, NotStarted, StillBlocked {}

  /** It returned {@code value}. */
  public record Done<T>(T value) implements Outcome<T> {}

  /** It threw {@code error}. */
  public record Failed<T>(Throwable error) implements Outcome<T> {}

  /** It ran longer than the timeout and was abandoned. */
  public record TimedOut<T>(long timeoutNanos) implements Outcome<T> {}

  /** It was still queued when the batch's time was up: {@code busy} workers, {@code hung} hung. */
  public record NotStarted<T>(int busy, int hung) implements Outcome<T> {}

  /** It was not run: an earlier call of its group, started {@code sinceNanos} ago, still hangs. */
  public record StillBlocked<T>(long sinceNanos) implements Outcome<T> {}

  /**
   * Runs the calls and waits for them, each at most the timeout after it started.
   *
   * @param calls the calls
   * @param <T> what they return
   * @return one outcome per call, in the same order
   */
  public <T> List<Outcome<T>> runAll(List<Call<T>> calls) {
    long batchStart = System.nanoTime();
    List<Task<T>> tasks = new ArrayList<>(calls.size());
    List<Outcome<T>> out = new ArrayList<>(calls.size());
    for (Call<T> call : calls) {
      Long since = hungSince(call.group());
      if (since != null) {
        tasks.add(null);
        out.add(new StillBlocked<>(batchStart - since));
        continue;
      }
      Task<T> task = new Task<>(this, call);
      tasks.add(task);
      out.add(null);
      pool.execute(task);
    }
    boolean interrupted = false;
    for (int i = 0; i < tasks.size(); i++) {
      Task<T> task = tasks.get(i);
      if (task == null) {
        continue;
      }
      while (out.get(i) == null) {
        int s = task.state.get();
        if (s == DONE) {
          out.set(i, task.error == null ? new Done<>(task.value) : new Failed<>(task.error));
          break;
        }
        long deadline = (s == RUNNING ? task.startedAt : batchStart) + timeoutNanos;
        long wait = deadline - System.nanoTime();
        if (wait > 0 && !interrupted) {
          try {
            task.done.await(wait, TimeUnit.NANOSECONDS);
          } catch (InterruptedException e) {
            interrupted = true;
          }
          continue;
        }
        if (s == PENDING && task.state.compareAndSet(PENDING, CANCELLED)) {
          pool.remove(task);
          out.set(i, new NotStarted<>(pool.getActiveCount(), hungCalls()));
        } else if (s == RUNNING && abandon(task)) {
          out.set(i, new TimedOut<>(timeoutNanos));
        }
        // else the state changed under us: look again
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return out;
  }

  /** {@return the threads in the pool now, hung ones included} */
  public int threads() {
    return pool.getPoolSize();
  }

  /** {@return the abandoned calls that have not returned yet} */
  public synchronized int hungCalls() {
    return hungCalls;
  }

  /** {@return when the oldest hung call of {@code group} started ({@link System#nanoTime()}), or null} */
  synchronized Long hungSince(String group) {
    Hung h = hung.get(group);
    return h == null ? null : h.since;
  }

  /**
   * Marks a running task abandoned and records its group as hung, under the lock that
   * {@link #returned(String)} takes, so a call returning at that moment is never counted twice.
   */
  private synchronized boolean abandon(Task<?> task) {
    if (!task.state.compareAndSet(RUNNING, ABANDONED)) {
      return false;
    }
    Hung h = hung.get(task.call.group());
    if (h == null) {
      hung.put(task.call.group(), new Hung(task.startedAt));
    } else {
      h.count++;
    }
    hungCalls++;
    resize();
    return true;
  }

  private synchronized void returned(String group) {
    Hung h = hung.get(group);
    if (h != null && --h.count == 0) {
      hung.remove(group);
    }
    hungCalls--;
    resize();
  }

  /** One more thread per hung call, up to maxHung, so that healthy calls keep their parallelism. */
  private void resize() {
    if (pool.isShutdown()) {
      return;
    }
    int core = parallelism + Math.min(hungCalls, maxHung);
    if (core != pool.getCorePoolSize()) {
      pool.setCorePoolSize(core);
    }
  }

  /** Stops the pool; hung calls are left to their threads, which are daemons. */
  @Override
  public void close() {
    pool.shutdownNow();
  }

  private static final class Hung {
    final long since;
    int count = 1;

    Hung(long since) {
      this.since = since;
    }
  }

  private static final class Task<T> implements Runnable {
    final BoundedCalls owner;
    final Call<T> call;
    final AtomicInteger state = new AtomicInteger(PENDING);
    final CountDownLatch done = new CountDownLatch(1);
    volatile long startedAt;
    // Written before the state becomes DONE, read after seeing DONE: the CAS orders them.
    T value;
    Throwable error;

    Task(BoundedCalls owner, Call<T> call) {
      this.owner = owner;
      this.call = call;
    }

    @Override
    public void run() {
      startedAt = System.nanoTime();
      if (!state.compareAndSet(PENDING, RUNNING)) {
        return;
      }
      try {
        value = call.body().call();
      } catch (Throwable e) {
        error = e;
      }
      if (!state.compareAndSet(RUNNING, DONE)) {
        owner.returned(call.group());
      }
      done.countDown();
    }
  }
}
