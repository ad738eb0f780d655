package io.containernetstat.benchmarks;

import io.containernetstat.core.Container;
import io.containernetstat.core.Snapshot.HostWide;
import io.containernetstat.core.NetnsResolver;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.Container.Pod;
import io.containernetstat.core.ProcNetFile;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.resolver.CgroupScanResolver;
import io.containernetstat.resolver.ResolverOptions;
import io.containernetstat.testkit.TestResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A generated procfs tree and cgroup tree for N containers, on disk; immutable once created, and
 * deleted by {@link #close()}.
 *
 * <p>Each container is the only container of its pod (the worst case for a reader: N containers are N
 * network namespaces to read). For each one the tree holds what the resolvers and the reader open on
 * a real host:
 * <pre>
 * proc/&lt;pid&gt;/net/{sockstat,sockstat6,snmp,snmp6,netstat,dev}   the live 6.18 samples, numbers varied
 * proc/&lt;pid&gt;/ns/net -&gt; net:[&lt;inode&gt;]                           a dangling link, as readlink sees it
 * proc/&lt;pid&gt;/stat                                              52 fields, field 22 = start time
 * proc/&lt;pid&gt;/cgroup, proc/&lt;pid&gt;/comm
 * cgroup/kubepods/besteffort/pod&lt;uid&gt;/&lt;64 hex id&gt;/cgroup.procs    containerd's cgroupfs layout, cgroup v2
 * run/containerd/io.containerd.runtime.v2.task/k8s.io/&lt;id&gt;/config.json   the bundle, with CRI annotations
 * </pre>
 * plus PID 1, the host's reference process, with its own {@code net/} files and namespace link.
 *
 * <p>Numbers are drawn from a seeded random source, so a tree is the same for the same seed. Columns
 * stay those of the real kernel capture; host-wide sockstat fields ({@code orphan}, {@code alloc},
 * {@code mem}) are the same in every namespace, as on a real host.
 */
public final class ProcFixture implements AutoCloseable {
  /** Where the kernel captures used as templates live on the class path (netstat-core's test-jar, the one copy). */
  public static final String SAMPLES = "/procfs-samples/live-6.18.44-fc-v657/";

  /** The host's network namespace inode in every fixture. */
  public static final long HOST_NETNS_INODE = 4026531833L;

  private static final String CONTAINERD_ROOT = "run/containerd/io.containerd.runtime.v2.task";
  private static final String IMAGE = "registry.local/app:1.0";
  private static final long FIRST_NETNS_INODE = 4026532200L;
  private static final Set<String> CONSTANT_COLUMNS =
      Set.of("Forwarding", "DefaultTTL", "RtoAlgorithm", "RtoMin", "RtoMax", "MaxConn");

  /** One generated container: its process, namespace and cgroup. */
  public record Entry(long pid, long startTime, long netnsInode, String podUid, String podName,
      String containerId, Path cgroupDir) {}

  private final Path root;
  private final List<Entry> containers;

  private ProcFixture(Path root, List<Entry> containers) {
    this.root = root;
    this.containers = List.copyOf(containers);
  }

  /**
   * Writes a tree for {@code containers} containers in a new directory under {@code parent}.
   *
   * @param parent where to create the tree's directory
   * @param containers how many containers (and therefore namespaces), at least 0
   * @param seed the seed of the varied numbers
   * @return the fixture; close it to delete the tree
   * @throws UncheckedIOException if the tree cannot be written
   */
  public static ProcFixture create(Path parent, int containers, long seed) {
    if (containers < 0) {
      throw new IllegalArgumentException("containers < 0: " + containers);
    }
    Path root;
    try {
      Files.createDirectories(parent);
      root = Files.createTempDirectory(parent, "proc-fixture-" + containers + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      SplittableRandom random = new SplittableRandom(seed);
      Templates templates = Templates.load();
      HostWideValues host = new HostWideValues(random);
      writeProcess(root, 1, 0, 2, HOST_NETNS_INODE, "systemd", "/init.scope", templates, host, random);
      Files.createDirectories(root.resolve("cgroup"));
      // cgroup v2: the resolver recognises the hierarchy by this file.
      Files.writeString(root.resolve("cgroup").resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");

      List<Entry> entries = new ArrayList<>(containers);
      long pid = 4000;
      long startTime = 10_000;
      for (int i = 0; i < containers; i++) {
        pid += 1 + random.nextInt(40);
        startTime += 1 + random.nextInt(500);
        long inode = FIRST_NETNS_INODE + 3L * i + random.nextInt(3);
        String podUid = new UUID(random.nextLong(), random.nextLong()).toString();
        String containerId = hex64(random);
        String cgroupPath = "/kubepods/besteffort/pod" + podUid + "/" + containerId;
        Path cgroupDir = root.resolve("cgroup" + cgroupPath);
        Files.createDirectories(cgroupDir);
        Files.writeString(cgroupDir.resolve("cgroup.procs"), pid + "\n");
        writeProcess(root, pid, 1, startTime, inode, "app", cgroupPath, templates, host, random);
        String podName = "web-" + i;
        writeBundle(root.resolve(CONTAINERD_ROOT).resolve("k8s.io").resolve(containerId), podName, podUid);
        entries.add(new Entry(pid, startTime, inode, podUid, podName, containerId, cgroupDir));
      }
      return new ProcFixture(root, entries);
    } catch (IOException | RuntimeException e) {
      deleteTree(root); // no half-written tree left behind
      if (e instanceof IOException) {
        throw new UncheckedIOException((IOException) e);
      }
      throw (RuntimeException) e;
    }
  }

  /** {@return the tree's top directory} */
  public Path root() {
    return root;
  }

  /** {@return the proc root of the tree, {@code <root>/proc}} */
  public ProcRoot procRoot() {
    return new ProcRoot(root.resolve("proc"));
  }

  /** {@return the cgroup root of the tree, {@code <root>/cgroup} (holds {@code kubepods/})} */
  public Path cgroupRoot() {
    return root.resolve("cgroup");
  }

  /** {@return the generated containers, in PID order} */
  public List<Entry> containers() {
    return containers;
  }

  /** {@return the namespaces as a resolver would find them: one per container, owner = the container} */
  public List<NetnsTarget> targets() {
    List<NetnsTarget> targets = new ArrayList<>(containers.size());
    for (Entry e : containers) {
      Pod pod = new Pod("default", e.podName(), e.podUid());
      Container c = new Container(e.containerId(), "app", IMAGE, "containerd", e.pid(),
          e.startTime(), Map.of(), pod, "app", false);
      targets.add(new NetnsTarget(e.netnsInode(), e.pid(), e.startTime(), false, e.containerId(), pod,
          List.of(c)));
    }
    return targets;
  }

  /**
   * {@return the resolver options that point every path at this tree: proc root, cgroup root (v2),
   * containerd task root; no CRI-O or Docker roots}
   */
  public ResolverOptions resolverOptions() {
    return ResolverOptions.builder()
        .procRoot(procRoot())
        .cgroupRoot(cgroupRoot())
        .containerdRoots(List.of(root.resolve(CONTAINERD_ROOT)))
        .crioRoots(List.of())
        .dockerDataRoot(null)
        .build();
  }

  /** {@return the cgroup-scan resolver on this tree, as the agent would run it} */
  public NetnsResolver cgroupResolver() {
    return new CgroupScanResolver(resolverOptions());
  }

  /** {@return a resolver that always returns {@link #targets()}: resolution at zero cost} */
  public NetnsResolver fixedResolver() {
    return new FixedResolver("fixed", targets());
  }

  /** Deletes the tree. */
  @Override
  public void close() {
    deleteTree(root);
  }

  /** Deletes a directory tree without following links. */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeProcess(Path root, long pid, long ppid, long startTime, long inode, String comm,
      String cgroupPath, Templates t, HostWideValues host, SplittableRandom random) throws IOException {
    Path dir = root.resolve("proc").resolve(Long.toString(pid));
    Path net = Files.createDirectories(dir.resolve("net"));
    Files.createDirectories(dir.resolve("ns"));
    Files.createSymbolicLink(dir.resolve("ns").resolve("net"), Path.of("net:[" + inode + "]"));
    Files.writeString(dir.resolve("stat"), statLine(pid, ppid, comm, startTime, random));
    Files.writeString(dir.resolve("comm"), comm + "\n");
    Files.writeString(dir.resolve("cgroup"), "0::" + cgroupPath + "\n");
    write(net, ProcNetFile.SOCKSTAT, varySockstat(t.sockstat(), host, random));
    write(net, ProcNetFile.SOCKSTAT6, varySockstat(t.sockstat6(), host, random));
    write(net, ProcNetFile.SNMP, varyPairs(t.snmp(), random));
    write(net, ProcNetFile.NETSTAT, varyPairs(t.netstat(), random));
    write(net, ProcNetFile.SNMP6, varySnmp6(t.snmp6(), random));
    write(net, ProcNetFile.DEV, dev(t.dev(), random));
  }

  /** containerd's bundle: the OCI spec, of which the resolver reads the CRI annotations. */
  private static void writeBundle(Path dir, String podName, String podUid) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("config.json"), "{\"ociVersion\":\"1.1.0\",\"process\":{\"args\":[\"/app\"]},"
        + "\"annotations\":{"
        + "\"io.kubernetes.cri.container-type\":\"container\","
        + "\"io.kubernetes.cri.container-name\":\"app\","
        + "\"io.kubernetes.cri.image-name\":\"" + IMAGE + "\","
        + "\"io.kubernetes.cri.sandbox-name\":\"" + podName + "\","
        + "\"io.kubernetes.cri.sandbox-namespace\":\"default\","
        + "\"io.kubernetes.cri.sandbox-uid\":\"" + podUid + "\"}}\n");
  }

  private static void write(Path net, ProcNetFile file, String content) throws IOException {
    Files.write(net.resolve(file.fileName()), content.getBytes(StandardCharsets.US_ASCII));
  }

  /** {@code /proc/<pid>/stat} as the kernel prints it: 52 fields, the command in parentheses. */
  static String statLine(long pid, long ppid, String comm, long startTime, SplittableRandom random) {
    String[] f = new String[52];
    Arrays.fill(f, "0");
    f[0] = Long.toString(pid);
    f[1] = "(" + comm + ")";
    f[2] = "S";
    f[3] = Long.toString(ppid);
    f[4] = Long.toString(pid);
    f[5] = Long.toString(pid);
    f[7] = "-1";
    f[8] = "4194560";
    f[9] = Integer.toString(random.nextInt(100_000));
    f[13] = Integer.toString(random.nextInt(100_000));
    f[14] = Integer.toString(random.nextInt(100_000));
    f[17] = "20";
    f[19] = Integer.toString(1 + random.nextInt(16));
    f[21] = Long.toString(startTime); // field 22: starttime
    f[22] = Long.toString(1_000_000L + random.nextInt(500_000_000));
    f[23] = Integer.toString(random.nextInt(100_000));
    f[24] = "18446744073709551615";
    f[37] = "17";
    f[38] = Integer.toString(random.nextInt(2));
    return String.join(" ", f) + "\n";
  }

  /** sockstat lines are {@code NAME: key value key value ...}. */
  static String varySockstat(String template, HostWideValues host, SplittableRandom random) {
    StringBuilder out = new StringBuilder(template.length() + 64);
    for (String line : template.split("\n")) {
      String[] tokens = line.split(" ");
      out.append(tokens[0]);
      for (int i = 1; i + 1 < tokens.length; i += 2) {
        String key = tokens[i];
        long value = HostWide.isHostWide(tokens[0].replace(":", ""), key)
            ? host.value(tokens[0] + key)
            : gauge(random);
        out.append(' ').append(key).append(' ').append(value);
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** snmp and netstat come as header/value line pairs; constant columns (RtoMin, MaxConn, ...) are kept. */
  static String varyPairs(String template, SplittableRandom random) {
    String[] lines = template.split("\n");
    StringBuilder out = new StringBuilder(template.length() * 2);
    for (int l = 0; l + 1 < lines.length; l += 2) {
      String[] names = lines[l].split(" ");
      String[] values = lines[l + 1].split(" ");
      out.append(lines[l]).append('\n').append(values[0]);
      for (int i = 1; i < values.length; i++) {
        String value = CONSTANT_COLUMNS.contains(names[i]) ? values[i] : Long.toString(counter(random));
        out.append(' ').append(value);
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** snmp6 lines are the name padded to 32 columns, a tab, the value. */
  static String varySnmp6(String template, SplittableRandom random) {
    StringBuilder out = new StringBuilder(template.length() + 512);
    for (String line : template.split("\n")) {
      int tab = line.indexOf('\t');
      out.append(line, 0, tab + 1).append(counter(random)).append('\n');
    }
    return out.toString();
  }

  /** net/dev: the two header lines of the capture, then {@code lo} and {@code eth0}. */
  static String dev(String template, SplittableRandom random) {
    String[] lines = template.split("\n");
    StringBuilder out = new StringBuilder(512);
    out.append(lines[0]).append('\n').append(lines[1]).append('\n');
    for (String name : new String[] {"lo", "eth0"}) {
      // The kernel's format (net/core/net-procfs.c dev_seq_printf_stats).
      out.append(String.format(Locale.ROOT,
          "%6s:%8d %7d %4d %4d %4d %5d %10d %9d %8d %7d %4d %4d %4d %5d %7d %10d\n",
          name, counter(random), counter(random), small(random), small(random), 0, 0, 0, small(random),
          counter(random), counter(random), small(random), small(random), 0, 0, 0, 0));
    }
    return out.toString();
  }

  /** A monotonic counter of a container that has run for a while: zero, or up to ten digits. */
  private static long counter(SplittableRandom random) {
    int digits = random.nextInt(11);
    return digits == 0 ? 0 : random.nextLong(pow10(digits));
  }

  private static long gauge(SplittableRandom random) {
    return random.nextInt(4) == 0 ? 0 : random.nextInt(2000);
  }

  private static long small(SplittableRandom random) {
    return random.nextInt(3) == 0 ? random.nextInt(100) : 0;
  }

  private static long pow10(int digits) {
    long p = 1;
    for (int i = 0; i < digits; i++) {
      p *= 10;
    }
    return p;
  }

  private static String hex64(SplittableRandom random) {
    StringBuilder s = new StringBuilder(64);
    for (int i = 0; i < 4; i++) {
      String h = Long.toHexString(random.nextLong());
      s.append("0".repeat(16 - h.length())).append(h);
    }
    return s.toString();
  }

  /** The host-wide sockstat values: drawn once per tree, then the same in every namespace. */
  static final class HostWideValues {
    private final SplittableRandom random;
    private final Map<String, Long> values = new HashMap<>();

    HostWideValues(SplittableRandom random) {
      this.random = random.split();
    }

    long value(String key) {
      return values.computeIfAbsent(key, k -> (long) random.nextInt(5000));
    }
  }

  /** The kernel captures the tree is made from. */
  record Templates(String sockstat, String sockstat6, String snmp, String netstat, String snmp6, String dev) {
    static Templates load() {
      return new Templates(text("sockstat"), text("sockstat6"), text("snmp"), text("netstat"), text("snmp6"),
          text("dev"));
    }
  }

  /** {@return the bytes of a kernel capture on the class path} */
  static byte[] sample(String fileName) {
    return TestResources.bytes(ProcFixture.class, SAMPLES + fileName);
  }

  private static String text(String fileName) {
    return new String(sample(fileName), StandardCharsets.US_ASCII);
  }
}
