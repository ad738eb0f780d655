package io.containernetstat.sockdiag.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * For tests: runs a task on a fresh thread that has entered a process's network namespace, so that the
 * sockets the task opens live there (held by this JVM, closed by the test). The thread ends with the task
 * and never returns to this JVM's namespace.
 */
public final class InNamespace {
  private InNamespace() {}

  /**
   * Runs {@code task} inside the network namespace of {@code pid}.
   *
   * @param pid a process in the namespace
   * @param task what to do there
   * @param <T> the task's result
   * @return its result
   * @throws Exception what the task or entering the namespace threw
   */
  public static <T> T call(long pid, Callable<T> task) throws Exception {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      try {
        int fd = Libc.open("/proc/" + pid + "/ns/net", Libc.O_RDONLY | Libc.O_CLOEXEC);
        try {
          Libc.setns(fd, Libc.CLONE_NEWNET);
        } finally {
          Libc.close(fd);
        }
        result.set(task.call());
      } catch (Exception e) {
        failure.set(e);
      }
    }, "test-in-netns-" + pid);
    thread.start();
    thread.join(20_000);
    if (thread.isAlive()) {
      throw new IllegalStateException("the task in the namespace of " + pid + " did not finish in 20 s");
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return result.get();
  }
}
