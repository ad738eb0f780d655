package io.containernetstat.agent;

import io.containernetstat.agent.cli.Durations;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Daemon mode: start, run until SIGTERM or SIGINT, stop cleanly, exit 0.
 *
 * <p>The signals are caught with {@code sun.misc.Signal} (module {@code jdk.unsupported}, in every JDK and
 * in a jlinked runtime that adds it) so that a stop requested by the service manager ends with exit code
 * 0 rather than the JVM's 143, which systemd would report as a failure. Where that API is missing the
 * JVM's own shutdown hook does the same cleanup. A watchdog halts the process if the cleanup ever takes
 * longer than {@link #STOP_LIMIT_MILLIS}: a node agent that ignores SIGTERM is killed after the grace
 * period anyway, with nothing flushed.
 */
final class DaemonMode {
  static final long STOP_LIMIT_MILLIS = 15_000;

  private final Settings settings;
  private final PrintStream err;

  DaemonMode(Settings settings, PrintStream err) {
    this.settings = settings;
    this.err = err;
  }

  /** {@return the exit code: 0 after a requested stop, 1 when the daemon could not start} */
  int run() {
    CountDownLatch stop = new CountDownLatch(1);
    String[] signal = {"signal"};
    boolean trapped = Signals.trap(name -> {
      signal[0] = "SIG" + name;
      stop.countDown();
    }, "TERM", "INT");
    Daemon daemon;
    try {
      daemon = Daemon.start(settings);
    } catch (Daemon.StartException e) {
      err.println("container-netstat: " + io.containernetstat.agent.log.TerminalText.escape(e.getMessage()));
      return AgentCommand.EXIT_FAILED;
    }
    Thread hook = new Thread(() -> stop(daemon, "JVM shutdown"), "shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    if (!trapped) {
      Daemon.LOG.debug("signals not trapped: the JVM's shutdown hook stops the agent");
    }
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stop(daemon, signal[0]);
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down
    }
    return AgentCommand.EXIT_OK;
  }

  private final java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();

  private void stop(Daemon daemon, String why) {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    long start = System.nanoTime();
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(STOP_LIMIT_MILLIS);
        System.err.println("container-netstat: stopping took longer than " + STOP_LIMIT_MILLIS + " ms: halting");
        Runtime.getRuntime().halt(1);
      } catch (InterruptedException e) {
        // stopped in time
      }
    }, "stop-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    Daemon.LOG.info("stopping ({})", why);
    daemon.close();
    watchdog.interrupt();
    Daemon.LOG.info("stopped in {}", Durations.millis(System.nanoTime() - start));
  }
}
