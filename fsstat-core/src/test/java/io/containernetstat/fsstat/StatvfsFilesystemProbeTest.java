package io.containernetstat.fsstat;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.Container;
import io.containernetstat.core.filesystem.ContainerFilesystems;
import io.containernetstat.core.filesystem.ContainerFilesystems.FilesystemStat;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.Container.Pod;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatvfsFilesystemProbeTest {
  private static final String VOLUME_ROOT = "/var/lib/container-netstat-test-env/docker/volumes/fsstat-capvol/_data";

  @TempDir Path tmp;
  private FakeProc proc;
  private FakeStatvfs statvfs;
  private StatvfsFilesystemProbe probe;

  @BeforeEach
  void setUp() {
    proc = new FakeProc(tmp);
    statvfs = new FakeStatvfs();
    probe = StatvfsFilesystemProbe.builder().procRoot(proc.root).statvfs(statvfs).build();
  }

  @AfterEach
  void tearDown() {
    probe.close();
  }

  @Test
  void measuresRootShmVolumesBindsAndTmpfsAndDropsSingleFileBinds() {
    Container c = proc.add("a", 100, 5000, Fixtures.DOCKER_VOLUMES);

    ContainerFilesystems result = only(probe.probe(FakeProc.namespaces(c)));

    assertThat(result.container()).isEqualTo(c);
    assertThat(result.error()).isNull();
    assertThat(points(result)).containsExactly("/", "/dev/shm", "/data", "/vol", "/ro", "/scratch");
    assertThat(result.filesystems()).allSatisfy(fs -> assertThat(fs.error()).as(fs.mountPoint()).isNull());
  }

  @Test
  void bytesAreBlocksTimesFragmentSizeAndInodesAreCopied() {
    Container c = proc.add("a", 100, 5000, Fixtures.DOCKER_VOLUMES);
    statvfs.figures.put(proc.path(100, "/scratch"), new Statvfs(65536, 1024, 64, 10, 8, 500, 450, 450, 0));

    FilesystemStat scratch = byPoint(only(probe.probe(FakeProc.namespaces(c))), "/scratch");

    assertThat(scratch).isEqualTo(new FilesystemStat("/scratch", "tmpfs", "tmpfs", "0:48", false,
        64 * 1024, 10 * 1024, 8 * 1024, 500, 450, null, null));
  }

  @Test
  void readOnlyComesFromEachMountThoughTheyShareOneCall() {
    Container c = proc.add("a", 100, 5000, Fixtures.DOCKER_VOLUMES);

    ContainerFilesystems result = only(probe.probe(FakeProc.namespaces(c)));

    assertThat(byPoint(result, "/ro").readOnly()).isTrue();
    assertThat(byPoint(result, "/data").readOnly()).isFalse();
    assertThat(statvfs.callsTo(proc.path(100, "/data")) + statvfs.callsTo(proc.path(100, "/ro")))
        .as("/data and /ro bind the same directory: one statvfs").isEqualTo(1);
  }

  @Test
  void aSuperblockReadOnlyPerStatvfsMakesAReadWriteMountReadOnly() {
    Container c = proc.add("a", 100, 5000, Fixtures.DOCKER_VOLUMES);
    statvfs.figures.put(proc.path(100, "/vol"), new Statvfs(4096, 4096, 1000, 400, 300, 5000, 4000, 4000,
        Statvfs.ST_RDONLY));

    ContainerFilesystems result = only(probe.probe(FakeProc.namespaces(c)));

    assertThat(byPoint(result, "/vol").readOnly()).as("ext4 remounted ro outside the namespace").isTrue();
    assertThat(byPoint(result, "/data").readOnly()).isFalse();
  }

  @Test
  void aStaleReadOnlySuperblockInTheTableGivesWayToStatvfs() {
    Container c = proc.add("a", 100, 5000, "72 48 0:39 / / rw,relatime - overlay overlay ro\n".getBytes());

    FilesystemStat root = byPoint(only(probe.probe(FakeProc.namespaces(c))), "/");

    assertThat(root.readOnly()).as("statvfs says the superblock is read-write now").isFalse();
  }

  @Test
  void aFilesystemSharedByAReadOnlyAndAReadWriteMountIsMeasuredThroughTheReadWriteOne() {
    String readOnlyShared = new String(Fixtures.bytes(Fixtures.DOCKER_READONLY), java.nio.charset.StandardCharsets.UTF_8)
        .replace(" /shared rw,relatime ", " /shared ro,relatime ");
    Container b = proc.add("b", 200, 6000, readOnlyShared.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Container a = proc.add("a", 100, 5000, Fixtures.DOCKER_VOLUMES);
    Statvfs superblockReadOnly = new Statvfs(4096, 4096, 1000, 400, 300, 5000, 4000, 4000, Statvfs.ST_RDONLY);
    statvfs.figures.put(proc.path(100, "/vol"), superblockReadOnly);
    statvfs.figures.put(proc.path(200, "/shared"), superblockReadOnly);

    List<ContainerFilesystems> result = probe.probe(FakeProc.namespaces(b, a));

    assertThat(statvfs.callsTo(proc.path(100, "/vol"))).as("through a's read-write mount").isEqualTo(1);
    assertThat(statvfs.callsTo(proc.path(200, "/shared"))).isZero();
    assertThat(byPoint(result.get(0), "/shared").readOnly()).isTrue();
    assertThat(byPoint(result.get(1), "/vol").readOnly()).as("ST_RDONLY through a read-write mount").isTrue();
  }

  @Test
  void aFixtureDirectoryIsReadAndComparedAndSaysWhy() {
    Container c = proc.add("a", 100, 5000, Fixtures.DOCKER_VOLUMES);

    probe.probe(FakeProc.namespaces(c));
    probe.probe(FakeProc.namespaces(c));

    // The fixture's proc directory did not exist yet when the probe was built; else it is "not a procfs mount".
    assertThat(probe.changeDetection()).startsWith("read and compare (").contains(proc.root.path().toString());
    assertThat(probe.stats().mountinfoPolls()).isZero();
    assertThat(probe.stats().watchedMountTables()).isZero();
  }

  @Test
  void unchangedMountinfoIsNotParsedAgain() {
    Container c = proc.add("a", 100, 5000, Fixtures.DOCKER_VOLUMES);

    probe.probe(FakeProc.namespaces(c));
    probe.probe(FakeProc.namespaces(c));
    probe.probe(FakeProc.namespaces(c));

    assertThat(probe.stats().mountinfoReads()).isEqualTo(3);
    assertThat(probe.stats().mountinfoParses()).isEqualTo(1);
  }

  @Test
  void aChangedMountinfoIsParsedAgainAndItsNewMountMeasured() {
    Container c = proc.add("a", 100, 5000, Fixtures.DOCKER_VOLUMES);
    probe.probe(FakeProc.namespaces(c));

    String changed = new String(Fixtures.bytes(Fixtures.DOCKER_VOLUMES), java.nio.charset.StandardCharsets.UTF_8)
        .replace(" /scratch ", " /tmp ");
    proc.setMountinfo(100, changed);
    tmp.resolve("rootfs-100/tmp").toFile().mkdirs();
    ContainerFilesystems result = only(probe.probe(FakeProc.namespaces(c)));

    assertThat(probe.stats().mountinfoParses()).isEqualTo(2);
    assertThat(points(result)).contains("/tmp").doesNotContain("/scratch");
  }

  @Test
  void aMountTableYoungerThanTheMaximumAgeIsNotReadAgain() {
    try (StatvfsFilesystemProbe lazy = StatvfsFilesystemProbe.builder().procRoot(proc.root).statvfs(statvfs)
        .mountTableMaxAge(java.time.Duration.ofHours(1)).build()) {
      Container c = proc.add("a", 100, 5000, Fixtures.DOCKER_VOLUMES);
      lazy.probe(FakeProc.namespaces(c));
      proc.setMountinfo(100, "72 48 0:39 / / rw - overlay overlay rw\n");

      ContainerFilesystems second = only(lazy.probe(FakeProc.namespaces(c)));

      assertThat(lazy.stats().mountinfoReads()).isEqualTo(1);
      assertThat(points(second)).as("the cached table, still measured").hasSize(6);
      assertThat(statvfs.calls).hasSize(10);
    }
  }

  @Test
  void singleFileBindsAreStattedOnceAndNeverStatvfsed() {
    Container c = proc.add("a", 100, 5000, Fixtures.DOCKER_VOLUMES);

    probe.probe(FakeProc.namespaces(c));
    long statsAfterFirst = probe.stats().statCalls();
    probe.probe(FakeProc.namespaces(c));

    // Binds of a part of a filesystem: /data+/ro (one key), /vol, resolv.conf, hostname, hosts.
    assertThat(statsAfterFirst).isEqualTo(5);
    assertThat(probe.stats().statCalls()).as("known kinds are not stat'ed again").isEqualTo(5);
    assertThat(statvfs.calls).noneMatch(p -> p.contains("/etc/"));
  }

  @Test
  void aVolumeSharedByTwoContainersIsMeasuredOncePerProbe() {
    Container a = proc.add("a", 100, 5000, Fixtures.DOCKER_VOLUMES);
    Container b = proc.add("b", 200, 6000, Fixtures.DOCKER_READONLY);

    List<ContainerFilesystems> result = probe.probe(FakeProc.namespaces(a, b));

    assertThat(result).hasSize(2);
    assertThat(byPoint(result.get(0), "/vol").error()).isNull();
    assertThat(byPoint(result.get(1), "/shared").error()).isNull();
    assertThat(statvfs.callsTo(proc.path(100, "/vol")) + statvfs.callsTo(proc.path(200, "/shared")))
        .isEqualTo(1);
    // Every call is for a distinct (device, root): a's 5 + b's root, shm, "data with space", /run.
    assertThat(statvfs.calls).hasSize(9).doesNotHaveDuplicates();

    probe.probe(FakeProc.namespaces(a, b));
    assertThat(statvfs.calls).as("the same again in the next probe, not less").hasSize(18);
  }

  @Test
  void containersOfAPodSharingANetnsAreEachProbed() {
    Pod pod = new Pod("default", "web-0", "uid-1");
    Container sandbox = new Container("s", "pause", "pause", "containerd", 300, 1, Map.of(), pod, null, true);
    proc.add("s", 300, 1, Fixtures.DOCKER_READONLY);
    Container app = new Container("a", "app", "busybox", "containerd", 100, 5000, Map.of(), pod, "app", false);
    proc.add("a", 100, 5000, Fixtures.DOCKER_VOLUMES);
    Container side = new Container("b", "side", "busybox", "containerd", 200, 6000, Map.of(), pod, "side", false);
    proc.add("b", 200, 6000, Fixtures.DOCKER_READONLY);
    NetnsTarget target = new NetnsTarget(4026532001L, 300, 1, false, "s", pod, List.of(sandbox, app, side));

    List<ContainerFilesystems> result = probe.probe(List.of(target));

    assertThat(result).extracting(r -> r.container().id()).as("the sandbox is skipped").containsExactly("a", "b");
  }

  @Test
  void plainProcessesAreSkippedByDefaultAndAPredicateCanTakeThem() {
    proc.add("100", 100, 5000, Fixtures.DOCKER_VOLUMES);
    Container plain = new Container("100", "sleep", "", "process", 100, 5000, Map.of(), null, null, false);

    assertThat(probe.probe(FakeProc.namespaces(plain))).isEmpty();

    try (StatvfsFilesystemProbe all = StatvfsFilesystemProbe.builder().procRoot(proc.root).statvfs(statvfs)
        .containers(c -> true).build()) {
      assertThat(all.probe(FakeProc.namespaces(plain))).hasSize(1);
    }
  }

  @Test
  void aContainerWhoseProcessIsGoneIsLeftOutAndForgotten() {
    Container a = proc.add("a", 100, 5000, Fixtures.DOCKER_VOLUMES);
    Container b = proc.add("b", 200, 6000, Fixtures.DOCKER_READONLY);
    probe.probe(FakeProc.namespaces(a, b));
    assertThat(probe.stats().cachedMountTables()).isEqualTo(2);

    proc.exit(200);
    List<ContainerFilesystems> result = probe.probe(FakeProc.namespaces(a, b));

    assertThat(result).extracting(r -> r.container().id()).containsExactly("a");
    assertThat(probe.stats().cachedMountTables()).isEqualTo(1);
  }

  @Test
  void aContainerThatExitsDuringTheProbeIsLeftOut() {
    Container a = proc.add("a", 100, 5000, Fixtures.DOCKER_VOLUMES);
    statvfs.before.put(proc.path(100, "/"), () -> proc.exit(100));
    statvfs.failures.put(proc.path(100, "/"), new NoSuchFileException(proc.path(100, "/")));

    assertThat(probe.probe(FakeProc.namespaces(a))).isEmpty();
  }

  @Test
  void aDepartedContainerIsForgottenEvenIfItsProcessLives() {
    Container a = proc.add("a", 100, 5000, Fixtures.DOCKER_VOLUMES);
    Container b = proc.add("b", 200, 6000, Fixtures.DOCKER_READONLY);
    probe.probe(FakeProc.namespaces(a, b));

    probe.probe(FakeProc.namespaces(a));

    assertThat(probe.stats().cachedMountTables()).isEqualTo(1);
  }

  @Test
  void aReusedPidIsParsedAfresh() {
    Container first = proc.add("a", 100, 5000, Fixtures.DOCKER_VOLUMES);
    probe.probe(FakeProc.namespaces(first));

    Container second = FakeProc.container("z", 100, 9000);
    ContainerFilesystems result = only(probe.probe(FakeProc.namespaces(second)));

    assertThat(result.container().id()).isEqualTo("z");
    assertThat(probe.stats().mountinfoParses()).isEqualTo(2);
  }

  @Test
  void aVanishedMountIsReportedForThatMountOnly() {
    Container a = proc.add("a", 100, 5000, Fixtures.DOCKER_VOLUMES);
    statvfs.failures.put(proc.path(100, "/scratch"), new NoSuchFileException(proc.path(100, "/scratch")));

    ContainerFilesystems result = only(probe.probe(FakeProc.namespaces(a)));

    assertThat(byPoint(result, "/scratch").error()).contains("no such file or directory")
        .contains("/scratch");
    assertThat(result.filesystems()).filteredOn(fs -> fs.error() == null).hasSize(5);
  }

  @Test
  void permissionDeniedIsReportedForThatMountOnly() {
    Container a = proc.add("a", 100, 5000, Fixtures.DOCKER_VOLUMES);
    statvfs.failures.put(proc.path(100, "/vol"), new AccessDeniedException(proc.path(100, "/vol")));

    ContainerFilesystems result = only(probe.probe(FakeProc.namespaces(a)));

    FilesystemStat vol = byPoint(result, "/vol");
    assertThat(vol.error()).contains("permission denied").contains("CAP_SYS_PTRACE");
    assertThat(vol.sizeBytes()).isZero();
    assertThat(vol.fsType()).isEqualTo("ext4");
    assertThat(result.filesystems()).filteredOn(fs -> fs.error() == null).hasSize(5);
  }

  @Test
  void otherErrorsAreReportedWithTheirMessage() {
    Container a = proc.add("a", 100, 5000, Fixtures.DOCKER_VOLUMES);
    statvfs.failures.put(proc.path(100, "/vol"),
        new java.nio.file.FileSystemException(proc.path(100, "/vol"), null, "ESTALE (stale file handle)"));

    FilesystemStat vol = byPoint(only(probe.probe(FakeProc.namespaces(a))), "/vol");

    assertThat(vol.error()).contains("ESTALE");
  }

  @Test
  void malformedMountinfoIsTheContainersErrorAndTheSameBytesAreNotParsedAgain() {
    Container a = proc.add("a", 100, 5000, Fixtures.DOCKER_VOLUMES);
    proc.setMountinfo(100, "72 48 0:39 / / rw - overlay overlay rw\nbroken line\n");

    ContainerFilesystems first = only(probe.probe(FakeProc.namespaces(a)));
    ContainerFilesystems second = only(probe.probe(FakeProc.namespaces(a)));

    assertThat(first.error()).startsWith(proc.root.pid(100).resolve("mountinfo") + ":2: ");
    assertThat(first.filesystems()).isEmpty();
    assertThat(second.error()).isEqualTo(first.error());
    assertThat(probe.stats().mountinfoParses()).isEqualTo(1);
  }

  @Test
  void figuresBeyond63BitsAreAnErrorNotAWrongNumber() {
    Container a = proc.add("a", 100, 5000, Fixtures.DOCKER_VOLUMES);
    statvfs.figures.put(proc.path(100, "/"), new Statvfs(4096, 4096, -1L, 0, 0, 10, 5, 5, 0));

    FilesystemStat root = byPoint(only(probe.probe(FakeProc.namespaces(a))), "/");

    assertThat(root.error()).contains("out of range");
  }

  @Test
  void aContainerWithNothingToMeasureHasAnEmptyList() {
    Container a = proc.add("a", 100, 5000, "1 0 0:5 / / rw - proc proc rw\n".getBytes());

    ContainerFilesystems result = only(probe.probe(FakeProc.namespaces(a)));

    assertThat(result.filesystems()).isEmpty();
    assertThat(result.error()).isNull();
  }

  static ContainerFilesystems only(List<ContainerFilesystems> result) {
    assertThat(result).hasSize(1);
    return result.get(0);
  }

  static List<String> points(ContainerFilesystems c) {
    return c.filesystems().stream().map(FilesystemStat::mountPoint).collect(Collectors.toList());
  }

  static FilesystemStat byPoint(ContainerFilesystems c, String point) {
    return c.filesystems().stream().filter(f -> f.mountPoint().equals(point)).findFirst()
        .orElseThrow(() -> new AssertionError("no filesystem " + point + " in " + points(c)));
  }
}
