package io.containernetstat.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.Container;
import io.containernetstat.core.Container.Pod;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.Resolution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cgroup scan on podman's layout as measured with Debian's podman 4.3.1 (see
 * {@code src/test/resources/podman-4.3.1/README.md}): the storage files are the real ones, the cgroup
 * and proc trees reproduce what that podman made.
 */
class PodmanCgroupScanTest {
  static final String NONE = "64da8ef889aebae4d5fc611d18967e3b65a3578d33688513304fd5d95d62260f";
  static final String POD = "8ec0bde9bd035bfafce15e371d0fa73fb576fe45e6bf48d89f94dff606723b1d";
  static final String INFRA = "ededa1a54415ae3d6c4e15fac9d63327478c92de69355c745cbd395e8d0642ad";
  static final String A = "2ed421b2d97fe407b023dc10852a31c71218d973476bfabe94717fd237412e3d";
  static final String B = "88b02a2da98fea00d3f1cccedc4343face1e2ff7dd12510b8936982352112174";
  static final String BUSYBOX = "localhost/container-netstat-test/busybox:latest";

  @TempDir Path tmp;

  /** A cgroup driver's paths: podman's own cgroupfs manager, or systemd's. */
  record Layout(String driver, String container, String podContainer) {
    String container(String id) {
      return String.format(container, id);
    }

    String inPod(String id) {
      return String.format(podContainer, POD, id);
    }

    @Override
    public String toString() {
      return driver;
    }
  }

  static Stream<Arguments> layouts() {
    return Stream.of(
        Arguments.of(new Layout("cgroupfs (measured)", "/libpod_parent/libpod-%s", "/libpod_parent/%s/libpod-%s")),
        Arguments.of(new Layout("systemd", "/machine.slice/libpod-%s.scope",
            "/machine.slice/machine-libpod_pod_%s.slice/libpod-%s.scope")));
  }

  private FakeHost host(Layout l) {
    FakeHost host = FakeHost.v1(tmp, "memory", "pids", "systemd", "unified").podmanCapture("podman-4.3.1");
    host.container(l.container(NONE), 7001, "sleep", 25603, 5000)
        .container(l.inPod(INFRA), 7002, "catatonit", 23451, 4000)
        .container(l.inPod(A), 7002, "sleep", 23473, 4010)
        .container(l.inPod(B), 7002, "sleep", 23506, 4020);
    if (l.driver().startsWith("cgroupfs")) {
      // conmon's cgroups, beside the containers: never containers themselves
      host.container("/libpod_parent/conmon", FakeHost.HOST_NETNS, "conmon", 23349, 3999)
          .container("/libpod_parent/" + POD + "/conmon", FakeHost.HOST_NETNS, "conmon", 23440, 3998);
    } else {
      host.container("/machine.slice/libpod-conmon-" + NONE + ".scope", FakeHost.HOST_NETNS, "conmon", 23349, 3999);
    }
    return host;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void podmanContainersAreNamedAfterPodmanAndAPodIsOneNamespaceOwnedByItsInfraContainer(Layout l)
      throws Exception {
    Resolution r = new CgroupScanResolver(host(l).options().build()).resolve();

    assertThat(r.warnings()).isEmpty();
    assertThat(r.failed()).isEmpty();
    assertThat(r.namespaces()).extracting(NetnsTarget::netnsInode).containsExactly(7001L, 7002L);

    NetnsTarget none = r.namespaces().get(0);
    assertThat(none.owner()).isEqualTo(NONE);
    assertThat(none.pod()).isNull();
    assertThat(none.pid()).isEqualTo(25603);
    assertThat(none.containers()).singleElement().satisfies(c -> {
      assertThat(c.id()).isEqualTo(NONE);
      assertThat(c.name()).isEqualTo("cnt-none");
      assertThat(c.image()).isEqualTo(BUSYBOX);
      assertThat(c.runtime()).isEqualTo("podman");
      assertThat(c.labels()).containsEntry("container-netstat-test", "1");
      assertThat(c.sandbox()).isFalse();
    });

    NetnsTarget pod = r.namespaces().get(1);
    assertThat(pod.pod()).isEqualTo(new Pod("", "cnt-pod", POD));
    assertThat(pod.owner()).as("the infra container").isEqualTo(INFRA);
    assertThat(pod.pid()).isEqualTo(23451);
    assertThat(pod.containers()).extracting(Container::id).containsExactly(INFRA, A, B);
    assertThat(pod.containers()).extracting(Container::name).containsExactly("8ec0bde9bd03-infra", "cnt-pod-a", "cnt-pod-b");
    assertThat(pod.containers()).extracting(Container::image)
        .containsExactly("localhost/podman-pause:4.3.1-0", BUSYBOX, BUSYBOX);
    assertThat(pod.containers()).extracting(Container::runtime).containsOnly("podman");
    assertThat(pod.containers()).extracting(Container::sandbox).containsExactly(true, false, false);
    assertThat(pod.containers()).extracting(Container::podContainer).containsExactly(null, "cnt-pod-a", "cnt-pod-b");
    assertThat(pod.containers()).extracting(Container::pod).containsOnly(new Pod("", "cnt-pod", POD));
  }

  @Test
  void aContainerRestartedInPlaceIsReadThroughItsNewProcessInTheNextCycle() throws Exception {
    Layout l = (Layout) layouts().findFirst().orElseThrow().get()[0];
    FakeHost host = host(l);
    CgroupScanResolver resolver = new CgroupScanResolver(host.options().build());
    assertThat(resolver.resolve().namespaces().get(0).pid()).isEqualTo(25603);

    // podman restart: the process exits, the cgroup is removed and made again, a new process and netns
    host.exit(25603).removeCgroup(l.container(NONE)).container(l.container(NONE), 7003, "sleep", 26000, 6000);
    Resolution r = resolver.resolve();

    NetnsTarget t = r.namespaces().stream().filter(n -> n.owner().equals(NONE)).findFirst().orElseThrow();
    assertThat(t.pid()).isEqualTo(26000);
    assertThat(t.pidStartTime()).isEqualTo(6000);
    assertThat(t.netnsInode()).isEqualTo(7003);
    assertThat(t.containers()).singleElement().extracting(Container::name).isEqualTo("cnt-none");
    assertThat(r.namespaces()).extracting(NetnsTarget::netnsInode).doesNotContain(7001L);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenDatabases")
  void withoutLibpodsDatabaseNamesComeFromContainersJsonAndThePodFromItsCgroup(String why, byte[] db)
      throws Exception {
    Layout l = (Layout) layouts().findFirst().orElseThrow().get()[0];
    FakeHost host = host(l);
    Path bolt = host.podmanStorage.resolve("libpod/bolt_state.db");
    if (db == null) {
      Files.delete(bolt); // podman 5 keeps its state in SQLite (db.sql), which is not read
    } else {
      Files.write(bolt, db);
    }

    Resolution r = new CgroupScanResolver(host.options().build()).resolve();

    assertThat(r.warnings()).isEmpty();
    assertThat(r.namespaces().get(0).containers()).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("cnt-none");
      assertThat(c.image()).isEqualTo(BUSYBOX);
    });
    NetnsTarget pod = r.namespaces().get(1);
    assertThat(pod.pod()).as("the pod's id, no name").isEqualTo(new Pod("", "", POD));
    assertThat(pod.owner()).isEqualTo(INFRA);
    assertThat(pod.containers()).extracting(Container::name).containsExactly("8ec0bde9bd03-infra", "cnt-pod-a", "cnt-pod-b");
    assertThat(pod.containers()).extracting(Container::sandbox).containsExactly(true, false, false);
  }

  static Stream<Arguments> brokenDatabases() throws Exception {
    byte[] real = Files.readAllBytes(Path.of(PodmanCgroupScanTest.class.getResource(
        "/podman-4.3.1/libpod/bolt_state.db").toURI()));
    return Stream.of(
        Arguments.of("no bolt_state.db", null),
        Arguments.of("empty", new byte[0]),
        Arguments.of("truncated to its meta pages", java.util.Arrays.copyOf(real, 8192)),
        Arguments.of("garbage", "not a bbolt file at all, but long enough to hold a meta page....".repeat(100)
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
  }
}
