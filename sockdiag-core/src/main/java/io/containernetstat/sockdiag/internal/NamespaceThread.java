package io.containernetstat.sockdiag.internal;

import com.sun.jna.LastErrorException;
import io.containernetstat.core.Failure;
import io.containernetstat.core.sockets.SocketStats.EstablishedHash;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One dedicated platform thread ({@code sockdiag-setns}, a daemon) that enters a process's network
 * namespace with {@code setns(fd, CLONE_NEWNET)}, creates a netlink sock_diag socket there, and returns
 * to the agent's own namespace, of which it holds a descriptor opened at start. The socket stays in the
 * namespace it was created in. If returning fails, the thread is stopped and never used again: every
 * later call fails with {@link IllegalStateException}. Thread-safe (calls run one at a time). Not API.
 */
public final class NamespaceThread implements AutoCloseable {
  private static final long TIMEOUT_SECONDS = 10;
  private static final java.nio.file.Path EHASH_ENTRIES = java.nio.file.Path.of("/proc/sys/net/ipv4/tcp_ehash_entries");

  private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "sockdiag-setns");
    thread.setDaemon(true);
    return thread;
  });
  private final int ownNamespace;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile String broken;
  private volatile Future<?> pending;

  /**
   * Starts the thread and opens its own namespace ({@code /proc/thread-self/ns/net}).
   *
   * @throws IllegalStateException if libc cannot be bound or the own namespace cannot be opened
   */
  public NamespaceThread() {
    if (Libc.PROBLEM != null) {
      executor.shutdown();
      throw new IllegalStateException("sock_diag is unavailable: " + Libc.PROBLEM);
    }
    try {
      ownNamespace = call(() -> Libc.open("/proc/thread-self/ns/net", Libc.O_RDONLY | Libc.O_CLOEXEC));
    } catch (SockDiagException | GoneException | LastErrorException e) {
      executor.shutdown();
      throw new IllegalStateException("cannot open the agent's own network namespace: " + e.getMessage(), e);
    }
  }

  /**
   * A socket created inside a namespace, and whether that namespace has an established hash of its own.
   *
   * @param fd the socket's descriptor; the caller closes it
   * @param establishedHash read from {@code net.ipv4.tcp_ehash_entries} while inside the namespace
   */
  public record Opened(int fd, EstablishedHash establishedHash) {}

  /**
   * Creates a netlink sock_diag socket inside the network namespace of {@code pid}, and reads there
   * whether the namespace has an established hash of its own.
   *
   * @param nsPath the process's {@code <proc root>/<pid>/ns/net}
   * @param pid the process whose namespace to enter, for messages
   * @return the socket and the hash's scope
   * @throws GoneException if the process is gone ({@code ENOENT}/{@code ESRCH} opening its namespace)
   * @throws SockDiagException if entering the namespace or creating the socket fails; {@code EPERM} on
   *     {@code setns} is {@link Failure#PERMISSION_DENIED} naming {@code CAP_SYS_ADMIN}
   * @throws IllegalStateException if this thread could not return to its own namespace (now or before)
   */
  public Opened openSocket(String nsPath, long pid) throws SockDiagException, GoneException {
    // Whoever comes second closes the socket: the task, when the caller gave up waiting (a timeout);
    // the caller, when the task finished just as it gave up.
    AtomicBoolean taken = new AtomicBoolean();
    java.util.concurrent.atomic.AtomicReference<Opened> done = new java.util.concurrent.atomic.AtomicReference<>();
    try {
      return call(() -> {
        Opened opened = openOnThread(nsPath, pid);
        done.set(opened);
        if (!taken.compareAndSet(false, true)) {
          closeQuietly(opened.fd());
        }
        return opened;
      });
    } catch (SockDiagException e) {
      if (!taken.compareAndSet(false, true) && done.get() != null) {
        closeQuietly(done.get().fd());
      }
      throw e;
    }
  }

  private Opened openOnThread(String path, long pid) throws SockDiagException, GoneException {
    int nsFd;
    try {
      nsFd = Libc.open(path, Libc.O_RDONLY | Libc.O_CLOEXEC);
    } catch (LastErrorException e) {
      if (e.getErrorCode() == Errno.ENOENT || e.getErrorCode() == Errno.ESRCH) {
        throw new GoneException(pid);
      }
      throw new SockDiagException(e.getErrorCode() == Errno.EACCES || e.getErrorCode() == Errno.EPERM
          ? Failure.PERMISSION_DENIED : Failure.READ_ERROR,
          "cannot open " + path + ": " + Errno.describe(e.getErrorCode()), e);
    }
    try {
      try {
        Libc.setns(nsFd, Libc.CLONE_NEWNET);
      } catch (LastErrorException e) {
        throw setnsFailure("cannot enter the network namespace of process " + pid, e);
      }
      int socket = -1;
      EstablishedHash hash;
      try {
        socket = Libc.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Libc.NETLINK_SOCK_DIAG);
        hash = establishedHash();
      } catch (LastErrorException e) {
        throw new SockDiagException(Failure.READ_ERROR, "cannot create a NETLINK_SOCK_DIAG socket in the "
            + "network namespace of process " + pid + ": " + Errno.describe(e.getErrorCode()), e);
      } finally {
        returnHome(socket);
      }
      return new Opened(socket, hash);
    } finally {
      closeQuietly(nsFd);
    }
  }

  /**
   * Reads {@code /proc/sys/net/ipv4/tcp_ehash_entries} on this thread, inside the namespace just entered
   * ({@code /proc/sys/net} shows the reading thread's namespace): negative when the namespace shares the
   * host's established hash, positive when it has its own. Kernels before 6.1 have no such file and no
   * per-namespace hash: shared.
   */
  private static EstablishedHash establishedHash() {
    // One read from offset 0: an integer sysctl answers nothing to a read at a later offset, so a
    // reader that starts with a 1-byte read (Files.readAllBytes on a file of size 0) sees only "-".
    byte[] bytes = new byte[32];
    int n;
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(EHASH_ENTRIES)) {
      n = in.read(bytes);
    } catch (java.nio.file.NoSuchFileException e) {
      return EstablishedHash.SHARED;
    } catch (java.io.IOException | SecurityException e) {
      return EstablishedHash.UNKNOWN;
    }
    try {
      long entries = Long.parseLong(new String(bytes, 0, Math.max(0, n), java.nio.charset.StandardCharsets.US_ASCII).trim());
      return entries < 0 ? EstablishedHash.SHARED : EstablishedHash.OWN;
    } catch (NumberFormatException e) {
      return EstablishedHash.UNKNOWN;
    }
  }

  private void returnHome(int socket) {
    try {
      Libc.setns(ownNamespace, Libc.CLONE_NEWNET);
    } catch (LastErrorException e) {
      broken = "the sockdiag-setns thread could not return to the agent's own network namespace ("
          + Errno.describe(e.getErrorCode()) + ") and was stopped";
      closeQuietly(socket);
      executor.shutdown();
      throw new IllegalStateException(broken, e);
    }
  }

  /**
   * Checks that this process may enter network namespaces: {@code setns} into its own, which needs
   * {@code CAP_SYS_ADMIN} like any other. Runs on the calling thread (its namespace does not change).
   *
   * @return null when it may, else why not, naming the capability
   */
  public static String privilegeProblem() {
    if (Libc.PROBLEM != null) {
      return "sock_diag is unavailable: " + Libc.PROBLEM;
    }
    int fd;
    try {
      fd = Libc.open("/proc/thread-self/ns/net", Libc.O_RDONLY | Libc.O_CLOEXEC);
    } catch (LastErrorException e) {
      return "cannot open /proc/thread-self/ns/net: " + Errno.describe(e.getErrorCode());
    }
    try {
      Libc.setns(fd, Libc.CLONE_NEWNET);
      return null;
    } catch (LastErrorException e) {
      return setnsFailure("cannot enter network namespaces", e).getMessage();
    } finally {
      closeQuietly(fd);
    }
  }

  private static SockDiagException setnsFailure(String what, LastErrorException e) {
    if (e.getErrorCode() == Errno.EPERM) {
      return new SockDiagException(Failure.PERMISSION_DENIED, what + ": setns(CLONE_NEWNET) returned "
          + Errno.describe(Errno.EPERM) + "; entering another network namespace needs CAP_SYS_ADMIN", e);
    }
    return new SockDiagException(Failure.READ_ERROR, what + ": setns(CLONE_NEWNET) returned "
        + Errno.describe(e.getErrorCode()), e);
  }

  /** Closes a descriptor; errors of {@code close} are ignored (the descriptor is released anyway). */
  static void closeQuietly(int fd) {
    if (fd < 0) {
      return;
    }
    try {
      Libc.close(fd);
    } catch (LastErrorException e) {
      // Linux releases the descriptor even when close reports an error
    }
  }

  private <T> T call(Callable<T> task) throws SockDiagException, GoneException {
    String problem = broken;
    if (problem != null) {
      throw new IllegalStateException(problem);
    }
    Future<?> previous = pending;
    if (previous != null && !previous.isDone()) {
      // An earlier call timed out and still runs: waiting again would stall every namespace after it.
      throw new SockDiagException(Failure.TIMED_OUT, "the sockdiag-setns thread is still busy with a call "
          + "that did not answer in " + TIMEOUT_SECONDS + " s", null);
    }
    Future<T> future = executor.submit(task);
    pending = future;
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SockDiagException s) {
        throw s;
      }
      if (cause instanceof GoneException g) {
        throw g;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("the sockdiag-setns thread failed: " + cause, cause);
    } catch (TimeoutException e) {
      throw new SockDiagException(Failure.TIMED_OUT, "the sockdiag-setns thread did not answer in "
          + TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SockDiagException(Failure.READ_ERROR, "interrupted waiting for the sockdiag-setns thread", e);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      throw new IllegalStateException(broken != null ? broken : "the sockdiag-setns thread is stopped", e);
    }
  }

  /** Stops the thread and closes the own namespace's descriptor; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    executor.shutdown();
    try {
      executor.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeQuietly(ownNamespace);
  }
}
