package io.containernetstat.core.kernel;

import io.containernetstat.testkit.SocketHolder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real network namespace holding a known set of sockets, for tests; thread-safe.
 *
 * <p>{@link #start(SocketSpec)} runs
 * <pre>
 * unshare -n --fork --kill-child sh -c 'ip link set lo up &amp;&amp; exec "$0" "$@"' \
 *     &lt;this JVM's java&gt; -cp &lt;where SocketHolder is&gt; \
 *     io.containernetstat.testkit.SocketHolder &lt;spec&gt;
 * </pre>
 * and waits until the {@link SocketHolder} prints {@code READY <pid> <baseline>}: then the namespace holds exactly
 * the sockets of the spec, nothing is in transit, and {@link #pid()} is a process inside it, readable
 * from outside through {@code /proc/<pid>/net}. Needs root; guard tests with
 * {@link Environment#requireNetworkNamespaces()}.
 *
 * <p>Never leaks processes: {@link #close()} kills the holder and waits for {@code unshare} to exit (see
 * {@link #kill()}); a shutdown hook closes fixtures a test forgot; and a holder whose starting JVM died
 * without either (SIGKILL) exits when its standard input, a pipe from that JVM, closes.
 *
 * <pre>{@code
 * try (NetnsFixture ns = NetnsFixture.start(SocketSpec.empty().withListeners(2, 1).withEstablished(1, 1))) {
 *   ReadResult result = reader.read(ns.pid(), ns.startTime());
 *   SsSummary oracle = ns.ss();
 * }
 * }</pre>
 *
 * <p>A fixture shared by several tests and handed to a {@code @ParameterizedTest} needs
 * {@code autoCloseArguments = false}: JUnit closes {@link AutoCloseable} arguments after each invocation.
 *
 * <p>Starting costs about half a second (a JVM per namespace); {@link #startAll(List)} starts several in
 * parallel.
 */
public final class NetnsFixture implements AutoCloseable {
  /** How long a holder may take to open its sockets and print READY. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(5);
  private static final Set<NetnsFixture> OPEN = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (NetnsFixture fixture : OPEN) {
        fixture.kill();
      }
    }, "netns-fixture-cleanup"));
  }

  private final SocketSpec spec;
  private final Process unshare;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final StringBuffer output = new StringBuffer();
  private volatile long pid = -1;
  private volatile long startTime = -1;
  private volatile long netnsInode = -1;
  private volatile long baselineSockets = -1;
  private final Thread drain;
  private boolean killed;

  private NetnsFixture(SocketSpec spec, Process unshare) {
    this.spec = spec;
    this.unshare = unshare;
    this.drain = new Thread(this::drainOutput, "netns-fixture-output-" + unshare.pid());
    drain.setDaemon(true);
    drain.start();
  }

  /**
   * Starts a namespace holding {@code spec}'s sockets and waits until it is ready.
   *
   * @param spec the sockets to open
   * @return the running fixture; close it
   * @throws IOException if a process cannot be started, the holder fails or is not ready within
   *     {@link #START_TIMEOUT}; the message includes the holder's output
   */
  public static NetnsFixture start(SocketSpec spec) throws IOException {
    return startAll(List.of(spec)).get(0);
  }

  /**
   * Starts one namespace per spec, in parallel, and waits until all are ready. On failure every
   * namespace already started is closed.
   *
   * @param specs the socket sets, one per namespace
   * @return the fixtures, in the order of {@code specs}
   * @throws IOException if any namespace cannot be made ready (see {@link #start(SocketSpec)})
   */
  public static List<NetnsFixture> startAll(List<SocketSpec> specs) throws IOException {
    List<NetnsFixture> started = new ArrayList<>();
    try {
      for (SocketSpec spec : specs) {
        started.add(launch(spec));
      }
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      for (NetnsFixture fixture : started) {
        fixture.awaitReady(deadline);
      }
      return List.copyOf(started);
    } catch (IOException | RuntimeException | Error e) {
      for (NetnsFixture fixture : started) {
        fixture.close();
      }
      throw e;
    }
  }

  private static NetnsFixture launch(SocketSpec spec) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Environment.requireExecutable("unshare").toString(), "-n", "--fork", "--kill-child",
        "/bin/sh", "-c", Environment.requireExecutable("ip") + " link set lo up && exec \"$0\" \"$@\"",
        javaBinary(),
        // A small, quick JVM: the holder only opens sockets and sleeps.
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx32m", "-XX:-UsePerfData", "-Xshare:auto",
        "-cp", holderClassPath(),
        SocketHolder.class.getName(),
        spec.toArgument()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    NetnsFixture fixture = new NetnsFixture(spec, process);
    OPEN.add(fixture);
    return fixture;
  }

  private void awaitReady(long deadlineNanos) throws IOException {
    try {
      while (true) {
        long left = deadlineNanos - System.nanoTime();
        String line = lines.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
        if (line == null) {
          throw failure("no READY within " + START_TIMEOUT.toSeconds() + " s");
        }
        if (line.equals(EOF)) {
          throw failure("the holder exited before READY");
        }
        if (line.startsWith(SocketHolder.FAILED)) {
          throw failure("the holder failed");
        }
        if (line.startsWith(SocketHolder.READY + " ")) {
          String[] words = line.split(" ");
          onReady(Long.parseLong(words[1]), Long.parseLong(words[2]));
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for " + this);
    }
  }

  private void onReady(long holderPid, long baseline) throws IOException {
    String[] stat = stat(holderPid).orElseThrow(() -> failure("holder " + holderPid + " vanished after READY"));
    long parent = statField(stat, 4);
    if (parent != unshare.pid()) {
      throw failure("holder " + holderPid + " has parent " + parent + ", not unshare " + unshare.pid());
    }
    pid = holderPid;
    baselineSockets = baseline;
    startTime = statField(stat, 22);
    netnsInode = readNetnsInode(holderPid);
  }

  // ---- what tests use ---------------------------------------------------------------------------

  /** {@return the socket set this namespace holds} */
  public SocketSpec spec() {
    return spec;
  }

  /** {@return the PID of the socket holder, a process inside the namespace (the child of unshare)} */
  public long pid() {
    return pid;
  }

  /** {@return the holder's start time, field 22 of {@code /proc/<pid>/stat} (clock ticks since boot)} */
  public long startTime() {
    return startTime;
  }

  /** {@return the PID of {@code unshare}, the holder's parent; it lives in the same namespace} */
  public long unsharePid() {
    return unshare.pid();
  }

  /** {@return the namespace inode, as {@code readlink /proc/<pid>/ns/net} printed it when READY} */
  public long netnsInode() {
    return netnsInode;
  }

  /**
   * {@return the sockets the holder JVM had before it opened the spec's, as its {@code sockets: used}
   * showed them: on JDK 17 for Linux, 2, the AF_UNIX socketpair the NIO file dispatcher creates (and
   * keeps one end of, as the descriptor it {@code dup2}s over sockets being closed) when the first file
   * channel is opened. So {@code sockets used = baselineSockets() + spec().expectedSocketsUsed()}}
   */
  public long baselineSockets() {
    return baselineSockets;
  }

  /** {@return whether the holder still runs (is neither gone nor a zombie) and is the same process} */
  public boolean isAlive() {
    Optional<String[]> stat = stat(pid);
    return stat.isPresent() && !stat.get()[0].equals("Z") && statField(stat.get(), 22) == startTime;
  }

  /**
   * Runs a command inside the namespace: {@code nsenter -t <pid> -n <command>}.
   *
   * @param command the program and its arguments; a bare name is looked up like {@link Environment#executable}
   * @return its standard output
   * @throws IOException if it cannot start, exits non-zero (the message has its stderr) or takes over 10 s
   */
  public String runInside(String... command) throws IOException {
    List<String> full = new ArrayList<>(List.of(
        Environment.requireExecutable("nsenter").toString(), "-t", Long.toString(requireAlive()), "-n"));
    for (int i = 0; i < command.length; i++) {
      full.add(i == 0 && !command[0].contains("/") ? Environment.requireExecutable(command[0]).toString()
          : command[i]);
    }
    return run(full);
  }

  /**
   * Runs {@code ss -s} inside the namespace and parses it.
   *
   * @return the summary
   * @throws IOException if ss cannot run
   * @throws IllegalArgumentException if its output cannot be parsed
   */
  public SsSummary ss() throws IOException {
    return SsSummary.parse(runInside("ss", "-s"));
  }

  /**
   * Kills the namespace; idempotent. The holder is killed first (SIGKILL), so that {@code unshare}, its
   * parent, reaps it and exits by itself; this JVM then reaps {@code unshare}. Killing {@code unshare}
   * first would also work ({@code --kill-child}), but would leave the holder a zombie for PID 1 to reap,
   * and PID 1 of a sandbox may be slow to. Falls back to SIGKILL for {@code unshare} after 5 s. Returns
   * when both are gone; the namespace is then freed unless something (a held descriptor) pins it.
   */
  public synchronized void kill() {
    if (killed) {
      return;
    }
    killed = true;
    try {
      if (pid > 0 && unshare.isAlive() && isAlive()) {
        // Safe from PID reuse: unshare has not reaped it (unshare is alive and exits right after reaping).
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
      if (!unshare.waitFor(pid > 0 ? EXIT_TIMEOUT.toMillis() : 0, TimeUnit.MILLISECONDS)) {
        unshare.destroyForcibly();
        unshare.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
      if (pid > 0) {
        awaitGone(pid);
      }
    } catch (InterruptedException e) {
      unshare.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      OPEN.remove(this);
    }
  }

  /** Kills the namespace ({@link #kill()}). */
  @Override
  public void close() {
    kill();
  }

  @Override
  public String toString() {
    return "NetnsFixture{unshare=" + unshare.pid() + ", holder=" + pid + ", netns=" + netnsInode
        + ", spec=" + spec.toArgument() + '}';
  }

  // ---- helpers shared by tests ------------------------------------------------------------------

  /**
   * Reads {@code /proc/<pid>/stat} and splits the fields after the command, so that index 0 is field 3
   * (state) and field {@code n} is at index {@code n - 3}. Independent of the library's parser.
   *
   * @param pid the process
   * @return the fields from field 3 on, or empty when the process is gone
   */
  public static Optional<String[]> stat(long pid) {
    String content;
    try {
      content = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("No such process")) {
        return Optional.empty();
      }
      throw new IllegalStateException("cannot read /proc/" + pid + "/stat: " + e, e);
    }
    return Optional.of(content.substring(content.lastIndexOf(')') + 1).trim().split(" "));
  }

  /** {@return field {@code n} (1-based, as in proc(5)) of a {@link #stat(long)} result, as a number} */
  public static long statField(String[] stat, int n) {
    return Long.parseLong(stat[n - 3]);
  }

  /**
   * Reads a process's network namespace inode with the {@code readlink} program, an oracle independent
   * of the library.
   *
   * @param pid the process; {@code self} is not accepted, pass {@link ProcessHandle#pid()}
   * @return the inode in {@code net:[<inode>]}
   * @throws IOException if readlink fails (the process is gone or not readable)
   */
  public static long readNetnsInode(long pid) throws IOException {
    String link = run(List.of(Environment.requireExecutable("readlink").toString(),
        "/proc/" + pid + "/ns/net")).trim();
    if (!link.startsWith("net:[") || !link.endsWith("]")) {
      throw new IOException("readlink /proc/" + pid + "/ns/net printed '" + link + "'");
    }
    return Long.parseLong(link.substring(5, link.length() - 1));
  }

  private synchronized long requireAlive() {
    if (pid <= 0 || killed) {
      throw new IllegalStateException(this + " is not running");
    }
    return pid;
  }

  private static String run(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> {
      try {
        return process.getErrorStream().readAllBytes();
      } catch (IOException e) {
        return new byte[0];
      }
    });
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IOException(command + " did not finish in " + COMMAND_TIMEOUT.toSeconds() + " s");
      }
      String errors = new String(stderr.get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
          StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IOException(command + " exited with " + process.exitValue() + ": " + errors.trim());
      }
      return stdout;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted running " + command);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("cannot read the stderr of " + command, e);
    }
  }

  private static void awaitGone(long pid) throws InterruptedException {
    long deadline = System.nanoTime() + EXIT_TIMEOUT.toNanos();
    while (Files.exists(Path.of("/proc", Long.toString(pid))) && System.nanoTime() < deadline) {
      Optional<String[]> stat = stat(pid);
      if (stat.isPresent() && stat.get()[0].equals("Z")) {
        return; // a zombie has released its namespaces; its parent's parent reaps it
      }
      Thread.sleep(5);
    }
  }

  private static final String EOF = "\u0000EOF";

  private void drainOutput() {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(unshare.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (output.length() < 64 * 1024) {
          output.append(line).append('\n');
        }
        lines.add(line);
      }
    } catch (IOException e) {
      output.append("(output unreadable: ").append(e).append(")\n");
    } finally {
      lines.add(EOF);
    }
  }

  private IOException failure(String what) {
    kill();
    try {
      drain.join(1_000); // the rest of the holder's output, for the message
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new IOException(what + ": " + this + ", unshare exit status "
        + (unshare.isAlive() ? "(running)" : Integer.toString(unshare.exitValue())) + ", output:\n" + output);
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** Where {@link SocketHolder} was loaded from: test-classes, or netstat-core's test-jar elsewhere. */
  private static String holderClassPath() {
    try {
      return Path.of(SocketHolder.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the SocketHolder class", e);
    }
  }
}
