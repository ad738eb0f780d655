package io.containernetstat.fsstat;

import static io.containernetstat.fsstat.DockerCli.LABEL;
import static io.containernetstat.fsstat.DockerCli.docker;
import static io.containernetstat.fsstat.DockerCli.dockerQuietly;
import static io.containernetstat.fsstat.TestHost.run;
import static io.containernetstat.fsstat.StatvfsFilesystemProbeTest.byPoint;
import static io.containernetstat.fsstat.StatvfsFilesystemProbeTest.points;
import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.Container;
import io.containernetstat.core.filesystem.ContainerFilesystems;
import io.containernetstat.core.filesystem.ContainerFilesystems.FilesystemStat;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.testkit.OpenDescriptors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Mount table changes found by {@code poll(2)} on held mountinfo descriptors, with the real dockerd: a
 * container whose mount table changes ({@code mount -t tmpfs} run inside it, hence
 * {@code --cap-add SYS_ADMIN}) is read again and its new mount measured in the next probe, while an unchanged
 * container's table is not read at all; descriptors are closed in the probe that no longer lists a
 * container or finds it gone, and by {@code close()}.
 *
 * <p>Same requirements and skip/fail policy as {@link DockerFilesystemsTest}; every container and volume
 * carries the label {@code container-netstat-test=1} and is removed afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerMountChangesTest {
  private static final long MIB = 1 << 20;

  private final String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
  private final String memoryVolume = "fsstat-poll-memvol-" + suffix;
  private final DockerCli cli = new DockerCli();
  private Container changing;
  private Container still;

  @BeforeAll
  void startContainers() throws Exception {
    DockerCli.requireOrSkip();
    docker("volume", "create", "--label", LABEL, "--driver", "local", "--opt", "type=tmpfs",
        "--opt", "device=tmpfs", "--opt", "o=size=16m", memoryVolume);
    // SYS_ADMIN to mount inside; AppArmor's docker-default profile (where it is on) refuses mount(2) even so.
    changing = cli.run("fsstat-poll-changing-" + suffix, "--network", "none", "--cap-add", "SYS_ADMIN",
        "--security-opt", "apparmor=unconfined");
    still = cli.run("fsstat-poll-still-" + suffix, "--network", "none", "-v", memoryVolume + ":/memvol");
  }

  @AfterAll
  void removeContainers() {
    cli.removeContainers();
    dockerQuietly("volume", "rm", "-f", memoryVolume);
  }

  @Test
  void aMountMadeInsideAContainerIsReadInTheNextProbeAndTheUnchangedTableIsNot() throws Exception {
    try (StatvfsFilesystemProbe probe = StatvfsFilesystemProbe.builder().build()) {
      assertThat(probe.changeDetection()).isEqualTo("poll");
      List<ContainerFilesystems> first = probe.probe(targets(changing, still));
      assertThat(first).hasSize(2);
      assertThat(probe.stats().mountinfoReads()).as("both read on first sight").isEqualTo(2);
      assertThat(probe.stats().watchedMountTables()).isEqualTo(2);

      probe.probe(targets(changing, still));
      probe.probe(targets(changing, still));
      assertThat(probe.stats().mountinfoReads()).as("nothing changed: nothing read").isEqualTo(2);
      assertThat(probe.stats().mountinfoPolls()).as("one poll per probe for both").isEqualTo(2);

      docker("exec", changing.name(), "sh", "-c", "mkdir -p /fsstat-poll && mount -t tmpfs -o size=8m tmpfs /fsstat-poll");
      try {
        List<ContainerFilesystems> after = probe.probe(targets(changing, still));

        assertThat(probe.stats().mountinfoReads()).as("only the changed table read").isEqualTo(3);
        assertThat(probe.stats().mountinfoParses()).isEqualTo(3);
        FilesystemStat added = byPoint(after.get(0), "/fsstat-poll");
        assertThat(added.fsType()).isEqualTo("tmpfs");
        assertThat(added.sizeBytes()).isEqualTo(8 * MIB);
        assertThat(added.error()).isNull();
        assertThat(points(after.get(1))).isEqualTo(points(first.get(1)));

        probe.probe(targets(changing, still));
        assertThat(probe.stats().mountinfoReads()).as("read once per change").isEqualTo(3);
      } finally {
        docker("exec", changing.name(), "umount", "/fsstat-poll");
      }
      List<ContainerFilesystems> unmounted = probe.probe(targets(changing, still));

      assertThat(points(unmounted.get(0))).doesNotContain("/fsstat-poll");
      assertThat(probe.stats().mountinfoReads()).isEqualTo(4);
    }
  }

  @Test
  void withoutPollingEveryTableIsReadOnEveryProbe() throws Exception {
    try (StatvfsFilesystemProbe probe = StatvfsFilesystemProbe.builder().pollMountinfo(false).build()) {
      assertThat(probe.changeDetection()).isEqualTo("read and compare (turned off)");
      probe.probe(targets(changing, still));
      probe.probe(targets(changing, still));
      probe.probe(targets(changing, still));

      assertThat(probe.stats().mountinfoReads()).isEqualTo(6);
      assertThat(probe.stats().mountinfoParses()).isEqualTo(2);
      assertThat(probe.stats().watchedMountTables()).isZero();
      assertThat(heldBy(changing)).isEmpty();
    }
  }

  @Test
  void aContainerNoLongerProbedHasItsDescriptorsClosedInThatProbe() {
    try (StatvfsFilesystemProbe probe = StatvfsFilesystemProbe.builder().build()) {
      probe.probe(targets(changing, still));
      assertThat(heldBy(still)).as("descriptors of the still container")
          .containsExactlyInAnyOrder(procFile(still, "comm"), procFile(still, "mountinfo"));

      probe.probe(targets(changing));

      assertThat(heldBy(still)).as("released in the probe that no longer lists it").isEmpty();
      assertThat(heldBy(changing)).hasSize(2);
      assertThat(probe.stats().watchedMountTables()).isEqualTo(1);
      probe.close();
      assertThat(heldBy(changing)).as("released by close()").isEmpty();
    }
  }

  @Test
  void aContainerRemovedWhileStillListedIsLeftOutAndReleased() throws Exception {
    Container doomed = cli.run("fsstat-poll-doomed-" + suffix, "--network", "none", "--tmpfs", "/scratch");
    try (StatvfsFilesystemProbe probe = StatvfsFilesystemProbe.builder().build()) {
      assertThat(probe.probe(targets(doomed, still))).hasSize(2);
      docker("rm", "-f", doomed.name());

      // A held descriptor still reads the namespace of the removed container: it pins it.
      List<ContainerFilesystems> result = probe.probe(targets(doomed, still));

      assertThat(result).extracting(r -> r.container().id()).containsExactly(still.id());
      assertThat(heldBy(doomed)).as("released in the probe that found it gone").isEmpty();
      assertThat(probe.stats().watchedMountTables()).isEqualTo(1);
    }
  }

  @Test
  void aSuperblockMadeReadOnlyOutsideTheContainerShowsThoughItsTableSendsNoEvent() throws Exception {
    String hostPath = docker("volume", "inspect", "-f", "{{.Mountpoint}}", memoryVolume).strip();
    try (StatvfsFilesystemProbe probe = StatvfsFilesystemProbe.builder().build()) {
      assertThat(byPoint(probe.probe(targets(still)).get(0), "/memvol").readOnly()).isFalse();
      long reads = probe.stats().mountinfoReads();

      // Remounting the tmpfs on the host changes its superblock, not the container's mount namespace.
      run("mount", "-o", "remount,ro", hostPath);
      try {
        FilesystemStat memvol = byPoint(probe.probe(targets(still)).get(0), "/memvol");

        assertThat(probe.stats().mountinfoReads()).as("no event, no read").isEqualTo(reads);
        assertThat(memvol.readOnly()).as("statvfs ST_RDONLY through the container's read-write mount").isTrue();
      } finally {
        run("mount", "-o", "remount,rw", hostPath);
      }
      assertThat(byPoint(probe.probe(targets(still)).get(0), "/memvol").readOnly()).isFalse();
    }
  }

  /** The targets of the containers, each its own namespace. */
  private static List<NetnsTarget> targets(Container... containers) {
    List<NetnsTarget> out = new ArrayList<>();
    for (Container c : containers) {
      out.add(new NetnsTarget(0, c.pid(), c.startTime(), false, c.id(), null, List.of(c)));
    }
    return out;
  }

  /** {@return which of the container's proc files this JVM holds open} */
  private static List<String> heldBy(Container c) {
    return OpenDescriptors.under("/proc/" + c.pid() + "/");
  }

  private static String procFile(Container c, String name) {
    return "/proc/" + c.pid() + "/" + name;
  }
}
