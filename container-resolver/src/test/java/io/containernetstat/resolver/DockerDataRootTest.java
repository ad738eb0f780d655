package io.containernetstat.resolver;

import static io.containernetstat.resolver.FakeHost.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.Container;
import io.containernetstat.core.Resolution;
import io.containernetstat.resolver.internal.DockerCallException;
import io.containernetstat.resolver.internal.DockerDataRoot;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which Docker data root the cgroup scan reads names from: the one given, else the daemon's
 * ({@code DockerRootDir}), else the default; and what it says when that directory is not there.
 */
class DockerDataRootTest {
  private static final String ID = id("web");

  @TempDir Path tmp;

  private final AtomicInteger asked = new AtomicInteger();

  /** A cgroup v2 host running Docker container {@link #ID}, named {@code web}, with its files in {@code dockerData}. */
  private FakeHost host() {
    return FakeHost.v2(tmp).container("/docker/" + ID, 5001, "nginx", 300, 1000)
        .dockerConfig(ID, "web", "nginx:1.27", Map.of("app", "web"), "bridge");
  }

  /** A daemon that states {@code root} and counts the calls. */
  private DockerDataRoot.Daemon states(String root) {
    return () -> {
      asked.incrementAndGet();
      return root;
    };
  }

  private DockerDataRoot.Daemon unreachable() {
    return () -> {
      asked.incrementAndGet();
      throw new DockerCallException(DockerCallException.Kind.UNREACHABLE, "no socket", null);
    };
  }

  /** The host's options, but asking the daemon first and falling back to {@code fallback}. */
  static ResolverOptions asking(FakeHost host, Path fallback) {
    ResolverOptions o = host.options().build();
    return new ResolverOptions(o.procRoot(), o.cgroupRoot(), o.cgroupHierarchy(), o.dockerHost(), fallback, true,
        o.containerdRoots(), o.crioRoots(), o.callTimeout(), o.mode(), o.dockerEvents(), o.dockerResync(),
        o.reprobeInterval());
  }

  private static Container only(Resolution r) {
    assertThat(r.namespaces()).hasSize(1);
    return r.namespaces().get(0).containers().get(0);
  }

  @Test
  void aDataRootGivenElsewhereNamesTheContainersWithoutAskingTheDaemon() throws Exception {
    FakeHost host = host();
    assertThat(host.dockerData).isNotEqualTo(ResolverOptions.DEFAULT_DOCKER_DATA_ROOT);
    try (CgroupScanResolver scan = new CgroupScanResolver(host.options().build(), states("/var/lib/docker"))) {
      Resolution r = scan.resolve();
      assertThat(r.warnings()).isEmpty();
      assertThat(only(r).name()).isEqualTo("web");
      assertThat(only(r).labels()).containsEntry("app", "web");
      assertThat(scan.dockerDataRoot()).hasValue(host.dockerData + " (given)");
    }
    assertThat(asked).hasValue(0);
  }

  @Test
  void aGivenDataRootThatIsNotADirectoryWarnsOnceAndTheScanNamesByIds() throws Exception {
    FakeHost host = host();
    Path missing = tmp.resolve("no/such/docker");
    try (CgroupScanResolver scan = new CgroupScanResolver(host.options().dockerDataRoot(missing).build(),
        states(host.dockerData.toString()))) {
      Resolution first = scan.resolve();
      assertThat(first.warnings()).singleElement().asString()
          .startsWith("Docker data root " + missing + " (given) is not a directory: Docker containers are named "
              + "by their 12-character ids");
      assertThat(only(first).name()).isEqualTo(ID.substring(0, 12));
      assertThat(only(first).runtime()).isEqualTo("docker");
      Resolution second = scan.resolve();
      assertThat(second.warnings()).as("warned once, not every cycle").isEmpty();
      assertThat(only(second).name()).isEqualTo(ID.substring(0, 12));
    }
    assertThat(asked).hasValue(0);
  }

  @Test
  void withNoDataRootGivenTheDaemonIsAskedOnceAndItsRootIsRead() throws Exception {
    FakeHost host = host();
    try (CgroupScanResolver scan = new CgroupScanResolver(asking(host, tmp.resolve("default-root")),
        states(host.dockerData.toString()))) {
      assertThat(only(scan.resolve()).name()).isEqualTo("web");
      assertThat(scan.dockerDataRoot()).hasValueSatisfying(d -> assertThat(d)
          .isEqualTo(host.dockerData + " (from the Docker daemon at " + host.options().build().dockerHost() + ")"));
      host.container("/docker/" + id("db"), 5002, "postgres", 400, 2000)
          .dockerConfig(id("db"), "db", "postgres:16", Map.of(), "bridge");
      Resolution r = scan.resolve();
      assertThat(r.namespaces()).hasSize(2);
      assertThat(r.warnings()).isEmpty();
    }
    assertThat(asked).as("one call, on the first scan").hasValue(1);
  }

  @Test
  void withNoDaemonAnsweringTheDefaultIsReadQuietly() throws Exception {
    FakeHost host = host();
    try (CgroupScanResolver scan = new CgroupScanResolver(asking(host, host.dockerData), unreachable())) {
      Resolution r = scan.resolve();
      assertThat(r.warnings()).isEmpty();
      assertThat(only(r).name()).isEqualTo("web");
      assertThat(scan.dockerDataRoot()).hasValueSatisfying(d -> assertThat(d)
          .isEqualTo(host.dockerData + " (the default; no socket)"));
    }
  }

  @Test
  void aDaemonThatDoesNotSayLeavesTheDefault() {
    FakeHost host = host();
    DockerDataRoot root = DockerDataRoot.choose(asking(host, host.dockerData), states(null));
    assertThat(root.path()).isEqualTo(host.dockerData);
    assertThat(root.warning()).isNull();
    assertThat(root.description()).contains("did not say");
  }

  @Test
  void aRootTheDaemonStatesButThisProcessCannotSeeFallsBackToTheDefaultWhenThatIsThere() throws Exception {
    FakeHost host = host();
    // an agent in a container: the host's /data/docker mounted at the default path
    try (CgroupScanResolver scan = new CgroupScanResolver(asking(host, host.dockerData),
        states(tmp.resolve("data/docker").toString()))) {
      Resolution r = scan.resolve();
      assertThat(r.warnings()).isEmpty();
      assertThat(only(r).name()).isEqualTo("web");
      assertThat(scan.dockerDataRoot()).hasValueSatisfying(d -> assertThat(d)
          .startsWith(host.dockerData + " (the default; the Docker daemon at ")
          .endsWith("keeps its data in " + tmp.resolve("data/docker") + ", which is not a directory here)"));
    }
  }

  @Test
  void aRootTheDaemonStatesButThisProcessCannotSeeIsAWarningWhenTheDefaultIsMissingToo() throws Exception {
    FakeHost host = host();
    Path stated = tmp.resolve("data/docker");
    try (CgroupScanResolver scan = new CgroupScanResolver(asking(host, tmp.resolve("default-root")),
        states(stated.toString()))) {
      Resolution r = scan.resolve();
      assertThat(r.warnings()).singleElement().asString()
          .contains("keeps its data in " + stated + ", which is not a directory here: Docker containers are named "
              + "by their 12-character ids; mount it");
      assertThat(only(r).name()).isEqualTo(ID.substring(0, 12));
    }
  }

  @Test
  void noDataRootReadsNoDockerFileAndAsksNothing() throws Exception {
    FakeHost host = host();
    try (CgroupScanResolver scan = new CgroupScanResolver(host.options().dockerDataRoot(null).build(),
        states(host.dockerData.toString()))) {
      Resolution r = scan.resolve();
      assertThat(r.warnings()).isEmpty();
      assertThat(only(r).name()).isEqualTo(ID.substring(0, 12));
    }
    assertThat(asked).hasValue(0);
  }
}
