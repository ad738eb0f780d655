package io.containernetstat.testkit;

import io.containernetstat.core.Container;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.ProcRoot;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fixture proc root on disk, {@code <dir>/proc}, filled from the kernel samples ({@link ProcfsSamples}):
 * per process a {@code <pid>/stat} (state and start time are what readers check), optionally
 * {@code comm}, {@code cgroup} and an {@code ns/net} link (dangling, {@code net:[N]}: resolvers only read
 * its target), and {@code <pid>/net/} files copied from a sample directory or written by the test. Then
 * whatever a test breaks ({@link #fifo}, {@link #sparse}, {@link #write}).
 *
 * <p>The namespaces added with {@link #process} and {@link #add} are {@link #targets()}, and
 * {@link #resolver()} returns them (a live view) and counts its calls.
 */
public final class ProcTree {
  /** The host's network namespace inode, {@code /proc/1/ns/net} of {@link #hostInit()}. */
  public static final long HOST_NETNS = 4026531840L;

  private final Path root;
  private final List<NetnsTarget> targets = new CopyOnWriteArrayList<>();
  private final FixtureResolver resolver = FixtureResolver.of(() -> targets);

  /** Creates an empty tree at {@code dir/proc} (nothing is written yet). */
  public ProcTree(Path dir) {
    this(dir.resolve("proc"), true);
  }

  private ProcTree(Path root, boolean unused) {
    this.root = root;
  }

  /** {@return a tree whose proc directory is {@code procDir} itself (it may hold files already)} */
  public static ProcTree at(Path procDir) {
    return new ProcTree(procDir, true);
  }

  /** {@return the proc directory} */
  public Path root() {
    return root;
  }

  /** {@return the tree as the collector's proc root} */
  public ProcRoot procRoot() {
    return new ProcRoot(root);
  }

  /** {@return {@code relative} resolved against the proc directory} */
  public Path path(String relative) {
    return root.resolve(relative);
  }

  /**
   * The {@code stat} line of a sleeping process: {@code pid (comm) S ppid ...} with {@code startTime} as
   * field 22 and every other field as a real kernel prints it.
   *
   * @return the line, with its newline
   */
  public static String statLine(long pid, String comm, long startTime) {
    return pid + " (" + comm + ") S " + (pid == 1 ? 0 : 1) + " " + pid + " " + pid
        + " 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 " + startTime
        + " 1000000 100 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n";
  }

  /** Writes {@code <pid>/stat}; {@return this tree} */
  public ProcTree stat(long pid, String comm, long startTime) {
    return write(pid + "/stat", statLine(pid, comm, startTime));
  }

  /** Creates the link {@code <pid>/ns/net -> net:[inode]}; {@return this tree} */
  public ProcTree netnsLink(long pid, long inode) {
    return link(pid + "/ns/net", "net:[" + inode + "]");
  }

  /** Creates a symbolic link {@code relative -> target} (which need not exist); {@return this tree} */
  public ProcTree link(String relative, String target) {
    try {
      Path link = root.resolve(relative);
      Files.createDirectories(link.getParent());
      Files.createSymbolicLink(link, Path.of(target));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /**
   * Copies {@code files} of sample directory {@code sampleDir} (such as {@link ProcfsSamples#LIVE}) into
   * {@code <pid>/net/}, which is created even when {@code files} is empty.
   *
   * @return this tree
   */
  public ProcTree netFiles(long pid, String sampleDir, Collection<String> files) {
    try {
      Files.createDirectories(root.resolve(pid + "/net"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String f : files) {
      ProcfsSamples.copy(sampleDir + f, root.resolve(pid + "/net/" + f));
    }
    return this;
  }

  /**
   * The host's process 1 {@code init}: its stat (start time 7), its {@code ns/net} link to
   * {@link #HOST_NETNS} and its {@code net/sockstat} from the live capture.
   *
   * @return this tree
   */
  public ProcTree hostInit() {
    return stat(1, "init", 7).netnsLink(1, HOST_NETNS).netFiles(1, ProcfsSamples.LIVE, List.of("sockstat"));
  }

  /**
   * Adds a process with start time {@code pid * 10} in a namespace of its own, inode
   * {@code 4026530000 + pid}, holding one plain process of that name: its stat and its net sockstat,
   * sockstat6 and snmp from the live capture.
   *
   * @return this tree
   */
  public ProcTree process(long pid, String comm) {
    stat(pid, comm, pid * 10).netFiles(pid, ProcfsSamples.LIVE, List.of("sockstat", "sockstat6", "snmp"));
    targets.add(new NetnsTarget(4026530000L + pid, pid, pid * 10, false, null, null,
        List.of(new Container(Long.toString(pid), comm, "", "process", pid, pid * 10, Map.of(), null, null,
            false))));
    return this;
  }

  /**
   * Adds a namespace read through {@code target.pid()}: its stat (comm {@code app}, the target's start
   * time) and net files, each given as {@code name=<sample path>} or {@code name=@<text>}.
   *
   * @return this tree
   */
  public ProcTree add(NetnsTarget target, String... files) {
    long pid = target.pid();
    stat(pid, "app", target.pidStartTime()).netFiles(pid, "", List.of());
    for (String file : files) {
      int eq = file.indexOf('=');
      String name = pid + "/net/" + file.substring(0, eq);
      String source = file.substring(eq + 1);
      if (source.startsWith("@")) {
        write(name, source.substring(1));
      } else {
        ProcfsSamples.copy(source, root.resolve(name));
      }
    }
    targets.add(target);
    return this;
  }

  /** Writes {@code text} (ISO-8859-1) to {@code relative}, creating its directory; {@return this tree} */
  public ProcTree write(String relative, String text) {
    return write(relative, text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Writes {@code bytes} to {@code relative}, creating its directory; {@return this tree} */
  public ProcTree write(String relative, byte[] bytes) {
    try {
      Path file = root.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /**
   * Removes {@code relative} and everything under it, as a process's exit removes {@code <pid>/} (files a
   * reader holds open still read, unlike a real exit's: remove a process before it is first read).
   *
   * @return this tree
   */
  public ProcTree delete(String relative) {
    try (java.util.stream.Stream<Path> all = Files.walk(root.resolve(relative))) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /**
   * Replaces a file with a FIFO that nobody writes: opening it for reading would block forever.
   *
   * @throws IOException if {@code mkfifo} fails
   * @throws InterruptedException if interrupted while {@code mkfifo} runs
   */
  public void fifo(String relative) throws IOException, InterruptedException {
    Path file = root.resolve(relative);
    Files.deleteIfExists(file);
    Files.createDirectories(file.getParent());
    Process p = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IOException("mkfifo " + file + " failed");
    }
  }

  /**
   * Replaces a file with a sparse one of {@code size} bytes (zeros; no disk used).
   *
   * @throws IOException if the file cannot be written
   */
  public void sparse(String relative, long size) throws IOException {
    Path file = root.resolve(relative);
    Files.deleteIfExists(file);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size);
    }
  }

  /** {@return the namespaces added, in order} */
  public List<NetnsTarget> targets() {
    return List.copyOf(targets);
  }

  /** {@return the resolver of the namespaces added (a live view: later additions show), counting its calls} */
  public FixtureResolver resolver() {
    return resolver;
  }

  /** {@return a resolver of the namespaces added so far, with {@code failed} as its failures} */
  public FixtureResolver resolver(List<NamespaceSnapshot> failed) {
    return FixtureResolver.of(targets, failed);
  }
}
