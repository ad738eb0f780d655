package io.containernetstat.benchmarks;

import io.containernetstat.core.NetnsTarget;
import io.containernetstat.testkit.SocketHolder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * N established loopback TCP connections (2N sockets) held by {@link SocketHolder} processes
 * ({@code --connections}), each pair of JVMs in a network namespace of its own, created for a benchmark
 * and removed after it. Needs root and util-linux {@code unshare}. Not thread-safe.
 *
 * <p>Why several holders: one holder's two JVMs hold one end of each of its connections each, so each
 * needs about as many descriptors as it has connections, and this machine's hard limit is 20,000 open
 * files per process; and each namespace has its own ephemeral port range (32768-60999 by default), so
 * connections spread over namespaces never run out of source ports. The kernel's established hash is
 * still host-wide (unless {@code net.ipv4.tcp_child_ehash_entries} was set when a namespace was made), so
 * every connection here is in the table a sock_diag states dump of any other namespace walks.
 *
 * <p>Every holder is started before any is waited for (they set up in parallel). Setup is bounded: a
 * holder not ready by the deadline is killed, which ends its output, and {@link #start} fails. Cleanup
 * as {@link NamespaceFarm}'s: SIGKILL by PID ({@code unshare} ignores SIGTERM; with {@code -p --kill-child}
 * the namespace's whole PID namespace dies), and a holder whose parent JVM dies exits at the end of its
 * standard input.
 */
final class ConnectionHolders implements AutoCloseable {
  private final List<Process> holders;
  private final List<NetnsTarget> targets = new ArrayList<>();
  private boolean closed;

  private ConnectionHolders(List<Process> holders) {
    this.holders = holders;
  }

  /**
   * Starts holders for {@code connections} connections, at most {@code perHolder} each, and waits until
   * each says it holds them and its namespace's sockstat counts them.
   *
   * @param connections how many connections in all, at least 1
   * @param perHolder the most connections one holder keeps (its JVMs need about as many descriptors)
   * @param timeoutSeconds how long all of them may take to be ready
   * @return the holders; close them to remove the connections and their namespaces
   * @throws IllegalStateException if a holder fails, or is not ready in time
   */
  static ConnectionHolders start(int connections, int perHolder, long timeoutSeconds) {
    if (connections < 1 || perHolder < 1) {
      throw new IllegalArgumentException("connections and perHolder must be >= 1, got " + connections + ", "
          + perHolder);
    }
    int count = (connections + perHolder - 1) / perHolder;
    ConnectionHolders all = new ConnectionHolders(new ArrayList<>(count));
    try {
      int[] each = new int[count];
      for (int i = 0; i < count; i++) {
        each[i] = connections / count + (i < connections % count ? 1 : 0);
        all.holders.add(startOne(each[i]));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
      for (int i = 0; i < count; i++) {
        Process holder = all.holders.get(i);
        awaitReady(holder, each[i], deadline);
        // The accepting JVM's listener stays open too: 2N + 1 TCP sockets in the namespace.
        long inuse = tcpInuse(holder.pid());
        if (inuse < 2L * each[i]) {
          throw new IllegalStateException("holder " + holder.pid() + " said ready " + each[i] + " but its namespace"
              + " has " + inuse + " TCP sockets in use, expected at least " + 2 * each[i]);
        }
        all.targets.add(NamespaceFarm.target(holder.pid()));
      }
      return all;
    } catch (RuntimeException e) {
      all.close();
      throw e;
    }
  }

  /** {@return one target per holder's namespace (the {@code unshare} process)} */
  List<NetnsTarget> targets() {
    return targets;
  }

  /** {@return the TCP sockets in use in the holders' namespaces, from their sockstat files} */
  long tcpInuse() {
    long sum = 0;
    for (Process holder : holders) {
      sum += tcpInuse(holder.pid());
    }
    return sum;
  }

  /** Kills every holder process (SIGKILL, by PID) and waits until they are gone. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Collected before anything is killed: once a parent dies its children are re-parented.
    Set<ProcessHandle> all = new LinkedHashSet<>();
    for (Process holder : holders) {
      all.add(holder.toHandle());
      holder.descendants().forEach(all::add);
    }
    for (ProcessHandle h : all) {
      h.destroyForcibly();
    }
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("connection holder process " + h.pid() + " did not exit: " + e);
      }
    }
  }

  private static Process startOne(int connections) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Each holder process needs about N descriptors: raise the soft limit to the hard one.
    String script = "ip link set lo up || exit 1; ulimit -n \"$(ulimit -H -n)\" || exit 1; exec \""
        + java + "\" -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp \""
        + System.getProperty("java.class.path") + "\" " + SocketHolder.class.getName() + " --connections "
        + connections;
    ProcessBuilder pb = new ProcessBuilder("unshare", "-n", "-p", "--fork", "--kill-child", "sh", "-c", script)
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    // Each holder's JVMs are PIDs 1 and 2 of their PID namespace, and share /tmp/hsperfdata_root: without
    // this, the second holder's JVMs find those files locked and print a warning on standard output,
    // where the ready line is read. Inherited by the connecting child JVM.
    pb.environment().put("JAVA_TOOL_OPTIONS", "-XX:-UsePerfData");
    try {
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the holder's {@code ready N}; a watchdog kills the holder at the deadline so the read ends. */
  private static void awaitReady(Process holder, int connections, long deadline) {
    AtomicBoolean ready = new AtomicBoolean();
    Thread watchdog = new Thread(() -> {
      while (!ready.get() && System.nanoTime() < deadline) {
        NamespaceFarm.sleep(100);
      }
      if (!ready.get()) {
        holder.descendants().forEach(ProcessHandle::destroyForcibly);
        holder.destroyForcibly();
      }
    }, "connection-holder-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    String line;
    try {
      line = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      ready.set(true);
    }
    if (!("ready " + connections).equals(line)) {
      throw new IllegalStateException("connection holder " + holder.pid() + " said " + line + ", expected ready "
          + connections + (System.nanoTime() > deadline ? " (killed at the setup deadline)" : ""));
    }
  }

  private static long tcpInuse(long pid) {
    Path net = Path.of("/proc", Long.toString(pid), "net");
    try {
      return NamespaceFarm.tcpInuse(Files.readString(net.resolve("sockstat")), "TCP: inuse ")
          + NamespaceFarm.tcpInuse(Files.readString(net.resolve("sockstat6")), "TCP6: inuse ");
    } catch (NoSuchFileException e) {
      throw new IllegalStateException("connection holder " + pid + " exited", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
