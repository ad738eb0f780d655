package io.containernetstat.fsstat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MountFilterTest {

  @Test
  void dockerContainerKeepsRootShmVolumesBindsAndTmpfsButNoPseudoFilesystems() {
    List<MountInfo> selected = MountFilter.defaults().select(Fixtures.parse(Fixtures.DOCKER_VOLUMES));

    // The single-file binds (/etc/...) are still here: only a stat can tell them (the probe's job).
    assertThat(points(selected)).containsExactly("/", "/dev/shm", "/data", "/vol", "/ro", "/scratch",
        "/etc/resolv.conf", "/etc/hostname", "/etc/hosts");
  }

  @Test
  void withoutTmpfsShmAndScratchGo() {
    MountFilter filter = MountFilter.builder().includeTmpfs(false).build();

    List<MountInfo> selected = filter.select(Fixtures.parse(Fixtures.DOCKER_VOLUMES));

    assertThat(points(selected)).doesNotContain("/dev/shm", "/scratch").contains("/", "/data", "/vol");
  }

  @Test
  void maskedPathsUnderProcAndSysAreDroppedWhateverTheirType() {
    List<MountInfo> all = Fixtures.parse(Fixtures.DOCKER_VOLUMES);
    MountInfo acpi = MountInfoParserTest.byPoint(all, "/proc/acpi");
    MountInfo cgroupTmpfs = MountInfoParserTest.byPoint(all, "/sys/fs/cgroup");

    assertThat(acpi.fsType()).isEqualTo("tmpfs");
    assertThat(cgroupTmpfs.fsType()).isEqualTo("tmpfs");
    assertThat(MountFilter.defaults().excludes(acpi)).isTrue();
    assertThat(MountFilter.defaults().excludes(cgroupTmpfs)).isTrue();
  }

  @Test
  void theRuntimesDevTmpfsIsDroppedButMountsBelowItAreJudgedOnTheirOwn() {
    List<MountInfo> all = Fixtures.parse(Fixtures.DOCKER_VOLUMES);

    assertThat(MountFilter.defaults().excludes(MountInfoParserTest.byPoint(all, "/dev"))).isTrue();
    assertThat(MountFilter.defaults().excludes(MountInfoParserTest.byPoint(all, "/dev/shm"))).isFalse();
    assertThat(MountFilter.defaults().excludes(MountInfoParserTest.byPoint(all, "/dev/pts"))).isTrue();
    assertThat(MountFilter.defaults().excludes(MountInfoParserTest.byPoint(all, "/dev/mqueue"))).isTrue();
  }

  @Test
  void hostDevBindDropsDevtmpfsAndDevptsAndKeepsOnlyTheTopOfTheShmStack() {
    List<MountInfo> selected = MountFilter.defaults().select(Fixtures.parse(Fixtures.DOCKER_HOST_DEV));

    assertThat(points(selected)).containsExactly("/", "/dev/shm", "/hostdev/shm",
        "/etc/resolv.conf", "/etc/hostname", "/etc/hosts");
    assertThat(MountInfoParserTest.byPoint(selected, "/hostdev/shm").device())
        .as("the later of the two stacked mounts").isEqualTo("0:27");
  }

  @Test
  void hostTableKeepsItsRootThoughItIsListedAfterItsChildren() {
    List<MountInfo> visible = MountFilter.visible(Fixtures.parse(Fixtures.HOST));

    assertThat(points(visible)).contains("/", "/proc", "/dev");
    assertThat(visible.stream().filter(m -> m.mountPoint().equals("/dev/shm")).map(MountInfo::device))
        .containsExactly("0:27");
    assertThat(visible.stream().filter(m -> m.mountPoint().equals("/dev/pts")).map(MountInfo::device))
        .containsExactly("0:26");
  }

  @Test
  void aLaterMountOnAnAncestorCoversAnEarlierMountBelowIt() {
    List<MountInfo> table = Fixtures.parse("t", String.join("\n",
        "1 0 8:1 / / rw - ext4 /dev/sda1 rw",
        "2 1 0:40 / /a/b rw - tmpfs tmpfs rw",
        "3 1 0:41 / /a rw - tmpfs tmpfs rw",
        "4 3 0:42 / /a/c rw - tmpfs tmpfs rw"));

    assertThat(MountFilter.visible(table).stream().map(MountInfo::mountId))
        .as("/a/b (2) sits on / under /a, which mount 3 now covers").containsExactly(1, 3, 4);
  }

  @Test
  void nestedMountsStayVisible() {
    List<MountInfo> table = Fixtures.parse("t", String.join("\n",
        "1 0 8:1 / / rw - ext4 /dev/sda1 rw",
        "2 1 0:40 / /a rw - tmpfs tmpfs rw",
        "3 2 0:41 / /a/b rw - tmpfs tmpfs rw",
        "4 3 0:42 / /a/b/c rw - tmpfs tmpfs rw"));

    assertThat(MountFilter.visible(table)).hasSize(4);
  }

  @Test
  void excludedTypesCanBeReplaced() {
    MountFilter filter = MountFilter.builder().excludedTypes(Set.of("overlay")).build();
    List<MountInfo> all = Fixtures.parse(Fixtures.DOCKER_VOLUMES);

    assertThat(filter.excludes(MountInfoParserTest.byPoint(all, "/"))).isTrue();
    assertThat(filter.excludes(MountInfoParserTest.byPoint(all, "/dev/mqueue"))).isFalse();
  }

  @Test
  void treesMatchWholePathElementsOnly() {
    MountFilter filter = MountFilter.builder().excludedTrees(Set.of("/data")).excludedMountPoints(Set.of()).build();
    List<MountInfo> table = Fixtures.parse("t", String.join("\n",
        "1 0 8:1 / /data rw - ext4 /dev/sda1 rw",
        "2 1 8:1 /x /data/x rw - ext4 /dev/sda1 rw",
        "3 1 8:1 /y /database rw - ext4 /dev/sda1 rw"));

    assertThat(points(filter.select(table))).containsExactly("/database");
  }

  @ParameterizedTest
  @ValueSource(strings = {"relative", "/trailing/"})
  void pathsMustBeAbsoluteWithoutTrailingSlash(String path) {
    assertThatThrownBy(() -> MountFilter.builder().excludedTrees(Set.of(path)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(path);
  }

  @Test
  void defaultsExcludeTheListedPseudoFilesystems() {
    assertThat(MountFilter.defaults().excludedTypes()).contains("proc", "sysfs", "cgroup", "cgroup2",
        "devpts", "mqueue", "nsfs", "bpf", "tracefs", "securityfs", "debugfs", "pstore", "configfs",
        "fusectl", "hugetlbfs", "autofs", "binfmt_misc", "rpc_pipefs", "selinuxfs", "devtmpfs")
        .doesNotContain("tmpfs", "overlay", "ext4", "xfs", "nfs", "nfs4");
  }

  private static List<String> points(List<MountInfo> mounts) {
    return mounts.stream().map(MountInfo::mountPoint).collect(Collectors.toList());
  }
}
