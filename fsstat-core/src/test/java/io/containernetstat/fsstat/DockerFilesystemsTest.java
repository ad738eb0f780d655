package io.containernetstat.fsstat;

import static io.containernetstat.fsstat.StatvfsFilesystemProbeTest.byPoint;
import static io.containernetstat.fsstat.StatvfsFilesystemProbeTest.points;
import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.Collector;
import io.containernetstat.core.Container;
import io.containernetstat.core.filesystem.ContainerFilesystems;
import io.containernetstat.core.filesystem.ContainerFilesystems.FilesystemStat;
import io.containernetstat.core.NetnsResolver;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.internal.Processes;
import io.containernetstat.core.Resolution;
import io.containernetstat.core.Snapshot;
import io.containernetstat.core.kernel.Environment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * End to end with the real dockerd: containers with a bind-mounted host directory, a named volume, a
 * tmpfs-backed named volume, a {@code --tmpfs} mount, read-only mounts and a read-only root, probed
 * through {@code /proc/<pid>/root} and compared with busybox {@code df} run inside them.
 *
 * <p>Needs root, the {@code docker} CLI and a running dockerd with the test image
 * ({@code scripts/test-env/up.sh}; image from {@code TEST_IMAGE}, default
 * {@code container-netstat-test/busybox:latest}). Skips locally without them and fails on CI
 * ({@link Environment}). Every container and volume carries the label {@code container-netstat-test=1}
 * and is removed afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerFilesystemsTest {
  private static final String LABEL = "container-netstat-test=1";
  private static final long MIB = 1 << 20;
  private static final long SHARED_DISK_SLACK_KIB = 4096;
  private static final long SHARED_DISK_SLACK_INODES = 1000;

  private final String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
  private final String volume = "fsstat-e2e-vol-" + suffix;
  private final String memoryVolume = "fsstat-e2e-memvol-" + suffix;
  private final String main = "fsstat-e2e-main-" + suffix;
  private final String sidecar = "fsstat-e2e-side-" + suffix;
  private final List<String> created = new ArrayList<>();
  private String image;
  private Path hostDir;
  private Container mainContainer;
  private Container sidecarContainer;

  @BeforeAll
  void startContainers() throws Exception {
    Environment.requireOrSkip(dockerProblem() == null, String.valueOf(dockerProblem()));
    image = System.getenv().getOrDefault("TEST_IMAGE", "container-netstat-test/busybox:latest");
    hostDir = Files.createTempDirectory("fsstat-e2e-");
    Files.writeString(hostDir.resolve("config.txt"), "key=value\n");
    docker("volume", "create", "--label", LABEL, volume);
    docker("volume", "create", "--label", LABEL, "--driver", "local", "--opt", "type=tmpfs",
        "--opt", "device=tmpfs", "--opt", "o=size=64m", memoryVolume);
    mainContainer = run(main, "--network", "none",
        "-v", hostDir + ":/data",
        "-v", hostDir + ":/ro:ro",
        "-v", hostDir.resolve("config.txt") + ":/config.txt:ro",
        "-v", volume + ":/vol",
        "-v", memoryVolume + ":/memvol",
        "--tmpfs", "/scratch:size=64m");
    sidecarContainer = run(sidecar, "--network", "container:" + main, "--read-only",
        "-v", volume + ":/shared:ro");
  }

  @AfterAll
  void removeContainers() throws Exception {
    for (String name : created) {
      dockerQuietly("rm", "-f", name);
    }
    dockerQuietly("volume", "rm", "-f", volume, memoryVolume);
    if (hostDir != null) {
      try (Stream<Path> files = Files.walk(hostDir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Test
  void eachFilesystemADfUserWantsIsThereAndNothingElse() {
    try (StatvfsFilesystemProbe probe = StatvfsFilesystemProbe.builder().build()) {
      List<ContainerFilesystems> result = probe.probe(namespaces());

      assertThat(result).hasSize(2);
      ContainerFilesystems m = result.get(0);
      assertThat(m.error()).isNull();
      assertThat(points(m)).containsExactlyInAnyOrder("/", "/dev/shm", "/data", "/ro", "/vol", "/memvol",
          "/scratch");
      assertThat(m.filesystems()).allSatisfy(fs -> assertThat(fs.error()).as(fs.mountPoint()).isNull());
      assertThat(byPoint(m, "/").fsType()).isEqualTo("overlay");
      assertThat(byPoint(m, "/").readOnly()).isFalse();
      assertThat(byPoint(m, "/scratch").fsType()).isEqualTo("tmpfs");
      assertThat(byPoint(m, "/memvol").fsType()).isEqualTo("tmpfs");
      assertThat(byPoint(m, "/ro").readOnly()).isTrue();
      assertThat(byPoint(m, "/data").readOnly()).isFalse();
      assertThat(byPoint(m, "/vol").sizeBytes()).isPositive();
      assertThat(byPoint(m, "/scratch").sizeBytes()).isEqualTo(64 * MIB);

      ContainerFilesystems s = result.get(1);
      assertThat(points(s)).containsExactlyInAnyOrder("/", "/dev/shm", "/shared");
      assertThat(byPoint(s, "/").readOnly()).as("--read-only root").isTrue();
      assertThat(byPoint(s, "/shared").readOnly()).isTrue();
      assertThat(byPoint(s, "/shared").device()).isEqualTo(byPoint(m, "/vol").device());
    }
  }

  @Test
  void figuresAgreeWithBusyboxDfInsideTheContainer() throws Exception {
    try (StatvfsFilesystemProbe probe = StatvfsFilesystemProbe.builder().build()) {
      for (String point : List.of("/", "/dev/shm", "/data", "/ro", "/vol", "/memvol", "/scratch")) {
        assertAgreesWithDf(probe, point);
      }
    }
  }

  @Test
  void writingTwentyMegabytesShowsInTheNextProbe() throws Exception {
    try (StatvfsFilesystemProbe probe = StatvfsFilesystemProbe.builder().build()) {
      ContainerFilesystems before = probe.probe(namespaces()).get(0);
      docker("exec", main, "dd", "if=/dev/zero", "of=/scratch/20m", "bs=1048576", "count=20");
      docker("exec", main, "dd", "if=/dev/zero", "of=/memvol/20m", "bs=1048576", "count=20");
      ContainerFilesystems after = probe.probe(namespaces()).get(0);

      for (String point : List.of("/scratch", "/memvol")) {
        long grew = used(byPoint(after, point)) - used(byPoint(before, point));
        assertThat(grew).as("used bytes of %s grew by", point).isBetween(20 * MIB, 21 * MIB);
        assertThat(byPoint(after, point).filesFree()).isEqualTo(byPoint(before, point).filesFree() - 1);
      }
      docker("exec", main, "rm", "/scratch/20m", "/memvol/20m");
    }
  }

  @Test
  void theSharedVolumeIsOneStatvfsPerProbe() {
    StatvfsFunction real = StatvfsFunction.jna();
    List<String> calls = new CopyOnWriteArrayList<>();
    try (StatvfsFilesystemProbe probe = StatvfsFilesystemProbe.builder()
        .statvfs(p -> {
          calls.add(p);
          return real.statvfs(p);
        }).build()) {
      probe.probe(namespaces());

      assertThat(calls.stream().filter(p -> p.endsWith("/root/vol") || p.endsWith("/root/shared")))
          .hasSize(1);
      assertThat(calls.stream().filter(p -> p.endsWith("/root/data") || p.endsWith("/root/ro")))
          .as("one directory bound twice").hasSize(1);
      assertThat(calls).doesNotHaveDuplicates().noneMatch(p -> p.contains("/etc/") || p.endsWith("config.txt"));
    }
  }

  @Test
  void aContainerRemovedBeforeTheProbeIsLeftOut() throws Exception {
    String name = "fsstat-e2e-gone-" + suffix;
    Container gone = run(name, "--network", "none");
    docker("rm", "-f", name);

    try (StatvfsFilesystemProbe probe = StatvfsFilesystemProbe.builder().build()) {
      List<ContainerFilesystems> result = probe.probe(List.of(target(gone), target(mainContainer)));

      assertThat(result).extracting(r -> r.container().id()).containsExactly(mainContainer.id());
    }
  }

  @Test
  void aCollectorWithTheProbeCarriesFilesystemsInItsSnapshot() {
    NetnsResolver fixed = new NetnsResolver() {
      @Override
      public String name() {
        return "fixed";
      }

      @Override
      public Resolution resolve() {
        return new Resolution("fixed", namespaces(), 0, List.of());
      }
    };
    try (Collector collector = Collector.builder(fixed)
        .filesystemProbe(StatvfsFilesystemProbe.builder().build()).build()) {
      Snapshot snapshot = collector.collect();

      assertThat(snapshot.filesystems()).hasSize(2);
      assertThat(snapshot.errorsByReason()).doesNotContainKey("filesystem");
    }
  }

  /**
   * Probe, run df, probe again: df must lie between the two probes, give or take df's 1 KiB rounding.
   * A filesystem the test owns (tmpfs) holds still, so that is exact. The host disk (the root overlay's
   * upper layer, the bind mounts, the plain volume) is shared with every other process on the machine,
   * and ext4's delayed allocation moves its free count up and down between two reads; there used and
   * available may also differ by {@link #SHARED_DISK_SLACK_KIB}, while the size and inode total stay exact.
   */
  private void assertAgreesWithDf(StatvfsFilesystemProbe probe, String point) throws Exception {
    AssertionError last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      FilesystemStat before = byPoint(probe.probe(namespaces()).get(0), point);
      long[] k = df(main, "-k", point);
      long[] i = df(main, "-i", point);
      FilesystemStat after = byPoint(probe.probe(namespaces()).get(0), point);
      long slack = before.fsType().equals("tmpfs") ? 0 : SHARED_DISK_SLACK_KIB;
      long inodeSlack = before.fsType().equals("tmpfs") ? 0 : SHARED_DISK_SLACK_INODES;
      try {
        String what = point + " (" + before.fsType() + ") attempt " + attempt;
        between(what + " 1K-blocks", k[0], before.sizeBytes() / 1024, after.sizeBytes() / 1024, 0);
        between(what + " used KiB", k[1], used(before) / 1024, used(after) / 1024, slack);
        between(what + " available KiB", k[2], before.availBytes() / 1024, after.availBytes() / 1024, slack);
        between(what + " inodes", i[0], before.files(), after.files(), 0);
        between(what + " inodes used", i[1], before.files() - before.filesFree(),
            after.files() - after.filesFree(), inodeSlack);
        return;
      } catch (AssertionError e) {
        // The host disk is shared with everything else on the machine: try again when it is quieter.
        last = e;
      }
    }
    throw last;
  }

  private static void between(String what, long df, long a, long b, long slack) {
    assertThat(df).as(what).isBetween(Math.min(a, b) - 1 - slack, Math.max(a, b) + 1 + slack);
  }

  private static long used(FilesystemStat fs) {
    return fs.sizeBytes() - fs.freeBytes();
  }

  /** Busybox {@code df -P <flag> <path>}: the size, used and available columns of its one line. */
  private static long[] df(String container, String flag, String path) throws Exception {
    String out = docker("exec", container, "df", "-P", flag, path);
    String[] lines = out.strip().split("\n");
    String[] f = lines[lines.length - 1].trim().split("\\s+");
    return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])};
  }

  private List<NetnsTarget> namespaces() {
    return List.of(new NetnsTarget(0, mainContainer.pid(), mainContainer.startTime(), false,
        mainContainer.id(), null, List.of(mainContainer, sidecarContainer)));
  }

  private static NetnsTarget target(Container c) {
    return new NetnsTarget(0, c.pid(), c.startTime(), false, c.id(), null, List.of(c));
  }

  private Container run(String name, String... options) throws Exception {
    return run(created, image, name, options);
  }

  /**
   * Starts a labelled container {@code sleep 600} of {@code image} (its name added to {@code created}
   * first, for the cleanup).
   *
   * @return the container, with its pid and start time
   */
  static Container run(List<String> created, String image, String name, String... options) throws Exception {
    List<String> args = new ArrayList<>(List.of("run", "-d", "--label", LABEL, "--name", name));
    created.add(name);
    args.addAll(List.of(options));
    args.addAll(List.of(image, "sleep", "600"));
    String id = docker(args.toArray(new String[0])).strip();
    long pid = Long.parseLong(docker("inspect", "-f", "{{.State.Pid}}", id).strip());
    long start = Processes.startTime(ProcRoot.DEFAULT, pid).orElseThrow();
    return new Container(id, name, image, "docker", pid, start, Map.of(), null, null, false);
  }

  static String docker(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("docker");
    command.addAll(List.of(args));
    // stderr apart: "docker run" warns there (IPv4 forwarding) while stdout is the id.
    Path err = Files.createTempFile("docker-stderr-", ".txt");
    try {
      Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + command);
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new AssertionError(command + " failed with status " + p.exitValue() + ": " + text
            + Files.readString(err));
      }
      return text;
    } finally {
      Files.deleteIfExists(err);
    }
  }

  static void dockerQuietly(String... args) {
    try {
      docker(args);
    } catch (Exception | AssertionError e) {
      System.err.println("cleanup: " + e.getMessage());
    }
  }

  /** {@return why the test cannot run here, or null} */
  static String dockerProblem() {
    if (Environment.executable("docker").isEmpty()) {
      return "needs the docker CLI and a running dockerd (scripts/test-env/up.sh)";
    }
    try {
      String version = docker("version", "-f", "{{.Server.Version}}");
      if (version.isBlank()) {
        return "dockerd did not report its version";
      }
    } catch (Exception | AssertionError e) {
      return "dockerd does not answer (scripts/test-env/up.sh starts one): " + e.getMessage();
    }
    if (!Environment.isRoot()) {
      return "reading other processes' /proc/<pid>/root needs root (or CAP_SYS_PTRACE)";
    }
    return null;
  }
}
