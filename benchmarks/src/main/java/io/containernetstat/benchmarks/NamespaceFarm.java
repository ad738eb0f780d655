package io.containernetstat.benchmarks;

import io.containernetstat.core.Container;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.internal.Processes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * N real network namespaces, each holding TCP sockets, created for a benchmark and removed after it.
 * Needs root, util-linux {@code unshare}, iproute2 and {@code busybox} (Debian: {@code busybox-static}).
 * Not thread-safe.
 *
 * <p>One launcher shell starts, per namespace,
 * <pre>
 * unshare -n -p --fork --kill-child busybox sh -c '
 *   busybox ip link set lo up
 *   busybox nc -ll -p 5000 -e busybox cat &amp;      # a listener that keeps listening
 *   (wait until it listens)
 *   busybox nc 127.0.0.1 5000 &lt;&amp;3 &amp; (twice)     # two established loopback connections
 *   busybox cat &gt;/dev/null'                     # live until this JVM's pipe closes
 * </pre>
 * so each namespace holds 1 listener and 2 established connections (5 TCP sockets, {@code CurrEstab}
 * 4). The {@code unshare} process itself lives in the namespace and is the PID read through
 * {@code /proc/<pid>/net}.
 *
 * <p>Cleanup, three ways, because a leaked holder pins its namespace and skews every later measurement
 * on the machine: {@link #close()} sends SIGKILL by PID to every process it started ({@code unshare}
 * ignores SIGTERM; with {@code --kill-child} its child dies with it, and with {@code -p} the child is
 * the init of a PID namespace, so everything in it dies too); a shutdown hook does the same; and if
 * this JVM is killed outright, its pipe closes, the {@code cat} each namespace waits on ends, and the
 * namespace's init exits, taking the rest with it.
 */
public final class NamespaceFarm implements AutoCloseable {
  static final int PORT = 5000;
  /** Listener + 2 client ends + 2 accepted ends. */
  static final int TCP_SOCKETS = 5;

  private static final String NAMESPACE_SCRIPT = String.join("\n",
      "busybox ip link set lo up || exit 1",
      "exec 3<&0",
      "busybox nc -ll -p " + PORT + " -e busybox cat >/dev/null 2>&1 &",
      "until busybox grep -q ':1388 ' /proc/net/tcp6 /proc/net/tcp; do busybox sleep 0.01; done",
      "busybox nc 127.0.0.1 " + PORT + " <&3 >/dev/null 2>&1 &",
      "busybox nc 127.0.0.1 " + PORT + " <&3 >/dev/null 2>&1 &",
      "busybox cat <&3 >/dev/null");

  private final Process launcher;
  private final OutputStream keepAlive;
  private final List<Long> pids;
  private final List<NetnsTarget> targets;
  private final Thread shutdownHook;
  private boolean closed;

  private NamespaceFarm(Process launcher, List<Long> pids, List<NetnsTarget> targets) {
    this.launcher = launcher;
    this.keepAlive = launcher.getOutputStream();
    this.pids = pids;
    this.targets = targets;
    this.shutdownHook = new Thread(this::killAll, "namespace-farm-cleanup");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts {@code n} namespaces and waits until each holds its sockets.
   *
   * @param n how many namespaces
   * @return the farm; close it to remove the namespaces
   * @throws IllegalStateException if a prerequisite is missing or the namespaces do not become ready
   */
  public static NamespaceFarm start(int n) {
    requireTools();
    String launcherScript = String.join("\n",
        "exec 3<&0",
        "i=0",
        "while [ $i -lt " + n + " ]; do",
        "  unshare -n -p --fork --kill-child busybox sh -c \"$NS_SCRIPT\" <&3 >/dev/null 2>&1 &",
        "  echo $!",
        "  i=$((i+1))",
        "done",
        "echo started",
        "wait");
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", launcherScript)
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("NS_SCRIPT", NAMESPACE_SCRIPT);
    Process launcher;
    try {
      launcher = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Long> pids = new ArrayList<>(n);
    NamespaceFarm farm = null;
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(launcher.getInputStream(),
          StandardCharsets.US_ASCII));
      for (String line = out.readLine(); line != null && !line.equals("started"); line = out.readLine()) {
        pids.add(Long.parseLong(line.trim()));
      }
      List<NetnsTarget> targets = new ArrayList<>(n);
      farm = new NamespaceFarm(launcher, pids, targets);
      if (pids.size() != n) {
        throw new IllegalStateException("the launcher started " + pids.size() + " of " + n + " namespaces");
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30 + n / 10);
      for (long pid : pids) {
        awaitSockets(pid, deadline);
        targets.add(target(pid));
      }
      return farm;
    } catch (IOException | RuntimeException e) {
      if (farm != null) {
        farm.close();
      } else {
        launcher.destroyForcibly();
      }
      if (e instanceof IOException) {
        throw new UncheckedIOException((IOException) e);
      }
      throw (RuntimeException) e;
    }
  }

  /** {@return the namespaces, one target per namespace (the {@code unshare} process)} */
  public List<NetnsTarget> targets() {
    return targets;
  }

  /** {@return the PIDs through which the namespaces are read} */
  public List<Long> pids() {
    return pids;
  }

  /** Kills every process the farm started (SIGKILL, by PID) and waits until they are gone. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs killAll anyway
    }
  }

  private void killAll() {
    // Collected before anything is killed: once a parent dies its children are re-parented and no
    // longer descendants. One descendants() call: each one scans the whole of /proc.
    Set<ProcessHandle> all = new LinkedHashSet<>();
    all.add(launcher.toHandle());
    launcher.descendants().forEach(all::add);
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(all::add);
    }
    for (ProcessHandle h : all) {
      h.destroyForcibly();
    }
    try {
      keepAlive.close();
    } catch (IOException ignored) {
      // the launcher is already dead
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (ProcessHandle h : all) {
      while (h.isAlive() && System.nanoTime() < deadline) {
        sleep(5);
      }
      if (h.isAlive()) {
        System.err.println("namespace-farm: process " + h.pid() + " still alive after SIGKILL");
      }
    }
  }

  /** {@return the target of the namespace of {@code pid}, named {@code netns-<pid>}, as a plain process} */
  static NetnsTarget target(long pid) {
    try {
      OptionalLong start = Processes.startTime(ProcRoot.DEFAULT, pid);
      OptionalLong inode = Processes.netnsInode(ProcRoot.DEFAULT, pid);
      if (start.isEmpty() || inode.isEmpty()) {
        throw new IllegalStateException("namespace holder " + pid + " exited");
      }
      Container c = new Container("netns-" + pid, "netns-" + pid, "", Container.PLAIN_PROCESS, pid, start.getAsLong(),
          Map.of(), null, null, false);
      return new NetnsTarget(inode.getAsLong(), pid, start.getAsLong(), false, c.id(), null, List.of(c));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the namespace of {@code pid} holds its TCP sockets, read from its sockstat files. */
  private static void awaitSockets(long pid, long deadline) throws IOException {
    Path net = Path.of("/proc", Long.toString(pid), "net");
    while (true) {
      int sockets;
      try {
        sockets = tcpInuse(Files.readString(net.resolve("sockstat")), "TCP: inuse ")
            + tcpInuse(Files.readString(net.resolve("sockstat6")), "TCP6: inuse ");
      } catch (NoSuchFileException e) {
        throw new IllegalStateException("namespace holder " + pid + " exited before it was ready", e);
      }
      if (sockets == TCP_SOCKETS) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("namespace of " + pid + " holds " + sockets + " TCP sockets, expected "
            + TCP_SOCKETS);
      }
      sleep(10);
    }
  }

  /** {@return the number after {@code prefix} (e.g. {@code "TCP: inuse "}) in a sockstat file, 0 without it} */
  static int tcpInuse(String sockstat, String prefix) {
    int at = sockstat.indexOf(prefix);
    if (at < 0) {
      return 0;
    }
    int from = at + prefix.length();
    int to = from;
    while (to < sockstat.length() && Character.isDigit(sockstat.charAt(to))) {
      to++;
    }
    return Integer.parseInt(sockstat.substring(from, to));
  }

  private static void requireTools() {
    if (!"root".equals(System.getProperty("user.name"))) {
      throw new IllegalStateException("real-namespace benchmarks need root (unshare -n, reading other"
          + " processes' /proc/<pid>/net)");
    }
    for (String tool : new String[] {"unshare", "busybox"}) {
      if (!onPath(tool)) {
        throw new IllegalStateException(tool + " not found: install util-linux and busybox-static");
      }
    }
  }

  static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
